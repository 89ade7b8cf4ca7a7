package query_test

import (
	"context"
	"testing"

	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// BenchmarkExport walks every row of a broad and a narrower query, as an
// export does, on a generated archive (or ARCHIVE_BENCH_INDEX); it
// reports rows per second.
func BenchmarkExport(b *testing.B) {
	s := query.New(benchIndex(b), nil)
	for _, q := range []string{"cyber", "democratic"} {
		b.Run(q, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				err := s.Export(context.Background(), search.Request{Query: q}, func(search.Row) error {
					rows++
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
		})
	}
}
