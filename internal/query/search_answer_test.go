package query_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// answerCorpus is three invented statements in two years, by two issuers,
// with tags: enough to count facets by hand.
func answerCorpus() map[string]string {
	return map[string]string{
		"2019-05-01-maritime.txt": `---
title: {en: Statement on Maritime Security, fr: Déclaration sur la sûreté maritime}
date: 2019-05-01
issuer: North Atlantic Council
tags: [maritime, baltic]
---
[en]
1. NATO Allies will patrol the Baltic Sea together.
2. NATO ships will share their harbours.
3. The Allies welcome the progress made on maritime awareness.
[fr]
1. Les Alliés de l'OTAN patrouilleront ensemble en mer Baltique.
2. Les navires de l'OTAN partageront leurs ports.
3. Les Alliés saluent les progrès accomplis en matière de connaissance maritime.
`,
		"2021-03-02-cyber.txt": `---
title: {en: Cyber Defence Pledge Review, fr: Examen de l'engagement en faveur de la cyberdéfense}
date: 2021-03-02
issuer: North Atlantic Council
tags: [cyber]
---
[en]
1. NATO will review the pledge on cyber defence every year.
2. Allies will report their progress on cyber defence.
[fr]
1. L'OTAN examinera chaque année l'engagement en matière de cyberdéfense.
2. Les Alliés rendront compte de leurs progrès en matière de cyberdéfense.
`,
		"2021-06-14-ministers.txt": `---
title: {en: Defence Ministers' Meeting}
date: 2021-06-14
issuer: Defence Ministers
tags: [cyber, maritime]
---
[en]
1. Ministers discussed maritime patrols and cyber defence with NATO partners.
`,
	}
}

func TestFacetsByYearIssuerAndTag(t *testing.T) {
	s := query.New(indextest.Build(t, answerCorpus()), nil)
	tests := []struct {
		name                string
		req                 search.Request
		total               int
		years, issuer, tags map[string]int
	}{
		{"no filter", search.Request{Query: "NATO"}, 4,
			map[string]int{"2019": 2, "2021": 2}, map[string]int{"North Atlantic Council": 3, "Defence Ministers": 1}, map[string]int{"maritime": 3, "baltic": 2, "cyber": 2}},
		// Each facet counts as if its own filter were unset, and under
		// the others.
		{"issuer filter", search.Request{Query: "NATO", Issuer: "Defence Ministers"}, 1,
			map[string]int{"2021": 1}, map[string]int{"North Atlantic Council": 3, "Defence Ministers": 1}, map[string]int{"cyber": 1, "maritime": 1}},
		{"tag filter", search.Request{Query: "NATO", Tag: "maritime"}, 3,
			map[string]int{"2019": 2, "2021": 1}, map[string]int{"North Atlantic Council": 2, "Defence Ministers": 1}, map[string]int{"maritime": 3, "baltic": 2, "cyber": 2}},
		{"year filter", search.Request{Query: "NATO", From: day(2021, 1, 1), To: day(2021, 12, 31)}, 2,
			map[string]int{"2019": 2, "2021": 2}, map[string]int{"North Atlantic Council": 1, "Defence Ministers": 1}, map[string]int{"maritime": 1, "cyber": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.total {
				t.Errorf("Total = %d, want %d (%v)", res.Total, tt.total, rowKeys(res))
			}
			for _, f := range []struct {
				name string
				got  []search.FacetCount
				want map[string]int
			}{{"year", res.Facets.Years, tt.years}, {"issuer", res.Facets.Issuer, tt.issuer}, {"tag", res.Facets.Tag, tt.tags}} {
				if got := facetMap(f.got); !reflect.DeepEqual(got, f.want) {
					t.Errorf("%s facet = %v, want %v", f.name, got, f.want)
				}
			}
		})
	}
}

