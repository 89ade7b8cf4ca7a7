package statement

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// unnumbered is a statement whose paragraphs have no numbers, in English
// and French.
func unnumbered(frontMatter, en, fr string) []byte {
	return []byte("---\ntitle: {en: T}\ndate: 2024-01-01\n" + frontMatter + "---\n[en]\n" + en + "\n[fr]\n" + fr)
}

// Paragraphs and headings inserted into an unnumbered statement take the
// keys the front matter declares, in reading order; every other row keeps
// the key and the words it had.
func TestInsertedKeepsKeys(t *testing.T) {
	before, err := Parse("s.txt", unnumbered("",
		"One.\n\n# Head\n\nTwo.\n\nThree.\n",
		"Un.\n\n# Titre\n\nDeux.\n\nTrois.\n"))
	if err != nil {
		t.Fatal(err)
	}
	after, err := Parse("s.txt", unnumbered("inserted: [0a, 2a, 2b, h1a, h0a]\n",
		"# First head\n\nZero.\n\nOne.\n\n# Head\n\nTwo.\n\nTwo and a half.\n\nTwo and three quarters.\n\n# Later head\n\nThree.\n",
		"# Premier titre\n\nZéro.\n\nUn.\n\n# Titre\n\nDeux.\n\nDeux et demi.\n\nDeux et trois quarts.\n\n# Titre ajouté\n\nTrois.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := refs(after), []string{"h0a", "0a", "1", "h1", "2", "2a", "2b", "h1a", "3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	for _, p := range before.Paragraphs {
		q, ok := after.Row(p.Ref())
		if !ok || !reflect.DeepEqual(q.Text, p.Text) {
			t.Errorf("%s = %v after the insertions, want %v as before", p.Ref(), q.Text, p.Text)
		}
	}
	if p, _ := after.Row(Ref{Kind: Body, Key: 2, Sub: 1}); p.Text["fr"] != "Deux et demi." {
		t.Errorf("2a = %v", p.Text)
	}
}

// An inserted paragraph one language lacks is declared a gap by its key,
// and the paragraphs after it still pair up.
func TestInsertedGap(t *testing.T) {
	st, err := Parse("s.txt", unnumbered("inserted: [1a]\ngaps: {fr: [1a]}\n",
		"One.\n\nAdded.\n\nTwo.\n", "Un.\n\nDeux.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := refs(st), []string{"1", "1a", "2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	if p, _ := st.Row(Ref{Kind: Body, Key: 2}); p.Text["fr"] != "Deux." || p.Text["en"] != "Two." {
		t.Errorf("2 = %v", p.Text)
	}
}

// Each way of declaring an insertion wrongly is refused with what to do.
func TestInsertedRefusals(t *testing.T) {
	for _, c := range []struct {
		name, file, want string
	}{
		{"not lettered", "inserted: [2]\n", `inserted "2" is not the key of an inserted paragraph or heading`},
		{"a footnote", "inserted: [n1a]\n", `inserted "n1a" is not the key`},
		{"twice", "inserted: [1a, 1a]\n", "inserted lists 1a twice"},
		{"b without a", "inserted: [1b]\n", "inserted lists 1b but not 1a"},
		{"no such row", "inserted: [2a]\n", "inserted 2a names no row: no section has a paragraph there; remove it from inserted, or add the paragraph after paragraph 2"},
		{"no such heading", "inserted: [h0a]\n", "add the heading before the first heading"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("s.txt", unnumbered(c.file, "One.\n\nTwo.\n", "Un.\n\nDeux.\n"))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse = %v, want %q", err, c.want)
			}
		})
	}
	numbered := []byte("---\ntitle: {en: T}\ndate: 2024-01-01\ninserted: [1a]\n---\n[en]\n1. One.\n\n2. Two.\n")
	if _, err := Parse("s.txt", numbered); err == nil || !strings.Contains(err.Error(), "the [en] section numbers its paragraphs") {
		t.Errorf("Parse of a numbered statement = %v, want it told to use the original's number", err)
	}
}

// A draft whose front matter still holds import's CHECK lines is refused,
// each line named, so that check and ingest never pass an unreviewed
// draft; once they are deleted it parses.
func TestUnreviewedDraftRefused(t *testing.T) {
	draft := "---\n# Confirm or correct each CHECK, then delete the CHECK lines.\n# CHECK: [fr] fr.txt line 3: the date was read from the page footer\ntitle: {en: T}\n#   CHECK the title\ndate: 2024-01-01\n---\n[en]\nOne.\n"
	_, err := Parse("s.txt", []byte(draft))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 || ps[0].Line != 3 || ps[1].Line != 5 || !strings.Contains(ps[0].Msg, "not yet reviewed: # CHECK: [fr] fr.txt line 3") {
		t.Fatalf("Parse = %v, want the two CHECK lines named at lines 3 and 5", err)
	}
	var kept []string
	for _, l := range strings.Split(draft, "\n") {
		if !strings.Contains(l, "CHECK") {
			kept = append(kept, l)
		}
	}
	if _, err := Parse("s.txt", []byte(strings.Join(kept, "\n"))); err != nil {
		t.Errorf("the reviewed draft: %v", err)
	}
}
