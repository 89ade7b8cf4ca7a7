package compare

import (
	"testing"

	"statementarchive/internal/compare/comparetest"
	"statementarchive/internal/textdiff"
)

// BenchmarkStatements compares two 100-paragraph statements of a planted
// corpus (a year's edits apart) in one language, and reports the time per
// comparison and its ratio to a baseline measured in the same run: one
// word diff of the two statements' whole texts, which is what a reader
// would get from a plain diff tool.
func BenchmarkStatements(b *testing.B) {
	c := comparetest.Generate(comparetest.Options{Seed: 4, Issuers: 1, Years: 2, Paragraphs: 100})
	e := c.Edits[0]
	join := func(st []string) string {
		out := ""
		for _, s := range st {
			out += s + "\n"
		}
		return out
	}
	var ta, tb []string
	for _, p := range e.Prev.Paragraphs {
		ta = append(ta, p.Text["en"])
	}
	for _, p := range e.Next.Paragraphs {
		tb = append(tb, p.Text["en"])
	}
	wholeA, wholeB := join(ta), join(tb)
	var base, cmp float64
	b.Run("baseline-whole-text-diff", func(b *testing.B) {
		for b.Loop() {
			textdiff.Words(wholeA, wholeB)
		}
		base = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("compare", func(b *testing.B) {
		for b.Loop() {
			Statements(e.Prev, e.Next, "en", Options{})
		}
		cmp = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(cmp/1e6, "ms/compare")
		if base > 0 {
			b.ReportMetric(cmp/base, "x-baseline")
		}
	})
}
