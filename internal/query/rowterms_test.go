package query

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

// TestSearchRenderingsFromStoredTerms runs short searches on a generated
// corpus (and the bundled statements) two ways: reading the rows' stored
// terms, as a search does, and analysing the rows' texts, as the
// renderings did before ingest stored the terms. The renderings and the
// related forms must be equal; and each ranked row's stored terms, in
// each language, the tokens its analyzer makes of its text.
func TestSearchRenderingsFromStoredTerms(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 4,000-paragraph index of three shards")
	}
	x := collectCorpus(t)
	s := New(x, nil)
	ctx := context.Background()
	queries := []string{
		"nato", "cyber", "alliance", "threats", "ransomware", "security", "allies", "summit",
		"défense", "menaces", "sécurité", "otan", "alliés", "cyber threats", "member states",
		"nuclear deterrence", "china -alliance", "condemn malicious activities", "russia", "ukraine",
	}
	rendered, terms, related := 0, 0, 0
	for _, q := range queries {
		for _, langs := range [][]string{nil, {"en", "fr"}} {
			req := search.Request{Query: q, Langs: langs}
			got, err := s.Search(ctx, req)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			s.analyseRows = true
			want, err := s.Search(ctx, req)
			s.analyseRows = false
			if err != nil {
				t.Fatalf("%s, analysed: %v", q, err)
			}
			if !reflect.DeepEqual(got.Renderings, want.Renderings) {
				t.Errorf("%s %v: renderings from stored terms\n%+v\nfrom analysis\n%+v", q, langs, got.Renderings, want.Renderings)
			}
			if !reflect.DeepEqual(got.Related, want.Related) {
				t.Errorf("%s %v: related forms from stored terms\n%+v\nfrom analysis\n%+v", q, langs, got.Related, want.Related)
			}
			for _, r := range got.Renderings {
				terms += len(r.Terms)
			}
			if len(got.Renderings) > 0 {
				rendered++
			}
			related += len(got.Related)
		}
	}
	if rendered < len(queries)/2 || terms < 5*rendered || related < 5 {
		t.Fatalf("only %d searches had renderings, with %d terms, and %d related forms: the comparison exercises too little", rendered, terms, related)
	}

	// Row by row, in every language of the ranked rows.
	rd, err := openReaders(x)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	rows := 0
	langs := map[string]bool{}
	for _, q := range queries {
		clauses, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		rq, err := s.rowQuery(clauses, x.Languages(), search.Request{}, noSkip)
		if err != nil {
			t.Fatal(err)
		}
		rk, err := rd.rank(ctx, rq, renderingRows, false, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rk.hits {
			texts, enc, err := rd.stored(e)
			if err != nil {
				t.Fatal(err)
			}
			for lang, text := range texts {
				got, err := index.DecodeRowTerms(enc[lang], text)
				if err != nil {
					t.Fatalf("%s in %s: stored terms: %v", e.id, lang, err)
				}
				want := index.WholeTokens(x.Analyzer(lang), text)
				if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
					t.Fatalf("%s in %s: stored terms\n%v\nanalyser\n%v", e.id, lang, got, want)
				}
				langs[lang] = true
			}
			rows++
		}
	}
	if rows < 200 || len(langs) < 2 {
		t.Fatalf("compared %d rows in %d languages: too few", rows, len(langs))
	}
}

// writtenFormBefore is writtenForm as it was before its byte scans: the
// reference FuzzWrittenForm compares it with.
func writtenFormBefore(text, term string, tokStart, tokEnd int) (form string, start int, ok bool) {
	if tokStart < 0 || tokEnd > len(text) || tokStart >= tokEnd {
		return "", 0, false
	}
	form, start = text[tokStart:tokEnd], tokStart
	if !utf8.ValidString(form) {
		return "", 0, false
	}
	if !strings.ContainsAny(term, "'’") && strings.ContainsAny(form, "'’") {
		best, bestStart, bestN := "", 0, -1
		off := 0
		for _, part := range strings.FieldsFunc(form, isApostrophe) {
			i := strings.Index(form[off:], part) + off
			off = i + len(part)
			if n := sharedPrefix(foldForm(part), term); n > bestN {
				best, bestStart, bestN = part, start+i, n
			}
		}
		form, start = best, bestStart
	}
	r, _ := utf8.DecodeRuneInString(form)
	if sharedPrefix(foldForm(string(r)), term) == 0 {
		return "", 0, false
	}
	return form, start, true
}

// FuzzWrittenForm checks that writtenForm reads the word of a token as
// it did before its byte scans, whatever the text, term and offsets.
func FuzzWrittenForm(f *testing.F) {
	for _, s := range []struct {
		text, term string
		start, end int
	}{
		{"l’OTAN garde", "otan", 0, 8},
		{"NATO's plan", "nato", 0, 6},
		{"l'Union", "union", 0, 7},
		{"Élysée", "elysee", 0, 7},
		{"é’x", "x", 0, 6},
		{"rock’n’roll", "rock’n’roll", 0, 13},
		{"'", "a", 0, 1},
		{"\xe2\x80", "a", 0, 2},
		{"Zz", "z", 0, 2},
		{"Zz", "", 0, 2},
	} {
		f.Add(s.text, s.term, s.start, s.end)
	}
	f.Fuzz(func(t *testing.T, text, term string, start, end int) {
		gotForm, gotStart, gotOK := writtenForm(text, term, start, end)
		form, st, ok := writtenFormBefore(text, term, start, end)
		if gotForm != form || gotStart != st || gotOK != ok {
			t.Fatalf("writtenForm(%q, %q, %d, %d) = %q, %d, %v; before %q, %d, %v", text, term, start, end, gotForm, gotStart, gotOK, form, st, ok)
		}
	})
}
