package query_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/fault"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// corpus is the seed plus statements that exercise what the seed cannot:
// other dates and issuers, an undated raw statement, and hostile text.
const seedID = indextest.SeedID

func corpus(t testing.TB) map[string]string {
	return map[string]string{
		seedID + ".txt": indextest.Seed(t),
		"2024-07-10-summit.txt": `---
title: {en: Washington Summit Declaration, fr: Déclaration du sommet de Washington}
date: 2024-07-10
issuer: Heads of State and Government
---
[en]
1. We reaffirm our commitment to collective defence and cyber defence.
2. Hostile text: <script>alert("x")</script> and "><img src=x onerror=alert(1)> in a security paragraph.
[fr]
1. Nous réaffirmons notre attachement à la défense collective et à la cyberdéfense.
2. Texte hostile : <script>alert("x")</script> et la sécurité.
`,
		"1999-04-24-washington.txt": `---
title: {en: The Alliance's Strategic Concept}
date: 1999-04-24
issuer: North Atlantic Council
---
[en]
1. The Alliance's security remains subject to a wide variety of risks.
`,
	}
}

func newEngine(t *testing.T) *query.Engine {
	t.Helper()
	return query.New(indextest.Build(t, corpus(t)), nil)
}

// rowKeys names each row as statement/ref, in order.
func rowKeys(res *search.Result) []string {
	var out []string
	for _, r := range res.Rows {
		out = append(out, fmt.Sprintf("%s/%s", r.Statement.ID, r.Ref))
	}
	return out
}

