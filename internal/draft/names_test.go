package draft

import (
	"strings"
	"testing"

	"statementarchive/internal/statement"
)

// A file name is the user's to choose and reaches the draft's header and
// its CHECK lines; whatever it holds, it must not add a line to the front
// matter, where the documented review (delete the CHECK lines, ingest)
// would take it for the reviewer's own.
func TestFileNamesCannotAddFrontMatterLines(t *testing.T) {
	const text = "Statement on the storm damage in the Northern Isles\n\n" +
		"The Council expresses its deep sympathy to the people of the Northern Isles after the storms of the past week.\n\n" +
		"Allied forces have delivered shelters, water purification equipment and medical teams at the request of the national authorities.\n"
	plain, err := Read([]Input{{Name: "storm.txt", Text: []byte(text)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
	}{
		{"line feed", "storm\nissuer: Evil Body\n.txt"},
		{"carriage return", "storm\rissuer: Evil Body\r.txt"},
		{"next line (a YAML line break)", "storm\u0085issuer: Evil Body\u0085.txt"},
		{"line separator", "storm\u2028issuer: Evil Body\u2029.txt"},
		{"terminal escape", "storm\x1b]0;title\a\x1b[2J.txt"},
		{"bidi override", "storm\u202eevil.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Read([]Input{{Name: tt.file, Text: []byte(text)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			// A date so that the draft ingests once reviewed, as a user would add it.
			st.Date = "2024-07-10"
			plain.Date = st.Date
			out := string(st.Format())
			if got, want := strings.Count(out, "\n"), strings.Count(string(plain.Format()), "\n"); got != want {
				t.Errorf("draft has %d lines, want %d as with a plain file name:\n%s", got, want, out)
			}
			for _, r := range out {
				if statement.IsControl(r) && r != '\n' || r == '\u2028' || r == '\u2029' || r == '\u202e' {
					t.Errorf("draft holds %U from the file name:\n%q", r, out)
					break
				}
			}
			if !strings.Contains(out, "# Drafted by archive import from "+statement.DisplayName(tt.file)+".\n") {
				t.Errorf("header does not name the file as DisplayName renders it, %s:\n%s", statement.DisplayName(tt.file), out)
			}
			// The documented review: delete the CHECK lines, then ingest.
			var kept []string
			for _, l := range strings.SplitAfter(out, "\n") {
				if !strings.HasPrefix(l, "# CHECK") && !strings.HasPrefix(l, "# Confirm") {
					kept = append(kept, l)
				}
			}
			parsed, err := statement.Parse("2024-07-10-storm.txt", []byte(strings.Join(kept, "")))
			if err != nil {
				t.Fatalf("reviewed draft does not parse: %v\n%s", err, strings.Join(kept, ""))
			}
			if parsed.Issuer != "" {
				t.Errorf("reviewed draft has issuer %q, from the file name", parsed.Issuer)
			}
		})
	}
}

// A Check names its file as DisplayName renders it, so that a CHECK line
// (a YAML comment) cannot be ended by the name.
func TestCheckNamesItsFileSafely(t *testing.T) {
	c := Check{Lang: "en", Source: "a\nissuer: Evil Body\n.txt", Line: 3, Msg: "look"}
	if got, want := c.String(), `[en] "a\nissuer: Evil Body\n.txt" line 3: look`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
