package statement

import (
	"reflect"
	"strings"
	"testing"
)

// A copy's shortcomings are declared, not hidden: the official address
// and the copy's apart, a paragraph cut short, a footnote whose text the
// copy lacks (in one language, or in all).
func TestCopyAndCut(t *testing.T) {
	file := "---\ntitle: {en: T}\ndate: 2024-01-01\nsource: {en: \"https://example.org/official\"}\ncopy: {en: \"https://reprint.example.net/2024/statement\"}\ncut: {en: [2, n2], fr: [n1]}\n---\n" +
		"[en]\n1. One.[^1]\n\n2. Two, and then the copy[^2]\n\n[^1]: Note one.\n" +
		"[fr]\n1. Un.[^1]\n\n2. Deux, puis la suite.\n"
	st, err := Parse("s.txt", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if st.Copy["en"] != "https://reprint.example.net/2024/statement" || st.Source["en"] != "https://example.org/official" {
		t.Errorf("source %v, copy %v", st.Source, st.Copy)
	}
	if !st.IsCut(Ref{Kind: Body, Key: 2}, "en") || st.IsCut(Ref{Kind: Body, Key: 2}, "fr") {
		t.Errorf("cut = %v, want en ¶2 only", st.Cut)
	}
	if got, want := refs(st), []string{"1", "2", "n1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v (footnote 2's text is in no copy)", got, want)
	}
	if n1, _ := st.Row(Ref{Kind: Footnote, Key: 1}); n1.Text["en"] != "Note one." || len(n1.Text) != 1 {
		t.Errorf("n1 = %v, want English only (the French copy lacks it)", n1.Text)
	}
}

func TestCutRefusals(t *testing.T) {
	for _, c := range []struct{ name, front, want string }{
		{"a row the language lacks", "cut: {en: [3]}\n", "cut lists [en] paragraph 3, which the [en] section does not have"},
		{"a footnote never referred to", "cut: {en: [n4]}\n", "neither has footnote 4 nor refers to it"},
		{"a language without a section", "cut: {de: [1]}\n", "cut lists rows of de, which has no section"},
		{"twice", "cut: {en: [1, 1]}\n", "cut lists [en] 1 twice"},
		{"not a row", "cut: {en: [x]}\n", `cut "x" for en is not a paragraph number`},
		{"a copy that is no URL", "copy: {en: reprint}\n", `copy "reprint" is not an http or https URL`},
		{"an unknown note not declared", "", "footnote reference [^2] in the [en] section, which has no footnote 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := "---\ntitle: {en: T}\ndate: 2024-01-01\n" + c.front + "---\n[en]\n1. One.\n\n2. Two.[^2]\n"
			if c.name != "an unknown note not declared" && c.name != "a footnote never referred to" {
				file = strings.Replace(file, "[^2]", "", 1)
			}
			if _, err := Parse("s.txt", []byte(file)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse = %v, want %q", err, c.want)
			}
		})
	}
}
