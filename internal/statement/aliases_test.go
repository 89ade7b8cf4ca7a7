package statement

import (
	"strings"
	"testing"
)

// A renamed statement lists the identifiers it was published under; each
// must be an identifier, not its own, and listed once.
func TestAliases(t *testing.T) {
	const body = "date: 2021-01-01\ntitle: {en: Renamed}\n---\n[en]\n1. Text.\n"
	tests := []struct {
		name, field string
		want        []string
		problem     string
	}{
		{"one", "aliases: [2021-01-01-old-name]\n", []string{"2021-01-01-old-name"}, ""},
		{"two", "aliases:\n  - old-a\n  - old_b\n", []string{"old-a", "old_b"}, ""},
		{"not a list", "aliases: old-a\n", nil, "aliases must be a list"},
		{"not an identifier", "aliases: [Old Name]\n", nil, `alias "Old Name" is not a statement identifier`},
		{"its own", "aliases: [renamed-now]\n", nil, `alias "renamed-now" is the statement's own identifier`},
		{"twice", "aliases: [old-a, old-a]\n", []string{"old-a"}, `aliases list "old-a" twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Parse("renamed-now.txt", []byte("---\n"+tt.field+body))
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if strings.Join(st.Aliases, ",") != strings.Join(tt.want, ",") {
					t.Errorf("Aliases = %v, want %v", st.Aliases, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.problem) {
				t.Errorf("Parse = %v, want a problem containing %q", err, tt.problem)
			}
		})
	}
}
