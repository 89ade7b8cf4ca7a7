package index

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
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
					want := WholeTokens(an, text)
					got := ra.tokens(text)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("memo of %d: tokens(%q) = %v, want %v", maxMemo, text, got, want)
					}
					if ra.memo != nil && len(ra.memo.memo) > maxMemo+len(want)+16 {
						t.Errorf("memo of %d holds %d words", maxMemo, len(ra.memo.memo))
					}
					dec, err := DecodeRowTerms(encodeRowTerms(text, got), text)
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
		if got, want := ra.tokens(text), WholeTokens(an, text); !reflect.DeepEqual(got, want) {
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
	toks := []Token{{"otan", 0, 8}, {"allie", 16, 23}, {"otan", 27, 33}}
	enc := encodeRowTerms(text, toks)
	want := "\x01" +
		"\x00\x00\x10" + "\x00\x04otan" + // "l’OTAN" shares nothing: "otan" written whole
		"\x01\x20\x0e" + "\x04\x01e" + // "Alli" shared, "e" written
		"\x00\x16\x0c" // otan again: its index alone
	if enc != want {
		t.Errorf("encodeRowTerms = %q, want %q", enc, want)
	}
	got, err := DecodeRowTerms(enc, text)
	if err != nil || !reflect.DeepEqual(got, toks) {
		t.Errorf("decodeRowTerms = %v, %v; want %v", got, err, toks)
	}
	// Decoding with another text is refused where the shared letters
	// are not ASCII letters, and reads that text's letters where they are.
	if got, err := DecodeRowTerms(enc, "l’OTAN et les Élysées de"); err == nil {
		t.Errorf("decodeRowTerms with a text whose shared letters are not ASCII = %v, want an error", got)
	}
}

// TestDecodeRowTermsMalformed checks that bytes encodeRowTerms did not
// write are refused, not read past their end.
func TestDecodeRowTermsMalformed(t *testing.T) {
	text := "l’OTAN et les Alliés de l'OTAN"
	good := encodeRowTerms(text, []Token{{"otan", 0, 8}, {"allie", 16, 23}, {"otan", 27, 33}})
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
			if toks, err := DecodeRowTerms(tt.enc, text); err == nil {
				t.Errorf("DecodeRowTerms(%q) = %v, want an error", tt.enc, toks)
			}
		})
	}
}

// FuzzDecodeRowTerms checks that any bytes decode without a panic, and
// that what decodes encodes back to what decodes the same.
func FuzzDecodeRowTerms(f *testing.F) {
	text := "l’OTAN et les Alliés de l'OTAN"
	f.Add(encodeRowTerms(text, []Token{{"otan", 0, 8}, {"allie", 16, 23}, {"otan", 27, 33}}), text)
	f.Add(encodeRowTerms("", nil), "")
	f.Add("\x01\x00\x7f\x01\x00\x01a", "x")
	f.Fuzz(func(t *testing.T, enc, text string) {
		toks, err := DecodeRowTerms(enc, text)
		if err != nil {
			return
		}
		again, err := DecodeRowTerms(encodeRowTerms(text, toks), text)
		if err != nil || len(again) != len(toks) || len(toks) > 0 && !reflect.DeepEqual(again, toks) {
			t.Fatalf("%q decodes to %v, which encodes to what decodes to %v, %v", enc, toks, again, err)
		}
	})
}
