package index

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"statementarchive/internal/search"
)

// rowTermTexts are texts of several scripts with what the analyzers cut,
// elide, fold or drop: possessives, elisions, footnote references,
// accents, CJK, stop words only, and nothing.
var rowTermTexts = []string{
	"NATO's Allies said: « l’OTAN et l'Union européenne réaffirment leur engagement » in 2024.",
	"Die Bündnispartner bekräftigen ihre Verpflichtung; los aliados reafirman su compromiso[^1].",
	"Союзники подтверждают свои обязательства. 北约盟国重申承诺。 NATO-Verbündete, e-mail, cyber/hybrid.",
	"The Allies, the Allies' plans and THE ALLIES: running runs ran, réaffirmons réaffirmé.",
	"the of and",
	"",
}

// analyserLangs returns every language the archive has an analyzer of its
// own for, and one it has not ("xx").
func analyserLangs() []string {
	var langs []string
	for lang := range bleveAnalyzers {
		langs = append(langs, lang)
	}
	for lang := range stopOnly {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	return append(langs, "xx")
}

// TestRowTermsMatchAnalyzer checks, in every language, that the terms
// ingest stores for a row are the tokens the whole analyzer makes of its
// text once decoded, also when the ingest's memo of filtered words starts
// again in mid-text.
func TestRowTermsMatchAnalyzer(t *testing.T) {
	m, err := newMapping([]string{"en"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range analyserLangs() {
		t.Run(lang, func(t *testing.T) {
			an := m.AnalyzerNamed(AnalyzerName(lang))
			if an == nil {
				t.Fatalf("no analyzer %s", AnalyzerName(lang))
			}
			for _, maxMemo := range []int{maxRowAnalyserMemo, 2} {
				ra := newRowAnalyser(an)
				ra.maxMemo = maxMemo
				for _, text := range rowTermTexts {
					want := wholeTokens(an, text)
					got := ra.tokens(text)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("memo of %d: tokens(%q) = %v, want %v", maxMemo, text, got, want)
					}
					if ra.memo != nil && len(ra.memo.memo) > maxMemo+len(want)+16 {
						t.Errorf("memo of %d holds %d words", maxMemo, len(ra.memo.memo))
					}
					dec, err := decodeRowTerms(encodeRowTerms(text, got), text)
					if err != nil {
						t.Fatalf("decode %q: %v", text, err)
					}
					if len(dec) != len(want) || len(want) > 0 && !reflect.DeepEqual(dec, want) {
						t.Errorf("decoded %q = %v, want %v", text, dec, want)
					}
				}
			}
		})
	}
}

// TestRowAnalyserMemoBounded checks that the ingest's memo of filtered
// words does not grow past its bound however many distinct words it sees.
func TestRowAnalyserMemoBounded(t *testing.T) {
	m, err := newMapping([]string{"fr"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	an := m.AnalyzerNamed(AnalyzerName("fr"))
	ra := newRowAnalyser(an)
	ra.maxMemo = 100
	most := 0
	for i := range 50 {
		var b strings.Builder
		for j := range 20 {
			fmt.Fprintf(&b, "mot%dx%d ", i, j)
		}
		text := b.String()
		if got, want := ra.tokens(text), wholeTokens(an, text); !reflect.DeepEqual(got, want) {
			t.Fatalf("text %d: tokens = %v, want %v", i, got, want)
		}
		most = max(most, len(ra.memo.memo))
	}
	// The bound is checked before each text: one text's words past it.
	if most > ra.maxMemo+20+1 {
		t.Errorf("the memo held %d words, bound %d", most, ra.maxMemo)
	}
	if most < ra.maxMemo {
		t.Errorf("the memo held at most %d words: the bound of %d was never reached", most, ra.maxMemo)
	}
}

// TestRowTermsEncoding checks what encodeRowTerms writes of a text: a
// term shares the letters of its first token's text, lower-cased, so that
// only the rest is written, and it decodes back.
func TestRowTermsEncoding(t *testing.T) {
	text := "l’OTAN et les Alliés de l'OTAN"
	toks := []rowToken{{"otan", 0, 8}, {"allie", 16, 23}, {"otan", 27, 33}}
	enc := encodeRowTerms(text, toks)
	want := "\x01" +
		"\x00\x00\x10" + "\x00\x04otan" + // "l’OTAN" shares nothing: "otan" written whole
		"\x01\x20\x0e" + "\x04\x01e" + // "Alli" shared, "e" written
		"\x00\x16\x0c" // otan again: its index alone
	if enc != want {
		t.Errorf("encodeRowTerms = %q, want %q", enc, want)
	}
	got, err := decodeRowTerms(enc, text)
	if err != nil || !reflect.DeepEqual(got, toks) {
		t.Errorf("decodeRowTerms = %v, %v; want %v", got, err, toks)
	}
	// Decoding with another text is refused where the shared letters
	// are not ASCII letters, and reads that text's letters where they are.
	if got, err := decodeRowTerms(enc, "l’OTAN et les Élysées de"); err == nil {
		t.Errorf("decodeRowTerms with a text whose shared letters are not ASCII = %v, want an error", got)
	}
}

// TestDecodeRowTermsMalformed checks that bytes encodeRowTerms did not
// write are refused, not read past their end.
func TestDecodeRowTermsMalformed(t *testing.T) {
	text := "l’OTAN et les Alliés de l'OTAN"
	good := encodeRowTerms(text, []rowToken{{"otan", 0, 8}, {"allie", 16, 23}, {"otan", 27, 33}})
	for _, tt := range []struct {
		name, enc string
	}{
		{"empty", ""},
		{"another version", "\x02" + good[1:]},
		{"a term index past the terms", "\x01\x01\x00\x02"},
		{"a token cut short", good[:len(good)-1]},
		{"a term's rest past the end", "\x01\x00\x00\x02\x00\x09ab"},
		{"shared letters past the text", "\x01\x00\x3c\x02\x04\x00"},
		{"shared letters before the text", "\x01\x00\x01\x02\x01\x00"},
		{"an offset past the bound", "\x01\x00\xff\xff\xff\xff\xff\xff\xff\x01\x02\x00\x00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if toks, err := decodeRowTerms(tt.enc, text); err == nil {
				t.Errorf("decodeRowTerms(%q) = %v, want an error", tt.enc, toks)
			}
		})
	}
}

// FuzzDecodeRowTerms checks that any bytes decode without a panic, and
// that what decodes encodes back to what decodes the same.
func FuzzDecodeRowTerms(f *testing.F) {
	text := "l’OTAN et les Alliés de l'OTAN"
	f.Add(encodeRowTerms(text, []rowToken{{"otan", 0, 8}, {"allie", 16, 23}, {"otan", 27, 33}}), text)
	f.Add(encodeRowTerms("", nil), "")
	f.Add("\x01\x00\x7f\x01\x00\x01a", "x")
	f.Fuzz(func(t *testing.T, enc, text string) {
		toks, err := decodeRowTerms(enc, text)
		if err != nil {
			return
		}
		again, err := decodeRowTerms(encodeRowTerms(text, toks), text)
		if err != nil || len(again) != len(toks) || len(toks) > 0 && !reflect.DeepEqual(again, toks) {
			t.Fatalf("%q decodes to %v, which encodes to what decodes to %v, %v", enc, toks, again, err)
		}
	})
}

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
	s := NewSearcher(x, nil)
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
			x.analyseRows = true
			want, err := s.Search(ctx, req)
			x.analyseRows = false
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
	rd, err := x.readers()
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
		rk, err := rd.rank(ctx, rq, renderingRows, false, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rk.hits {
			texts, enc, err := rd.stored(e)
			if err != nil {
				t.Fatal(err)
			}
			for lang, text := range texts {
				got, err := decodeRowTerms(enc[lang], text)
				if err != nil {
					t.Fatalf("%s in %s: stored terms: %v", e.id, lang, err)
				}
				want := wholeTokens(x.Analyzer(lang), text)
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