func TestSearch(t *testing.T) {
	s := newEngine(t)
	tests := []struct {
		name  string
		req   search.Request
		want  []string // hits, in any order unless ordered
		order bool
	}{
		{name: "English stem", req: search.Request{Query: "ransomware"}, want: []string{seedID + "/1"}},
		{name: "French stem", req: search.Request{Query: "rançonneur"}, want: []string{seedID + "/1"}},
		{name: "phrase", req: search.Request{Query: `"Cyber Defence Pledge"`}, want: []string{seedID + "/2"}},
		{name: "phrase, any case", req: search.Request{Query: `"cyber defence pledge"`}, want: []string{seedID + "/2"}},
		{name: "phrase in the wrong order", req: search.Request{Query: `"Pledge Defence Cyber"`}, want: nil},
		{name: "accents ignored", req: search.Request{Query: "securite"}, want: []string{seedID + "/1", seedID + "/2", seedID + "/3", "2024-07-10-summit/2"}},
		{name: "accents given", req: search.Request{Query: "sécurité"}, want: []string{seedID + "/1", seedID + "/2", seedID + "/3", "2024-07-10-summit/2"}},
		{name: "accents ignored in a compound", req: search.Request{Query: "cyberdefense"}, want: []string{seedID + "/2", "2024-07-10-summit/1"}},
		{name: "English plural by stem", req: search.Request{Query: "threat", Langs: []string{"en"}}, want: []string{seedID + "/1", seedID + "/2", seedID + "/3"}},
		{name: "required words", req: search.Request{Query: "+China +Exchange"}, want: []string{seedID + "/3"}},
		{name: "exclusion", req: search.Request{Query: "threats -China", Langs: []string{"en"}}, want: []string{seedID + "/1", seedID + "/2"}},
		{name: "excluded phrase", req: search.Request{Query: `defence -"Cyber Defence Pledge"`, Langs: []string{"en"}}, want: []string{"2024-07-10-summit/1"}},
		{name: "prefix", req: search.Request{Query: "cybermen*"}, want: []string{seedID + "/1", seedID + "/2"}},
		{name: "prefix ignores accents and meets the stemmer", req: search.Request{Query: "reaffirm*", Langs: []string{"fr"}}, want: []string{seedID + "/2", seedID + "/3", "2024-07-10-summit/1"}},
		{name: "language filter", req: search.Request{Query: "securite", Langs: []string{"en"}}, want: nil},
		{name: "issuer filter", req: search.Request{Query: "Alliance", Issuer: "North Atlantic Council", Langs: []string{"en"}}, want: []string{seedID + "/1", seedID + "/2", seedID + "/3", seedID + "/4", "1999-04-24-washington/1"}},
		{name: "date range, both days included", req: search.Request{Query: "Alliance", From: day(1999, 4, 24), To: day(2021, 7, 19), Langs: []string{"en"}}, want: []string{seedID + "/1", seedID + "/2", seedID + "/3", seedID + "/4", "1999-04-24-washington/1"}},
		{name: "date range from", req: search.Request{Query: "Alliance", From: day(1999, 4, 25)}, want: []string{seedID + "/1", seedID + "/2", seedID + "/3", seedID + "/4"}},
		{
			name: "newest first, undated last", order: true,
			req:  search.Request{Query: "security", Langs: []string{"en"}, Sort: search.SortDate},
			want: []string{"2024-07-10-summit/2", seedID + "/1", seedID + "/2", seedID + "/3", seedID + "/4", "1999-04-24-washington/1"},
		},
		{name: "a stop word alone matches nothing in English", req: search.Request{Query: "the", Langs: []string{"en"}}, want: nil},
		{name: "a stop word among words is ignored", req: search.Request{Query: "+the +ransomware"}, want: []string{seedID + "/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.req.Query, err)
			}
			got := rowKeys(res)
			want := append([]string(nil), tt.want...)
			if !tt.order {
				got, want = sorted(got), sorted(want)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Search(%q) rows = %v, want %v", tt.req.Query, got, want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// A row that matches in two languages is one row, both marked; the
// language filtered on is shown first.
func TestRowCarriesEveryLanguage(t *testing.T) {
	s := newEngine(t)
	res, err := s.Search(context.Background(), search.Request{Query: "ransomware"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("rows = %v, want one", rowKeys(res))
	}
	r := res.Rows[0]
	if !strings.HasPrefix(r.Text["fr"], "Nous observons avec une préoccupation croissante") || !strings.HasPrefix(r.Text["en"], "We observe with increasing concern") {
		t.Errorf("Text = %v, want ¶1 in English and French", r.Text)
	}
	if !strings.Contains(r.Highlight["en"], "<mark>ransomware</mark> incidents") || r.Highlight["fr"] != "" {
		t.Errorf("Highlight = %v, want the English match marked and no French one", r.Highlight)
	}
	if !reflect.DeepEqual(r.Matched, []string{"en"}) || !reflect.DeepEqual(r.Show, []string{"en", "fr"}) {
		t.Errorf("Matched %v, Show %v; want [en], [en fr]", r.Matched, r.Show)
	}
	if r.Statement.Issuer != "North Atlantic Council" || r.Statement.DisplayTitle("en") == seedID {
		t.Errorf("row statement metadata = %+v", r.Statement)
	}

	// "sécurité" and "security" match ¶1 in both languages: one row, both
	// marked, French first when French is the filter.
	res, err = s.Search(context.Background(), search.Request{Query: "security sécurité", Langs: []string{"fr"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows {
		if r.Statement.ID == seedID && r.Ref.Key == 1 {
			if len(r.Matched) != 2 || r.Show[0] != "fr" || r.Highlight["en"] == "" || r.Highlight["fr"] == "" {
				t.Errorf("¶1: Matched %v, Show %v, Highlight %v; want both marked, French first", r.Matched, r.Show, r.Highlight)
			}
		}
	}
}

func facetMap(fs []search.FacetCount) map[string]int {
	out := map[string]int{}
	for _, f := range fs {
		out[f.Value] = f.Count
	}
	return out
}

// The language facet counts rows matching in each language as if no
// language filter were set.
func TestFacetsIgnoreTheLanguageFilter(t *testing.T) {
	s := newEngine(t)
	for _, langs := range [][]string{nil, {"en"}, {"fr"}, {"en", "fr"}} {
		res, err := s.Search(context.Background(), search.Request{Query: "security sécurité", Langs: langs})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := facetMap(res.Facets.Lang), map[string]int{"en": 6, "fr": 4}; !reflect.DeepEqual(got, want) {
			t.Errorf("langs %v: language facet = %v, want %v", langs, got, want)
		}
		wantTotal := map[string]int{"": 6, "en": 6, "fr": 4, "en,fr": 6}[strings.Join(langs, ",")]
		if res.Total != wantTotal {
			t.Errorf("langs %v: Total = %d, want %d", langs, res.Total, wantTotal)
		}
	}
	res, err := s.Search(context.Background(), search.Request{Query: "ransomware"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := facetMap(res.Facets.Lang), map[string]int{"en": 1, "fr": 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("language facet = %v, want %v (every language, 0 where none match)", got, want)
	}
}

// A hostile paragraph comes out of the highlighter as text, never as markup.
func TestHighlightEscapesHTML(t *testing.T) {
	s := newEngine(t)
	res, err := s.Search(context.Background(), search.Request{Query: "hostile", Langs: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("rows = %v, want one", rowKeys(res))
	}
	hl := res.Rows[0].Highlight["en"]
	for _, bad := range []string{"<script", "<img", "\"><"} {
		if strings.Contains(hl, bad) {
			t.Errorf("Highlight %q contains unescaped %q", hl, bad)
		}
	}
	if !strings.Contains(hl, "&lt;script&gt;") || !strings.Contains(hl, "<mark>Hostile</mark>") {
		t.Errorf("Highlight = %q, want escaped markup and the match marked", hl)
	}
	if !strings.Contains(res.Rows[0].Text["fr"], `<script>alert("x")</script>`) {
		t.Errorf("French text = %q, want the raw text kept for the page to escape", res.Rows[0].Text["fr"])
	}
}

func TestPaging(t *testing.T) {
	s := newEngine(t)
	var all []string
	for page := 1; page <= 3; page++ {
		res, err := s.Search(context.Background(), search.Request{Query: "security sécurité", Page: page, PerPage: 2})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 6 {
			t.Errorf("page %d: Total = %d, want 6", page, res.Total)
		}
		all = append(all, rowKeys(res)...)
	}
	if len(all) != 6 || len(dedupe(all)) != 6 {
		t.Errorf("three pages of 2 gave %v, want the 6 rows once each", all)
	}
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Bad requests give a *fault.Error that says what to change, never a panic.
func TestBadRequests(t *testing.T) {
	s := newEngine(t)
	tests := []struct {
		name string
		req  search.Request
		want string
	}{
		{"empty", search.Request{Query: "  "}, "type a word"},
		{"operators only", search.Request{Query: "+ - \"\""}, "type a word"},
		{"unbalanced quote", search.Request{Query: `"cyber defence`}, "never closed"},
		{"field syntax", search.Request{Query: "text_en:cyber"}, "searching a field (text_en:) is not supported"},
		{"language field", search.Request{Query: "lang:fr securite"}, "use the filters"},
		{"lone star", search.Request{Query: "*"}, "at least 2 letters"},
		{"one-letter prefix", search.Request{Query: "a*"}, "at least 2 letters"},
		{"inner wildcard", search.Request{Query: "cy*er"}, "* goes at the end"},
		{"only exclusions", search.Request{Query: "-china"}, "only -excluded words"},
		{"huge", search.Request{Query: strings.Repeat("cyber ", 20000)}, "the limit is 1000"},
		{"too many words", search.Request{Query: strings.Repeat("cyber ", 40)}, "more than 32 words"},
		{"invalid UTF-8", search.Request{Query: "s\xe9curit\xe9"}, "not valid UTF-8"},
		{"page 0 is page 1", search.Request{Query: "cyber", Page: -1}, "pages count from 1"},
		{"page size", search.Request{Query: "cyber", PerPage: 1000}, "choose 1 to 100"},
		{"too deep", search.Request{Query: "cyber", Page: 2000, PerPage: 10}, "too deep"},
		{"unknown language", search.Request{Query: "cyber", Langs: []string{"de"}}, `language "de": choose from en, fr`},
		{"unknown sort", search.Request{Query: "cyber", Sort: "alpha"}, `unknown sort "alpha"`},
		{"dates reversed", search.Request{Query: "cyber", From: day(2024, 1, 1), To: day(2020, 1, 1)}, "ends (2020-01-01) before it starts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(context.Background(), tt.req)
			var se *fault.Error
			if !errors.As(err, &se) || se.Kind != fault.Invalid {
				t.Fatalf("Search = %v, want a fault.Invalid error", err)
			}
			if !strings.Contains(se.Msg, tt.want) {
				t.Errorf("error %q, want it to contain %q", se.Msg, tt.want)
			}
		})
	}
}

// Characters that are query syntax elsewhere are searched as text here.
func TestOtherSyntaxIsText(t *testing.T) {
	s := newEngine(t)
	for _, q := range []string{"ransomware~2", "ransomware^5", "/ransomware/", "(ransomware", "ransomware)", "ransomware:", "- ransomware"} {
		res, err := s.Search(context.Background(), search.Request{Query: q})
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
			continue
		}
		if got := rowKeys(res); len(got) != 1 || got[0] != seedID+"/1" {
			t.Errorf("Search(%q) = %v, want English ¶1", q, got)
		}
	}
}

// A prefix that would expand to more words than the bound is refused with
// advice, rather than searched at the cost of a core.
func TestBroadPrefixRefused(t *testing.T) {
	var words []string
	for i := 0; i < search.MaxExpandedTerms+200; i++ {
		words = append(words, fmt.Sprintf("zq%c%c%c", 'a'+i/676%26, 'a'+i/26%26, 'a'+i%26))
	}
	idx := indextest.Build(t, map[string]string{
		"wide.txt": "---\ntitle: {en: Wide}\ndate: 2024-01-01\n---\n[en]\n1. " + strings.Join(words, " ") + "\n",
	})
	s := query.New(idx, nil)
	_, err := s.Search(context.Background(), search.Request{Query: "zq*"})
	var se *fault.Error
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "match more than") {
		t.Errorf("Search(zq*) = %v, want a too-broad prefix error", err)
	}
	res, err := s.Search(context.Background(), search.Request{Query: "zqab*"})
	if err != nil || res.Total != 1 {
		t.Errorf("Search(zqab*) = %v, %v; want the paragraph", res, err)
	}
}

// A language Bleve has no analyzer for gets the fallback: Unicode
// normalisation (NFKC), lower case and accent folding.
func TestFallbackAnalyzer(t *testing.T) {
	s := query.New(indextest.Build(t, map[string]string{
		"uk.txt": "---\ntitle: {uk: Заява}\ndate: 2024-01-01\n---\n[uk]\n1. Безпека Альянсу та \ufb01nal Déclaration.\n",
	}), nil)
	for _, q := range []string{"безпека", "БЕЗПЕКА", "final*", "declaration"} {
		res, err := s.Search(context.Background(), search.Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := rowKeys(res); len(got) != 1 || got[0] != "uk/1" {
			t.Errorf("Search(%q) = %v, want the Ukrainian paragraph", q, got)
		}
	}
}
