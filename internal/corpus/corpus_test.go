package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statementarchive/internal/statement"
	"statementarchive/statements"
)

// The generator writes valid statement files, the number of paragraphs
// asked for, and the same files for the same seed.
func TestGenerate(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	st, err := Generate(a, statements.FS, Options{Paragraphs: 3000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if st.Paragraphs != 3000 {
		t.Errorf("wrote %d paragraphs, want 3000", st.Paragraphs)
	}
	if _, err := Generate(b, statements.FS, Options{Paragraphs: 3000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	src, err := statement.Sources(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(src) != st.Statements {
		t.Fatalf("%d files, want %d", len(src), st.Statements)
	}
	total := 0
	for _, s := range src {
		parsed, err := s.Load()
		if err != nil {
			t.Fatalf("generated file does not parse: %v", err)
		}
		for _, p := range parsed.Paragraphs {
			total += len(p.Text)
			for lang, text := range p.Text {
				if n := len(strings.Fields(text)); n < 40 || n > 150 {
					t.Errorf("%s ¶%d [%s] has %d words, want 40 to 150", parsed.ID, p.Key, lang, n)
				}
			}
		}
		if y := parsed.Date.Year(); y < 1949 || y > 2026 {
			t.Errorf("%s dated %d", parsed.ID, y)
		}
		rel, _ := filepath.Rel(a, s.Path)
		x, _ := os.ReadFile(s.Path)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
	}
	if total != 3000 {
		t.Errorf("the files hold %d paragraphs, want 3000", total)
	}
}
