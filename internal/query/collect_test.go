package query

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	gen "statementarchive/internal/corpus"
	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

// TestCollectMatchesBleve runs many searches two ways on a generated
// corpus of three shards: as the archive runs them (collect.go: its own
// walk of Bleve's searchers, ranking by score or date with ties broken by
// ID, facets counted per statement) and as Bleve's own collector answers
// the same queries (sort on -_score and _id, or date and _id; term facets;
// one count search per language), which is how the archive searched
// before, with phrases matched by positions alone (no pairs fields). Every
// row, in order, the totals and every facet must be equal.
func TestCollectMatchesBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 4,000-paragraph index of three shards")
	}
	x := collectCorpus(t)
	s := New(x, nil)
	ctx := context.Background()
	for _, p := range []string{"cyber threats", "member states"} {
		if len(queryPairs(p, x.Analyzer("en"), x.PairAnalyzer("en"))) == 0 {
			t.Fatalf("%q has no pair of frequent words: the comparison would not exercise the pairs fields", p)
		}
	}
	queries := []string{
		"cyber", "alliance", "nato", "ransomware", "threats", "cyberspace",
		`"cyber threats"`, `"member states"`, "+china +alliance", "china alliance",
		"cyber -china", "cyb*", "défense", "menaces", "constructive", "the",
		"condemn malicious", `"euro-atlantic security"`,
	}
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	variants := []search.Request{
		{},
		{Langs: []string{"en"}},
		{Langs: []string{"fr", "en"}},
		{Sort: search.SortDate},
		{Sort: search.SortDate, Langs: []string{"fr"}},
		{Page: 3, PerPage: 10},
		{Page: 2, PerPage: 50, Sort: search.SortDate},
		{Issuer: "North Atlantic Council"},
		{Tag: "summit"},
		{From: day("1990-01-01"), To: day("2010-12-31")},
		{From: day("2001-01-01"), Issuer: "North Atlantic Council", Tag: "cyber", Langs: []string{"en"}},
	}
	compared, withStatements := 0, 0
	for _, q := range queries {
		for _, v := range variants {
			req := v
			req.Query = q
			name := fmt.Sprintf("%s %+v", q, v)
			got, err := s.Search(ctx, req)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, err := referenceSearch(ctx, &Engine{x: x, noPairs: true}, req)
			if err != nil {
				t.Fatalf("%s: reference: %v", name, err)
			}
			if got.Total != want.total {
				t.Errorf("%s: total %d, Bleve's collector %d", name, got.Total, want.total)
			}
			var sts []string
			for _, h := range got.Statements {
				sts = append(sts, h.Statement.ID)
			}
			if !reflect.DeepEqual(sts, want.statements) || got.StatementTotal != want.statementTotal {
				t.Errorf("%s: statements %v of %d, Bleve's collector %v of %d", name, sts, got.StatementTotal, want.statements, want.statementTotal)
			}
			var ids []string
			for _, r := range got.Rows {
				ids = append(ids, index.DocID(r.Statement.ID, r.Ref))
			}
			if !reflect.DeepEqual(ids, want.ids) {
				t.Errorf("%s: rows\n%v\nBleve's collector:\n%v", name, ids, want.ids)
			}
			for _, f := range []struct {
				name      string
				got, want []search.FacetCount
			}{
				{"language", got.Facets.Lang, want.facets.Lang},
				{"year", got.Facets.Years, want.facets.Years},
				{"decade", got.Facets.Decades, want.facets.Decades},
				{"issuer", got.Facets.Issuer, want.facets.Issuer},
				{"tag", got.Facets.Tag, want.facets.Tag},
			} {
				if !reflect.DeepEqual(f.got, f.want) {
					t.Errorf("%s: %s facet\n%v\nBleve's collector:\n%v", name, f.name, f.got, f.want)
				}
			}
			if got.Total > 0 {
				compared++
			}
			if len(want.statements) > 1 {
				withStatements++
			}
		}
	}
	if compared < len(queries)*len(variants)/2 || withStatements < 20 {
		t.Fatalf("only %d of the searches found rows, %d more than one statement: the corpus no longer exercises the comparison", compared, withStatements)
	}
}

// collectCorpus returns an index of generated statements in three shards,
// some with tags and many on one day, beside the bundled ones. It is
// built once for the package's tests, which only read it, and removed
// by TestMain.
func collectCorpus(t *testing.T) *index.Index {
	t.Helper()
	sharedCorpus.once.Do(func() {
		sharedCorpus.x, sharedCorpus.dir, sharedCorpus.err = buildCollectCorpus()
	})
	if sharedCorpus.err != nil {
		t.Fatal(sharedCorpus.err)
	}
	return sharedCorpus.x
}

