package search

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"statementarchive/internal/fault"
)

func TestParseTrendTerms(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  []string
		err   string // part of the refusal, or "" for terms
	}{
		{"one term", "cyber", []string{"cyber"}, ""},
		{"two terms", "cyber | terrorism", []string{"cyber", "terrorism"}, ""},
		{"no spaces", "cyber|terrorism", []string{"cyber", "terrorism"}, ""},
		{"terms of several words", `+cyber +defence | "hybrid threats" | cyber* -china`, []string{"+cyber +defence", `"hybrid threats"`, "cyber* -china"}, ""},
		{"a | inside a phrase", `"either | or" | cyber`, []string{`"either | or"`, "cyber"}, ""},
		{"four terms", "a1 | b2 | c3 | d4", []string{"a1", "b2", "c3", "d4"}, ""},
		{"a repeated term counts once", "cyber | terrorism | cyber", []string{"cyber", "terrorism"}, ""},
		{"five terms", "a1 | b2 | c3 | d4 | e5", nil, "at most 4 (MaxTrendTerms)"},
		{"an empty term at the end", "cyber |", nil, "term 2 of 2 is empty"},
		{"an empty term between", "cyber || terrorism", nil, "term 2 of 3 is empty"},
		{"nothing", "  ", nil, "type a word"},
		{"only a bar", "|", nil, "term 1 of 2 is empty"},
		{"a term of excluded words", "cyber | -china", nil, "nothing to look for"},
		{"a term the query syntax refuses", "cyber | lang:fr", nil, "searching a field"},
		{"an unclosed phrase", `cyber | "hybrid`, nil, "never closed"},
		{"too long", strings.Repeat("a", MaxQueryLength+1), nil, "the limit is 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTrendTerms(tt.query)
			if tt.err == "" {
				if err != nil || !reflect.DeepEqual(got, tt.want) {
					t.Errorf("ParseTrendTerms(%q) = %q, %v; want %q", tt.query, got, err, tt.want)
				}
				return
			}
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || !strings.Contains(fe.Msg, tt.err) {
				t.Errorf("ParseTrendTerms(%q) = %q, %v; want a fault.Invalid error saying %q", tt.query, got, err, tt.err)
			}
		})
	}
}

func TestParseTrendValues(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		terms   []string
		perLang bool
		norm    bool
		err     string
	}{
		{"terms and filters", "q=cyber|terrorism&lang=en&issuer=North+Atlantic+Council", []string{"cyber", "terrorism"}, false, false, ""},
		{"normalised, per language", "q=cyber&normalise=1&per_lang=1", []string{"cyber"}, true, true, ""},
		{"a checkbox's on", "q=cyber&normalise=on", []string{"cyber"}, false, true, ""},
		{"explicitly not", "q=cyber&normalise=0&per_lang=false", []string{"cyber"}, false, false, ""},
		{"no query: the form alone", "normalise=1", nil, false, true, ""},
		{"a bad flag", "q=cyber&normalise=maybe", nil, false, false, "normalise must be 1 (yes) or 0 (no)"},
		{"a bad search value", "q=cyber&from=yesterday", nil, false, false, "from must be a day"},
		{"too many terms", "q=a1|b2|c3|d4|e5", nil, false, false, "at most 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := ParseTrendValues(v)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("ParseTrendValues(%s) = %v, want an error saying %q", tt.query, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTrendValues(%s) = %v", tt.query, err)
			}
			if !reflect.DeepEqual(tr.Terms, tt.terms) || tr.PerLang != tt.perLang || tr.Normalise != tt.norm {
				t.Errorf("ParseTrendValues(%s) = terms %q, per_lang %v, normalise %v; want %q, %v, %v", tt.query, tr.Terms, tr.PerLang, tr.Normalise, tt.terms, tt.perLang, tt.norm)
			}
			// Its values read back as the same trend: links built from
			// them keep every filter and option.
			again, err := ParseTrendValues(tr.Values())
			if err != nil || !reflect.DeepEqual(again, tr) {
				t.Errorf("values %s read back as %+v, %v; want %+v", tr.Values().Encode(), again, err, tr)
			}
		})
	}
}

// A trend's values leave out the page: a trend has none, and a link from
// a search's second page starts none.
func TestTrendValuesDropThePage(t *testing.T) {
	tr := TrendRequest{Request: Request{Query: "cyber", Page: 3, PerPage: 20}, Normalise: true}
	if got, want := tr.Values().Encode(), "normalise=1&per_page=20&q=cyber"; got != want {
		t.Errorf("Values = %s, want %s", got, want)
	}
}

// ParseTrendTerms never panics; the terms it gives are trimmed, at most
// MaxTrendTerms, each a query ParseQuery reads, and joined they read back
// as the same terms.
func FuzzParseTrendTerms(f *testing.F) {
	for _, s := range []string{"cyber | terrorism", `"a | b" | c`, "a|b|c|d", "a|b|c|d|e", "|", `"|`, "-x | y", "cyber* | +a -b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms, err := ParseTrendTerms(q)
		if err != nil {
			if fault.KindOf(err) != fault.Invalid {
				t.Fatalf("ParseTrendTerms(%q) = %v, want a fault.Invalid error", q, err)
			}
			return
		}
		if len(terms) == 0 || len(terms) > MaxTrendTerms {
			t.Fatalf("ParseTrendTerms(%q) = %d terms", q, len(terms))
		}
		for _, term := range terms {
			if term != strings.TrimSpace(term) || term == "" {
				t.Fatalf("ParseTrendTerms(%q) gave the untrimmed term %q", q, term)
			}
			if _, err := ParseQuery(term); err != nil {
				t.Fatalf("ParseTrendTerms(%q) gave %q, which ParseQuery refuses: %v", q, term, err)
			}
		}
		again, err := ParseTrendTerms(JoinTerms(terms))
		if err != nil || !reflect.DeepEqual(again, terms) {
			t.Fatalf("ParseTrendTerms(%q) = %q; joined, they read back as %q, %v", q, terms, again, err)
		}
	})
}
