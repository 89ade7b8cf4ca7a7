package corpus

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"statementarchive/internal/statement"
)

// The realistic statements parse, are parallel in every language, are
// labelled as generated, span the decades, hold headings, lists and
// footnotes, and are the same for the same seed.
func TestWriteRealistic(t *testing.T) {
	dir := t.TempDir()
	st, err := WriteRealistic(dir, RealisticOptions{Statements: 60, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if st.Statements != 60 {
		t.Fatalf("wrote %d statements, want 60", st.Statements)
	}
	sources, err := statement.Sources(dir)
	if err != nil {
		t.Fatal(err)
	}
	years := map[int]bool{}
	kinds := map[statement.Kind]int{}
	lists := 0
	for _, src := range sources {
		data, err := os.ReadFile(src.Path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := statement.Parse(src.Path, data)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(src.Path), err)
		}
		if s.Issuer != RealisticIssuer || !slices.Contains(s.Tags, RealisticTag) {
			t.Errorf("%s: issuer %q, tags %v: not labelled as generated", s.ID, s.Issuer, s.Tags)
		}
		if !slices.Equal(s.Languages, RealisticLanguages) {
			t.Errorf("%s: languages %v, want %v", s.ID, s.Languages, RealisticLanguages)
		}
		years[s.Date.Year()/10] = true
		for _, p := range s.Paragraphs {
			kinds[p.Kind]++
			if len(p.Text) != len(RealisticLanguages) {
				t.Errorf("%s %s: in %d languages, want every one", s.ID, p.Ref(), len(p.Text))
			}
			if _, _, item := statement.ListItem(lastLine(p.Text["en"])); item {
				lists++
			}
		}
	}
	if len(years) < 5 {
		t.Errorf("statements in %d decades, want at least 5", len(years))
	}
	if kinds[statement.Heading] == 0 || kinds[statement.Footnote] == 0 || kinds[statement.Preamble] == 0 || lists == 0 {
		t.Errorf("rows by kind %v, %d lists: want headings, footnotes, preambles and lists", kinds, lists)
	}

	again := t.TempDir()
	if _, err := WriteRealistic(again, RealisticOptions{Statements: 60, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		a, _ := os.ReadFile(src.Path)
		b, err := os.ReadFile(filepath.Join(again, filepath.Base(src.Path)))
		if err != nil || string(a) != string(b) {
			t.Fatalf("%s differs for the same seed (%v)", filepath.Base(src.Path), err)
		}
	}
}

func lastLine(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			return s[i+1:]
		}
	}
	return s
}
