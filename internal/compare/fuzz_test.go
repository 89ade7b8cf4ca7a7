package compare

import (
	"strings"
	"testing"

	"statementarchive/internal/compare/comparetest"
	"statementarchive/internal/statement"
	"statementarchive/internal/textdiff"
)

// FuzzDiff checks that a diff is exact: applying it to the first text
// gives the second, and its kept and removed runs give the first. Its
// seed corpus is in testdata/fuzz/FuzzDiff (and FuzzStatements's in
// testdata/fuzz/FuzzStatements).
func FuzzDiff(f *testing.F) {
	f.Add("We remain concerned by the disruptions.", "We remain deeply concerned by the repeated disruptions!")
	f.Add("", "new text")
	f.Add("dropped text", "")
	f.Add("a\nb\n- item;", "a\n- item;\nb")
	f.Fuzz(func(t *testing.T, a, b string) {
		parts := Diff(a, b)
		got, err := Apply(a, parts)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if got != b {
			t.Fatalf("Apply(%q, Diff) = %q, want %q", a, got, b)
		}
		var old strings.Builder
		for _, p := range parts {
			if p.Op != textdiff.Added {
				old.WriteString(p.Text)
			}
		}
		if old.String() != a {
			t.Fatalf("kept and removed runs give %q, want %q", old.String(), a)
		}
	})
}

// FuzzStatements compares statements made of the fuzzer's paragraphs
// (one a line) and checks that each row is paired once and each pair's
// diff rebuilds its texts.
func FuzzStatements(f *testing.F) {
	a, b, err := comparetest.Fixture()
	if err != nil {
		f.Fatal(err)
	}
	join := func(st *statement.Statement) string {
		var lines []string
		for _, p := range st.Paragraphs {
			lines = append(lines, strings.ReplaceAll(p.Text["en"], "\n", " "))
		}
		return strings.Join(lines, "\n")
	}
	f.Add(join(a), join(b))
	f.Add("same\nsame\nsame", "same\nsame")
	f.Fuzz(func(t *testing.T, ta, tb string) {
		build := func(id, text string) *statement.Statement {
			st := &statement.Statement{ID: id, Languages: []string{"en"}}
			for i, line := range strings.Split(text, "\n") {
				if i >= 200 {
					break
				}
				st.Paragraphs = append(st.Paragraphs, statement.Paragraph{Key: i + 1, Text: map[string]string{"en": line}})
			}
			return st
		}
		sa, sb := build("a", ta), build("b", tb)
		checkPairs(t, sa, sb, "en", Statements(sa, sb, "en", Options{}))
	})
}

func TestApplyRefusesAWrongDiff(t *testing.T) {
	parts := []textdiff.Part{{Op: textdiff.Kept, Text: "one "}, {Op: textdiff.Removed, Text: "three"}}
	if _, err := Apply("one two", parts); err == nil {
		t.Error("Apply accepted a diff made from another text")
	}
	if _, err := Apply("one two three", []textdiff.Part{{Op: textdiff.Kept, Text: "one "}}); err == nil {
		t.Error("Apply accepted a diff that leaves text unused")
	}
}
