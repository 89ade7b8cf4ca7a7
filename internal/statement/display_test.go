package statement

import "testing"

func TestDisplayName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "statements/2006-11-29-riga.txt", "statements/2006-11-29-riga.txt"},
		{"spaces and accents", "mes déclarations/communiqué.txt", "mes déclarations/communiqué.txt"},
		{"non-Latin script", "بيان.txt", "بيان.txt"},
		{"screen clear", "x\x1b[2Jy.txt", `"x\x1b[2Jy.txt"`},
		{"window title", "a\x1b]0;t\a.txt", `"a\x1b]0;t\a.txt"`},
		{"line feed", "a\nforged: line.txt", `"a\nforged: line.txt"`},
		{"carriage return", "a\rb.txt", `"a\rb.txt"`},
		{"next line", "a\u0085b.txt", `"a\u0085b.txt"`},
		{"line separator", "a\u2028b.txt", `"a\u2028b.txt"`},
		{"bidi override", "evil\u202etxt.exe", `"evil\u202etxt.exe"`},
		{"bidi isolate", "a\u2067b.txt", `"a\u2067b.txt"`},
		{"invalid UTF-8", "a\xffb.txt", `"a\xffb.txt"`},
		{"literal replacement character", "a\uFFFDb.txt", "a\uFFFDb.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DisplayName(tt.in); got != tt.want {
				t.Errorf("DisplayName(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// A problem names its file as DisplayName renders it: ingest and check
// print problems one per line, and a name must not forge another.
func TestProblemNamesItsFileSafely(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"line and column", Problem{Path: "a\x1b[2J.txt", Line: 3, Column: 4, Msg: "bad"}, `"a\x1b[2J.txt":3:4: bad`},
		{"line", Problem{Path: "a\nb.txt:1: forged", Line: 3, Msg: "bad"}, `"a\nb.txt:1: forged":3: bad`},
		{"file", Problem{Path: "plain.txt", Msg: "bad"}, "plain.txt: bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
