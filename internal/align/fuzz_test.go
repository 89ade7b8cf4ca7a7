package align

import (
	"strings"
	"testing"
)

// lengthsFrom reads two length sequences from fuzz bytes: the first byte
// says how many of the rest belong to a, and each byte is a length in tens
// of characters (0 to 2550), so that short inputs make long paragraphs.
func lengthsFrom(data []byte) (a, b []int) {
	if len(data) == 0 {
		return nil, nil
	}
	rest := data[1:]
	n := min(int(data[0]), len(rest))
	for _, x := range rest[:n] {
		a = append(a, 10*int(x))
	}
	for _, x := range rest[n:] {
		b = append(b, 10*int(x))
	}
	return a, b
}

// FuzzAlign checks that no pair of length sequences makes the aligner
// panic, and that its beads cover both sequences exactly, in order, with
// finite costs; and that LikelyGap answers within a. Its seed corpus is in
// testdata/fuzz/FuzzAlign.
func FuzzAlign(f *testing.F) {
	f.Add([]byte{3, 30, 80, 45, 34, 92, 52})       // 1-1 everywhere
	f.Add([]byte{4, 30, 80, 45, 120, 34, 92, 138}) // a deletion
	f.Add([]byte{3, 30, 80, 45, 34, 144})          // a merge
	f.Add([]byte{0, 1, 2, 3})                      // only b
	f.Add([]byte{9, 0, 0, 0})                      // zero lengths
	f.Fuzz(func(t *testing.T, data []byte) {
		a, b := lengthsFrom(data)
		checkCover(t, Align(a, b), len(a), len(b))
		ta := make([]string, len(a))
		for i, l := range a {
			ta[i] = strings.Repeat("x", l)
		}
		tb := make([]string, len(b))
		for i, l := range b {
			tb[i] = strings.Repeat("y", l)
		}
		if i, ok := LikelyGap(ta, tb); ok && (i < 0 || i >= len(a) || len(b) != len(a)-1) {
			t.Fatalf("LikelyGap = %d for %d and %d paragraphs", i, len(a), len(b))
		}
	})
}
