package statement

import (
	"fmt"
	"strings"
	"testing"
)

// A paragraph missing in the middle of an unnumbered translation is
// declared where it is missing, and the paragraphs after it keep their
// pairs: positions skip declared gaps.
func TestUnnumberedGapInTheMiddle(t *testing.T) {
	var en, fr []string
	for i := 1; i <= 8; i++ {
		en = append(en, fmt.Sprintf("English paragraph %d.", i))
		if i != 6 {
			fr = append(fr, fmt.Sprintf("Paragraphe français %d.", i))
		}
	}
	file := func(gaps string) string {
		return "---\ntitle: {en: T}\ndate: 2024-01-01\n" + gaps + "---\n[en]\n" + strings.Join(en, "\n\n") + "\n\n[fr]\n" + strings.Join(fr, "\n\n") + "\n"
	}
	st, err := Parse("s.txt", []byte(file("gaps: {fr: [6]}\n")))
	if err != nil {
		t.Fatalf("Parse with gaps: {fr: [6]}: %v", err)
	}
	for _, p := range st.Paragraphs {
		en, fr := p.Text["en"], p.Text["fr"]
		want := fmt.Sprintf("Paragraphe français %d.", p.Key)
		switch {
		case p.Key == 6 && fr != "":
			t.Errorf("row 6 has French %q, want none (the declared gap)", fr)
		case p.Key != 6 && fr != want:
			t.Errorf("row %d pairs %q with %q, want %q", p.Key, en, fr, want)
		}
	}
	if len(st.Paragraphs) != 8 {
		t.Errorf("%d rows, want 8", len(st.Paragraphs))
	}
	// Without the declaration the counts differ, and ingest says so.
	if _, err := Parse("s.txt", []byte(file(""))); err == nil || !strings.Contains(err.Error(), "paragraphs differ") {
		t.Errorf("Parse without gaps = %v, want the counts refused", err)
	}
}

// Where one paragraph is missing from an unnumbered translation, the
// refusal names the likely position from the paragraphs' lengths, not the
// last position (which, declared, would misalign every paragraph after
// the real gap).
func TestUnnumberedMismatchNamesTheLikelyGap(t *testing.T) {
	lengths := []int{300, 900, 150, 1200, 450, 700, 250, 1000, 380, 820}
	var en, fr []string
	for i, n := range lengths {
		en = append(en, strings.Repeat("a", n-1)+".")
		if i != 5 {
			fr = append(fr, strings.Repeat("b", n*115/100-1)+".")
		}
	}
	text := "---\ntitle: {en: T}\ndate: 2024-01-01\n---\n[en]\n" + strings.Join(en, "\n\n") + "\n\n[fr]\n" + strings.Join(fr, "\n\n") + "\n"
	_, err := Parse("s.txt", []byte(text))
	if err == nil || !strings.Contains(err.Error(), "most likely lacks the paragraph at position 6") || !strings.Contains(err.Error(), "gaps: {fr: [6]}") {
		t.Errorf("Parse = %v, want the refusal to name position 6", err)
	}
}
