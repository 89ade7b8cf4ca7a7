package align

import (
	"fmt"
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

// FuzzCheck checks that no statement makes Check panic, whatever its
// texts and gaps, and that every finding names its cause, its fix and its
// rows. Each input byte above 0x80 ends a paragraph; a paragraph starting
// with '-' is a gap of French, with '+' one of English; the rest is text.
func FuzzCheck(f *testing.F) {
	f.Add([]byte("We met on 3 May 2024.\x81Nous nous sommes réunis le 3 mai 2024.\x81+Suivez-nous : https://x.invalid\x81"))
	f.Add([]byte("-\x81Resolution 2170 (2014).\x81Résolution 2170 (2014).\x81Kivu.\x81"))
	f.Add([]byte("A. B. C. D.\x81\x81+The following statement:\x81"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows []Row
		for k, part := range strings.FieldsFunc(string(data), func(r rune) bool { return r == '\uFFFD' }) {
			row := Row{Key: fmt.Sprint(k + 1), Text: map[string]string{}}
			switch {
			case strings.HasPrefix(part, "-"):
				row.Text["en"] = part[1:]
			case strings.HasPrefix(part, "+"):
				row.Text["fr"] = part[1:]
			default:
				row.Text["en"], row.Text["fr"] = part, strings.Repeat(part+" ", 1+k%2)
			}
			rows = append(rows, row)
		}
		fs, _ := Statement{ID: "s", Languages: []string{"en", "fr"}, Rows: rows, Positional: len(data)%2 == 0}.Check()
		for _, fd := range fs {
			if fd.Cause == "" || fd.Fix == "" || fd.Message == "" || len(fd.Keys)+len(fd.LangKeys) == 0 {
				t.Fatalf("finding without its cause, fix or rows: %+v", fd)
			}
		}
	})
}
