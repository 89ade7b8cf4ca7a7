package query_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"statementarchive/internal/compare"
	"statementarchive/internal/compare/comparetest"
	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/statement"
)

func plantedFiles(c *comparetest.Corpus) map[string]string {
	files := map[string]string{}
	for _, st := range c.Statements {
		files[st.ID+".txt"] = comparetest.File(st)
	}
	return files
}

// alikeScores runs worded-alike, candidates from the index, for a sample
// of rows, and measures it against the planted lineages.
func alikeScores(t testing.TB, idx *index.Index, c *comparetest.Corpus, lang string, sample int) (p, r float64, tp, got, want int) {
	type rowOf struct {
		st  *statement.Statement
		row statement.Paragraph
	}
	var all []rowOf
	for _, st := range c.Statements {
		for _, p := range st.Paragraphs {
			all = append(all, rowOf{st, p})
		}
	}
	rng := rand.New(rand.NewPCG(11, 11))
	for range sample {
		x := all[rng.IntN(len(all))]
		meta, _ := idx.Lookup(x.st.ID)
		cands, err := query.New(idx, nil).AlikeCandidates(context.Background(), x.st.ID, lang, x.row.Text[lang])
		if err != nil {
			t.Fatal(err)
		}
		lin := compare.Rank(meta, x.row.Text[lang], lang, cands, compare.AlikeOptions{Limit: compare.MaxAlikeLimit})
		key := comparetest.RowKey(x.st.ID, x.row.Ref())
		for _, a := range lin.Alike {
			got++
			if a.Statement.ID == x.st.ID {
				t.Errorf("%s: its own statement is listed", key)
			}
			if c.Alike(key, comparetest.RowKey(a.Statement.ID, a.Ref)) {
				tp++
			}
		}
		for _, y := range all {
			if y.st != x.st && c.Alike(key, comparetest.RowKey(y.st.ID, y.row.Ref())) {
				want++
			}
		}
	}
	return float64(tp) / float64(max(got, 1)), float64(tp) / float64(max(want, 1)), tp, got, want
}

// TestAlikePlanted measures worded-alike end to end, candidates from the
// index, on planted reuse: precision and recall must reach 0.95 at the
// default threshold, in both languages.
func TestAlikePlanted(t *testing.T) {
	c := comparetest.Generate(comparetest.Options{Seed: 5, Issuers: 4, Years: 6, Paragraphs: 30})
	idx := indextest.Build(t, plantedFiles(c))
	for _, lang := range []string{"en", "fr"} {
		p, r, tp, got, want := alikeScores(t, idx, c, lang, 150)
		t.Logf("%s: precision %.3f (%d of %d listed), recall %.3f (of %d planted)", lang, p, tp, got, r, want)
		if want == 0 {
			t.Fatal("no reuse planted")
		}
		if p < 0.95 || r < 0.95 {
			t.Errorf("%s: precision %.3f, recall %.3f, want both ≥ 0.95", lang, p, r)
		}
	}
}

// TestPhraseUses finds the statements using a phrase, oldest first, and
// refuses a phrase longer than a search's.
func TestPhraseUses(t *testing.T) {
	idx := indextest.Build(t, comparetest.FixtureFiles())
	uses, total, err := query.New(idx, nil).PhraseUses(context.Background(), "joint task force on coastal resilience", []string{"en"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range uses {
		ids = append(ids, u.Statement.ID)
	}
	if want := []string{comparetest.FixtureAID, comparetest.FixtureBID}; !slices.Equal(ids, want) || total != 2 {
		t.Errorf("got %v (%d rows), want %v (2 rows)", ids, total, want)
	}
	uses, _, err = query.New(idx, nil).PhraseUses(context.Background(), "deliberate disruptions", nil)
	if err != nil || len(uses) != 1 || uses[0].Statement.ID != comparetest.FixtureBID || uses[0].Rows[0].String() != "4" {
		t.Errorf("got %+v, %v; want paragraph 4 of %s", uses, err, comparetest.FixtureBID)
	}
	long := "we remain concerned by the repeated disruptions of the northern grid which affect millions of households and we call on all operators to share information promptly across borders regions and cities"
	if _, _, err := query.New(idx, nil).PhraseUses(context.Background(), long, []string{"en"}); err == nil {
		t.Error("a phrase of more words than a search allows was run")
	}
}

// alikeBenchIndex builds (or reuses, under the temporary folder) an index of a
// planted corpus of about n paragraphs: ALIKE_PARAGRAPHS sets n (10,000
// by default; 100,000 for the figures of docs/compare.md).
func alikeBenchIndex(b *testing.B) (*index.Index, *comparetest.Corpus) {
	n := 10000
	if v := os.Getenv("ALIKE_PARAGRAPHS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 || n > 1_000_000 {
			b.Fatalf("ALIKE_PARAGRAPHS=%q: give a number from 100 to 1000000", v)
		}
	}
	years := 20
	issuers := max(1, n/(years*100))
	c := comparetest.Generate(comparetest.Options{Seed: 9, Issuers: issuers, Years: years, Paragraphs: 100})
	root := filepath.Join(os.TempDir(), "statementarchive-alike-bench-"+strconv.Itoa(n))
	if _, err := os.Stat(filepath.Join(root, "current")); err != nil {
		src, err := statement.Sources(indextest.WriteFiles(b, plantedFiles(c)))
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := index.Ingest(context.Background(), root, src, index.IngestOptions{}); err != nil {
			b.Fatal(err)
		}
		b.Logf("built an index of %d statements in %s at %s (kept for the next run; delete it to rebuild)", len(c.Statements), time.Since(start).Round(time.Second), root)
	}
	idx, err := index.Open(root)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	return idx, c
}

// BenchmarkAlike measures worded-alike of one row in one language, from
// the candidates' query to the ranked lineage with its diffs, and
// reports its p50 and p99 and their ratio to reading the row itself
// (the permalink page's own read), measured in the same run.
func BenchmarkAlike(b *testing.B) {
	idx, c := alikeBenchIndex(b)
	var rows []struct {
		st  *statement.Statement
		row statement.Paragraph
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 500 {
		st := c.Statements[rng.IntN(len(c.Statements))]
		p := st.Paragraphs[rng.IntN(len(st.Paragraphs))]
		rows = append(rows, struct {
			st  *statement.Statement
			row statement.Paragraph
		}{st, p})
	}
	ctx := context.Background()
	var times, base []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		x := rows[i%len(rows)]
		lang := []string{"en", "fr"}[i%2]
		start := time.Now()
		if _, err := idx.Paragraph(x.st.ID, x.row.Ref()); err != nil {
			b.Fatal(err)
		}
		base = append(base, time.Since(start))
		start = time.Now()
		meta, _ := idx.Lookup(x.st.ID)
		cands, err := query.New(idx, nil).AlikeCandidates(ctx, x.st.ID, lang, x.row.Text[lang])
		if err != nil {
			b.Fatal(err)
		}
		compare.Rank(meta, x.row.Text[lang], lang, cands, compare.AlikeOptions{})
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	p50, p99 := alikePercentile(times, 50), alikePercentile(times, 99)
	b50 := alikePercentile(base, 50)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(p99)/float64(max(b50, 1)), "p99/row-read")
	b.ReportMetric(float64(len(c.Statements)*100), "paragraphs")
}

func alikePercentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, len(s)*p/100)]
}
