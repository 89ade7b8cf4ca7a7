package compare

import (
	"fmt"
	"strings"

	"statementarchive/internal/textdiff"
)

// Run is a stretch of a diff as the API gives it: Op is "kept", "removed"
// or "added".
type Run struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff returns the word-level changes from a to b. The kept and removed
// runs, joined, give a exactly; the kept and added runs give b.
func Diff(a, b string) []textdiff.Part { return textdiff.Words(a, b) }

// Runs returns a diff as the API writes it.
func Runs(parts []textdiff.Part) []Run {
	out := make([]Run, len(parts))
	for i, p := range parts {
		out[i] = Run{Op: p.Op.String(), Text: p.Text}
	}
	return out
}

// Apply applies a diff to a, the text it was made from, and returns the
// text it was made to: each kept or removed run must be the next stretch
// of a, and all of a must be used. It is how a client (and the fuzz test)
// checks a diff.
func Apply(a string, parts []textdiff.Part) (string, error) {
	var b strings.Builder
	rest := a
	for i, p := range parts {
		switch p.Op {
		case textdiff.Kept, textdiff.Removed:
			if !strings.HasPrefix(rest, p.Text) {
				return "", fmt.Errorf("run %d (%s %q) is not the next stretch of the text, %q", i, p.Op, p.Text, clipText(rest))
			}
			rest = rest[len(p.Text):]
			if p.Op == textdiff.Kept {
				b.WriteString(p.Text)
			}
		case textdiff.Added:
			b.WriteString(p.Text)
		default:
			return "", fmt.Errorf("run %d has an unknown op %v", i, p.Op)
		}
	}
	if rest != "" {
		return "", fmt.Errorf("the diff leaves %q of the text unused", clipText(rest))
	}
	return b.String(), nil
}

func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
