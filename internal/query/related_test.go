package query_test

import (
	"context"
	"reflect"
	"testing"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// Snowball's English stemmer keeps "terrorism" (terror) and "terrorist(s)"
// (terrorist) apart: a search of one offers the other, from the index's
// own dictionary, as the texts write it, each a rewritten query. French
// keeps "terrorisme" and "terroristes" apart likewise.
func TestSearchRelated(t *testing.T) {
	s := query.New(indextest.Build(t, oneStatement), nil)
	tests := []struct {
		name string
		req  search.Request
		want []search.Related
	}{
		{"English and French", search.Request{Query: "terrorism"}, []search.Related{
			{Lang: "en", Word: "terrorism", Forms: []search.RelatedForm{{Text: "terrorist", Rows: 2, Query: "terrorist"}}},
			{Lang: "fr", Word: "terrorism", Forms: []search.RelatedForm{{Text: "terroriste", Rows: 2, Query: "terroriste"}}},
		}},
		{"English chosen, the rest of the query kept", search.Request{Query: "+terrorists -vote", Langs: []string{"en"}}, []search.Related{
			{Lang: "en", Word: "terrorists", Forms: []search.RelatedForm{{Text: "terrorism", Rows: 1, Query: "+terrorism -vote"}}},
		}},
		{"a form the query asks for already", search.Request{Query: "terrorism terrorists", Langs: []string{"en"}}, nil},
		{"a word with no other form", search.Request{Query: "engineers"}, nil},
		{"a word of four letters", search.Request{Query: "vote"}, nil},
		{"a phrase", search.Request{Query: `"terrorism has"`}, nil},
		{"a prefix", search.Request{Query: "terror*"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Related, tt.want) {
				t.Errorf("Search(%q).Related = %+v, want %+v", tt.req.Query, res.Related, tt.want)
			}
		})
	}
	// Page 2 is read for its rows only.
	res, err := s.Search(context.Background(), search.Request{Query: "terrorism", Page: 2, PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Related) != 0 {
		t.Errorf("page 2 has related forms %+v, want none", res.Related)
	}
}

// RelatedWord keeps at most its limit of forms, the most frequent first,
// each as the texts write it most often, and nothing for what it cannot
// read.
func TestRelatedWord(t *testing.T) {
	idx := indextest.Build(t, map[string]string{"2024-04-02-forms.txt": `---
title: {en: Forms}
date: 2024-04-02
---
[en]
1. Terrorism and terror spread fear.
2. Terrorists were arrested; a terrorist was tried.
3. Terrorist networks recruit online.
4. Gangs terrorise villages, terrorising farmers.
5. Demographic change is slow.
6. We deter aggression; deterrence works; the outcome is not deterministic.
`})
	forms := func(r search.Related) []string {
		var out []string
		for _, f := range r.Forms {
			out = append(out, f.Text)
		}
		return out
	}
	tests := []struct {
		name, lang, word string
		limit            int
		want             []string
	}{
		{"most rows first", "en", "terrorism", 4, []string{"terrorist", "terrorise"}},
		{"a limit", "en", "terrorism", 1, []string{"terrorist"}},
		{"from a longer term", "en", "terrorists", 4, []string{"terror", "terrorise"}},
		// "determinist" shares all of "deter" but is 6 letters longer: a
		// word of its own, not a form.
		{"a shorter term", "en", "deter", 4, []string{"deterrence"}},
		{"a word sharing four letters only", "en", "demographic", 4, nil},
		{"no limit", "en", "terrorism", 0, nil},
		{"a word no row holds", "en", "terrorismus", 4, nil},
		{"an unknown language", "de", "terrorism", 4, nil},
		{"a stop word", "en", "the", 4, nil},
		{"two words", "en", "terror fear", 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := query.New(idx, nil).RelatedWord(context.Background(), tt.lang, tt.word, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (len(tt.want) > 0) || !reflect.DeepEqual(forms(got), tt.want) {
				t.Errorf("RelatedWord(%q, %q, %d) = %q, %v; want %q", tt.lang, tt.word, tt.limit, forms(got), ok, tt.want)
			}
		})
	}
}

// BenchmarkSearchAids measures what the search aids cost on the
// benchmark index (BenchmarkRequestShapes's): a whole search, then the
// related forms and the suggestion of its word alone, each reported as a
// share of the search (x-search).
//
//	go test -run '^$' -bench SearchAids -benchtime 20x ./internal/index
func BenchmarkSearchAids(b *testing.B) {
	idx := benchIndex(b)
	s := query.New(idx, nil)
	ctx := context.Background()
	for _, q := range []string{"terrorism", "cyber", "ransomwre", "infrastucture"} {
		var searchNs float64
		b.Run(q+"/search", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(ctx, search.Request{Query: q}); err != nil {
					b.Fatal(err)
				}
			}
			searchNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		})
		b.Run(q+"/related", func(b *testing.B) {
			for b.Loop() {
				for _, l := range []string{"en", "fr"} {
					if _, _, err := query.New(idx, nil).RelatedWord(ctx, l, q, query.RelatedForms); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/searchNs, "x-search")
		})
		b.Run(q+"/nearest", func(b *testing.B) {
			for b.Loop() {
				for _, l := range []string{"en", "fr"} {
					if _, _, err := query.New(idx, nil).NearestWord(ctx, l, q); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/searchNs, "x-search")
		})
	}
}
