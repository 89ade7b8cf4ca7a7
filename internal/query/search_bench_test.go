package query_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gen "statementarchive/internal/corpus"
	"statementarchive/internal/fault"
	"statementarchive/internal/index"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

// shape is a request shape whose cost the benchmark measures: the shapes
// that once held both cores for seconds, beside a cheap one.
type shape struct {
	name string
	req  search.Request
	// refused says the cost model refuses it before it runs.
	refused bool
}

func requestShapes() []shape {
	twoLetter := strings.Fields("co* dé* de* me* pr* re* ca* pa* ma* in* al* na* se* su* di* fo* po* ac* ad* ap* ar* as* at* be* bo* br* ch* ci* cl* cr* cu* da*")
	common := strings.Fields("cyber security alliance defence nato member states allies support continue international partners threats cooperation capabilities political stability russia ukraine commitment operations forces military strategic deterrence collective peace region council ministers summit")
	return []shape{
		{name: "cheap: one word", req: search.Request{Query: "ransomware"}},
		{name: "common word", req: search.Request{Query: "cyber"}},
		{name: "common word, French only", req: search.Request{Query: "cyber", Langs: []string{"fr"}}},
		{name: "32 two-letter prefixes", req: search.Request{Query: strings.Join(twoLetter, " ")}, refused: true},
		{name: "one two-letter prefix", req: search.Request{Query: "co*"}},
		{name: "three two-letter prefixes", req: search.Request{Query: "co* de* pr*"}, refused: true},
		{name: "32 three-letter prefixes", req: search.Request{Query: "com* dec* def* mem* pro* rea* cap* par* mar* int* all* nat* sec* sup* dis* for* pol* act* add* app* arm* ass* att* bel* bor* bri* cha* cit* cla* cre* cul* dat*"}, refused: true},
		{name: "phrase of 16 repeated words", req: search.Request{Query: `"` + strings.Repeat("cyber ", search.MaxPhraseWords) + `"`}},
		{name: "phrase of 165 repeated words", req: search.Request{Query: `"` + strings.Repeat("cyber ", 165) + `"`}, refused: true},
		{name: "32 common words", req: search.Request{Query: strings.Join(common, " ")}},
		{name: "32 common words, 100 per page, page 100", req: search.Request{Query: strings.Join(common, " "), Page: search.MaxResultWindow / 100, PerPage: 100}},
	}
}

// BenchmarkRequestShapes measures what each request shape costs, with the
// ratio of its time to the cheap one-word search run in the same process
// (x-cheap). It searches ARCHIVE_BENCH_INDEX when set (an index built by
// archive ingest, e.g. of the load test's 100,000 paragraphs), else an
// index of 20,000 generated paragraphs it builds first.
//
//	go test -run '^$' -bench RequestShapes -benchtime 5x ./internal/search
func BenchmarkRequestShapes(b *testing.B) {
	idx := benchIndex(b)
	s := query.New(idx, nil)
	ctx := context.Background()
	run := func(b *testing.B, sh shape) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, err := s.Search(ctx, sh.req)
			var se *fault.Error
			if refused := errors.As(err, &se); refused != sh.refused || (err != nil && !refused) {
				b.Fatalf("Search(%.50q) = %v, want refused=%v", sh.req.Query, err, sh.refused)
			}
		}
	}
	shapes := requestShapes()
	// The baseline: the cheap search, timed in this process just before.
	const baselineRuns = 50
	start := time.Now()
	for i := 0; i < baselineRuns; i++ {
		if _, err := s.Search(ctx, shapes[0].req); err != nil {
			b.Fatal(err)
		}
	}
	baseline := float64(time.Since(start).Nanoseconds()) / baselineRuns
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			run(b, sh)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseline, "x-cheap")
		})
	}
}

func benchIndex(b *testing.B) *index.Index {
	b.Helper()
	root := os.Getenv("ARCHIVE_BENCH_INDEX")
	if root == "" {
		dir := b.TempDir()
		if _, err := gen.Generate(filepath.Join(dir, "corpus"), statements.FS, gen.Options{Paragraphs: 20000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		src, err := statement.Sources(filepath.Join(dir, "corpus"))
		if err != nil {
			b.Fatal(err)
		}
		seed, err := statement.SourcesFS(statements.FS, "statements")
		if err != nil {
			b.Fatal(err)
		}
		root = filepath.Join(dir, "index")
		if _, err := index.Ingest(context.Background(), root, append(src, seed...), index.IngestOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	idx, err := index.Open(root)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	return idx
}