// sharedCorpus is collectCorpus's index.
var sharedCorpus struct {
	once sync.Once
	x    *index.Index
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedCorpus.x != nil {
		sharedCorpus.x.Close()
	}
	if sharedCorpus.dir != "" {
		os.RemoveAll(sharedCorpus.dir)
	}
	os.Exit(code)
}

func buildCollectCorpus() (*index.Index, string, error) {
	dir, err := os.MkdirTemp("", "query-collect-")
	if err != nil {
		return nil, "", err
	}
	src := filepath.Join(dir, "corpus")
	if _, err := gen.Generate(src, statements.FS, gen.Options{Paragraphs: 4000, Seed: 7}); err != nil {
		return nil, dir, err
	}
	n := 0
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		switch n++; n % 5 {
		case 1:
			text = strings.Replace(text, "\nissuer:", "\ntags: [summit, cyber]\nissuer:", 1)
		case 2:
			text = strings.Replace(text, "\nissuer:", "\ntags: [cyber]\nissuer:", 1)
		case 3:
			// One day for many statements: the date sort breaks their
			// ties by document ID, across shards.
			text = replaceLine(text, "date:", "date: 2001-02-03")
		}
		return os.WriteFile(path, []byte(text), 0o644)
	})
	if err != nil {
		return nil, dir, err
	}
	sources, err := statement.Sources(src)
	if err != nil {
		return nil, dir, err
	}
	seed, err := statement.SourcesFS(statements.FS, "statements")
	if err != nil {
		return nil, dir, err
	}
	root := filepath.Join(dir, "index")
	if _, err := index.Ingest(context.Background(), root, append(sources, seed...), index.IngestOptions{Shards: 3}); err != nil {
		return nil, dir, err
	}
	x, err := index.Open(root)
	return x, dir, err
}

func replaceLine(text, prefix, with string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = with
		}
	}
	return strings.Join(lines, "\n")
}

type reference struct {
	total int
	// statements are the IDs of the statements listed, best first.
	statements     []string
	statementTotal int
	ids            []string
	facets         search.Facets
}

// referenceSearch answers req with Bleve's own collector over the shards'
// alias, as the archive's search did before it walked the searchers
// itself and before phrases used the pairs fields (s has noPairs set): the
// same queries, sorts and facet requests.
func referenceSearch(ctx context.Context, s *Engine, req search.Request) (*reference, error) {
	all := s.x.Languages()
	req, err := req.Normalize(all)
	if err != nil {
		return nil, err
	}
	clauses, err := search.ParseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	langs := req.Langs
	if len(langs) == 0 {
		langs = all
	}
	out := &reference{}
	var lift []string
	if req.Page == 1 {
		sr := bleve.NewSearchRequestOptions(s.statementsQuery(clauses, req), search.MaxStatementHits, 0, false)
		sr.SortBy([]string{"-_score", "_id"})
		res, err := s.run(ctx, sr)
		if err != nil {
			return nil, err
		}
		out.statementTotal = int(res.Total)
		for _, h := range res.Hits {
			lift = append(lift, h.ID)
		}
		out.statements = lift
	}
	rows, err := s.rowQuery(clauses, langs, req, noSkip)
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(lifted(rows, lift, req), req.PerPage, (req.Page-1)*req.PerPage, false)
	byScore := req.Sort != search.SortDate
	if byScore {
		// Every hit, ordered below as the archive ranks: by score to
		// float32's precision, then ID (tieScore).
		sr = bleve.NewSearchRequestOptions(lifted(rows, lift, req), 100_000, 0, false)
	}
	if req.Sort == search.SortDate {
		sr.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: index.FieldDate, Type: bsearch.SortFieldAsDate, Desc: true, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		})
	} else {
		sr.SortBy([]string{"-_score", "_id"})
	}
	res, err := s.run(ctx, sr)
	if err != nil {
		return nil, err
	}
	out.total = int(res.Total)
	hits := res.Hits
	if byScore {
		sort.SliceStable(hits, func(i, j int) bool {
			if a, b := tieScore(hits[i].Score), tieScore(hits[j].Score); a != b {
				return a > b
			}
			return hits[i].ID < hits[j].ID
		})
		from := min((req.Page-1)*req.PerPage, len(hits))
		hits = hits[from:min(from+req.PerPage, len(hits))]
	}
	for _, h := range hits {
		out.ids = append(out.ids, h.ID)
	}
	facet := func(field string, size int, skip filter) (*bsearch.FacetResult, error) {
		fq, err := s.rowQuery(clauses, langs, req, skip)
		if err != nil {
			return nil, err
		}
		fr := bleve.NewSearchRequestOptions(fq, 0, 0, false)
		fr.AddFacet(field, bleve.NewFacetRequest(field, size))
		res, err := s.run(ctx, fr)
		if err != nil {
			return nil, err
		}
		return res.Facets[field], nil
	}
	years, err := facet(index.FieldYear, yearFacetSize, skipDate)
	if err != nil {
		return nil, err
	}
	issuers, err := facet(index.FieldIssuer, issuerFacetSize, skipIssuer)
	if err != nil {
		return nil, err
	}
	tags, err := facet(index.FieldTag, tagFacetSize, skipTag)
	if err != nil {
		return nil, err
	}
	out.facets.Years, out.facets.Decades = yearFacets(facetTerms(years, func(t string) int {
		var y int
		fmt.Sscan(t, &y)
		return y
	}))
	out.facets.Issuer = termFacet(facetTerms(issuers, func(t string) string { return t }), issuerFacetSize)
	out.facets.Tag = termFacet(facetTerms(tags, func(t string) string { return t }), tagFacetSize)
	for _, lang := range all {
		lq, err := s.rowQuery(clauses, []string{lang}, req, skipLang)
		if err != nil {
			return nil, err
		}
		res, err := s.run(ctx, bleve.NewSearchRequestOptions(lq, 0, 0, false))
		if err != nil {
			return nil, err
		}
		out.facets.Lang = append(out.facets.Lang, search.FacetCount{Value: lang, Count: int(res.Total)})
	}
	return out, nil
}