// Years spread over more than MaxYearFacets are counted by decade, each
// with the days it covers.
func TestDecades(t *testing.T) {
	files := map[string]string{}
	for _, y := range []int{1974, 1979, 1991, 2004} {
		files[fmt.Sprintf("s%d.txt", y)] = fmt.Sprintf("---\ntitle: {en: S}\ndate: %d-01-01\n---\n[en]\n1. The Council met.\n", y)
	}
	s := query.New(indextest.Build(t, files), nil)
	res, err := s.Search(context.Background(), search.Request{Query: "council"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Facets.Years) != 0 {
		t.Errorf("years = %v, want decades instead", res.Facets.Years)
	}
	if got, want := facetMap(res.Facets.Decades), map[string]int{"1970s": 2, "1990s": 1, "2000s": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("decades = %v, want %v", got, want)
	}
	if d := res.Facets.Decades[0]; d.Value != "2000s" || d.From != day(2000, 1, 1) || d.To != day(2009, 12, 31) {
		t.Errorf("first decade = %+v, want 2000s from 2000-01-01 to 2009-12-31, newest first", d)
	}
}

// A word of a title alone finds its statement, listed above the rows,
// and lifts that statement's rows.
func TestStatementsMatchByTheirDetails(t *testing.T) {
	s := query.New(indextest.Build(t, answerCorpus()), nil)
	res, err := s.Search(context.Background(), search.Request{Query: "pledge review"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Statements) != 1 || res.Statements[0].Statement.ID != "2021-03-02-cyber" || !reflect.DeepEqual(res.Statements[0].Fields, []string{"title"}) {
		t.Fatalf("statements = %+v, want the cyber pledge statement by its title", res.Statements)
	}
	res, err = s.Search(context.Background(), search.Request{Query: "Ministers"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Statements) != 1 || !reflect.DeepEqual(res.Statements[0].Fields, []string{"title", "issuer"}) {
		t.Errorf("statements = %+v, want the ministers' meeting by title and issuer", res.Statements)
	}
	res, err = s.Search(context.Background(), search.Request{Query: "baltic"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Statements) != 1 || res.Statements[0].Statement.ID != "2019-05-01-maritime" {
		t.Errorf("statements = %+v, want the maritime statement by its tag", res.Statements)
	}
	// Two rows of the same text: the one whose statement's title also
	// matches comes first, though its ID sorts last.
	s = query.New(indextest.Build(t, map[string]string{
		"aa-other.txt":  "---\ntitle: {en: Other business}\ndate: 2020-01-01\n---\n[en]\n1. The Council discussed the region.\n",
		"zz-arctic.txt": "---\ntitle: {en: Arctic statement}\ndate: 2020-01-01\n---\n[en]\n1. The Council discussed the region.\n",
	}), nil)
	res, err = s.Search(context.Background(), search.Request{Query: "arctic region"})
	if err != nil {
		t.Fatal(err)
	}
	if keys := rowKeys(res); !reflect.DeepEqual(keys, []string{"zz-arctic/1", "aa-other/1"}) {
		t.Errorf("rows = %v, want the Arctic statement's first (its title matches)", keys)
	}
}

// A short query's renderings in the other language: NATO is OTAN in the
// French of the rows that match it.
func TestSearchRenderings(t *testing.T) {
	s := query.New(indextest.Build(t, answerCorpus()), nil)
	res, err := s.Search(context.Background(), search.Request{Query: "NATO"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Renderings) != 1 || res.Renderings[0].Lang != "fr" || len(res.Renderings[0].Terms) == 0 {
		t.Fatalf("renderings = %+v, want French", res.Renderings)
	}
	if first := res.Renderings[0].Terms[0]; first.Text != "OTAN" || first.Rows != 3 {
		t.Errorf("first French rendering = %+v, want OTAN in the 3 French rows", first)
	}
	// A query that matches in both languages alike renders in neither.
	res, err = s.Search(context.Background(), search.Request{Query: "maritime"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Renderings) != 0 {
		t.Errorf("renderings of maritime = %+v, want none (it matches in French too)", res.Renderings)
	}
}

// A query made of stop words in the languages searched says so.
func TestStopWords(t *testing.T) {
	s := query.New(indextest.Build(t, answerCorpus()), nil)
	res, err := s.Search(context.Background(), search.Request{Query: "the", Langs: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || !reflect.DeepEqual(res.StopWords, []string{"the"}) {
		t.Errorf("Total %d, stop words %v; want 0 and [the]", res.Total, res.StopWords)
	}
}

// A misspelt word that matches nothing in English gets the English word
// it was meant to be, with the query rewritten.
func TestSuggestions(t *testing.T) {
	s := query.New(indextest.Build(t, answerCorpus()), nil)
	res, err := s.Search(context.Background(), search.Request{Query: "+Alies +Baltic"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Suggestions) != 1 {
		t.Fatalf("suggestions = %+v, want one", res.Suggestions)
	}
	if sg := res.Suggestions[0]; sg.Word != "Alies" || sg.Instead != "allies" || sg.Query != "+allies +Baltic" || sg.WordRows != 0 || sg.Rows != 3 || sg.Lang != "en" {
		t.Errorf("suggestion = %+v, want Alies → allies (3 English rows) in +allies +Baltic", sg)
	}
	res, err = s.Search(context.Background(), search.Request{Query: "allies"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Suggestions) != 0 {
		t.Errorf("suggestions for a word that matches = %+v, want none", res.Suggestions)
	}
}

// TestStatementsFilteredByLanguage: with a language filter, the statements
// listed are those with text in one of the languages, as the rows are.
func TestStatementsFilteredByLanguage(t *testing.T) {
	idx := indextest.Build(t, map[string]string{
		"2020-01-01-both.txt": "---\ntitle: {en: \"Harbour security\", fr: \"Sécurité des ports\"}\ndate: 2020-01-01\n---\n[en]\n1. Harbours matter.\n[fr]\n1. Les ports comptent.\n",
		"2020-02-01-en.txt":   "---\ntitle: {en: \"Harbour resilience\"}\ndate: 2020-02-01\n---\n[en]\n1. Harbours endure.\n",
		"2020-03-01-de.txt":   "---\ntitle: {de: \"Harbour Hafen\"}\ndate: 2020-03-01\n---\n[de]\n1. Häfen zählen.\n",
	})
	s := query.New(idx, nil)
	for _, tt := range []struct {
		langs []string
		want  []string
	}{
		{nil, []string{"2020-01-01-both", "2020-02-01-en", "2020-03-01-de"}},
		{[]string{"en"}, []string{"2020-01-01-both", "2020-02-01-en"}},
		{[]string{"fr"}, []string{"2020-01-01-both"}},
		{[]string{"de", "fr"}, []string{"2020-01-01-both", "2020-03-01-de"}},
	} {
		res, err := s.Search(context.Background(), search.Request{Query: "harbour", Langs: tt.langs})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Statements {
			got = append(got, h.Statement.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) || res.StatementTotal != len(tt.want) {
			t.Errorf("langs %v: statements %v (total %d), want %v", tt.langs, got, res.StatementTotal, tt.want)
		}
	}
}
