package textdiff

import (
	"strings"
	"testing"
)

// FuzzWords checks that the parts of any two texts rebuild both of them byte
// for byte, and that Explain never lets through anything a terminal would
// obey. Its seed corpus is in testdata/fuzz/FuzzWords.
func FuzzWords(f *testing.F) {
	f.Add("within thirty days", "within sixty days")
	f.Add(longParagraph, strings.Replace(longParagraph, "thirty", "sixty", 1))
	f.Fuzz(func(t *testing.T, old, new string) {
		checkParts(t, old, new, Words(old, new))
		for _, width := range []int{0, 10} {
			got := Explain(old, new, width)
			checkTerminalSafe(t, got)
			if (old == new) != (got == noteSame) {
				t.Errorf("Explain(%q, %q, %d) = %q", old, new, width, got)
			}
		}
		checkTerminalSafe(t, Visible(old))
	})
}