func facetTerms[K comparable](f *bsearch.FacetResult, key func(string) K) map[K]int {
	out := map[K]int{}
	if f == nil || f.Terms == nil {
		return out
	}
	for _, t := range f.Terms.Terms() {
		out[key(t.Term)] += t.Count
	}
	return out
}

// TestHighlightStoredMatchesAnalysis compares, on the best 200 rows of
// several queries, the highlights read from term vectors with those of
// analysing the text again: the same HTML and the same count of marks.
func TestHighlightStoredMatchesAnalysis(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 4,000-paragraph index of three shards")
	}
	x := collectCorpus(t)
	s := New(x, nil)
	ctx := context.Background()
	rd, err := openReaders(x)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	compared := 0
	for _, q := range []string{"cyber", `"cyber threats"`, "cyber -china threats", `"member of the states"`, "+china +alliance", `"euro-atlantic security"`, "défense menaces"} {
		clauses, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.rowQuery(clauses, x.Languages(), search.Request{}, noSkip)
		if err != nil {
			t.Fatal(err)
		}
		rk, err := rd.rank(ctx, rows, 200, false, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rk.hits {
			texts, err := rd.texts(e)
			if err != nil {
				t.Fatal(err)
			}
			for lang, text := range texts {
				m := newMarker(clauses, x.Analyzer(lang))
				want, wantN := m.highlight(text)
				got, gotN, err := m.highlightStored(ctx, rd.rs[e.shard], index.TextField(lang), e.doc, text)
				if err != nil {
					t.Fatal(err)
				}
				if got != want || gotN != wantN {
					t.Fatalf("%s in %s (%s): term vectors mark %d\n%s\nanalysis marks %d\n%s", q, e.id, lang, gotN, got, wantN, want)
				}
				if gotN > 0 {
					compared++
				}
			}
		}
	}
	if compared < 500 {
		t.Fatalf("only %d texts had a mark: the comparison exercises too little", compared)
	}
}

// panicQuery is a query whose searcher panics, as a fault in Bleve's code
// would.
type panicQuery struct{}

func (panicQuery) Searcher(context.Context, bleveindex.IndexReader, mapping.IndexMapping, bsearch.SearcherOptions) (bsearch.Searcher, error) {
	panic("a fault in the searcher")
}

// TestWalkRecoversPanics checks that a panic in a shard's walk fails the
// search with an error, and leaves the process and the index serving.
func TestWalkRecoversPanics(t *testing.T) {
	x := collectSmall(t)
	rd, err := openReaders(x)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	_, err = rd.rank(context.Background(), panicQuery{}, 10, false, true, nil)
	if err == nil || !strings.Contains(err.Error(), "a fault in the searcher") {
		t.Fatalf("rank of a panicking query: %v, want the panic as an error", err)
	}
	if res, err := New(x, nil).Search(context.Background(), search.Request{Query: "nato"}); err != nil || res.Total == 0 {
		t.Fatalf("search after the panic: %v rows, %v", res, err)
	}
}

// collectSmall builds an index of the bundled statements in two shards.
func collectSmall(t *testing.T) *index.Index {
	t.Helper()
	seed, err := statement.SourcesFS(statements.FS, "statements")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := indextest.Ingest(t, seed, 2)
	return x
}
