package statement

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// refs lists a statement's rows as String writes them, in order.
func refs(st *Statement) []string {
	out := make([]string, len(st.Paragraphs))
	for i, p := range st.Paragraphs {
		out[i] = p.Ref().String()
	}
	return out
}

const head = "---\ntitle: {en: T}\ndate: 2024-01-01\n"

// What archive import writes for a long communiqué (a preamble, headings,
// lettered and dashed list items, a footnote, three languages) is what
// ingest reads: the draft package's golden output is this test's input.
func TestImportedCommuniqueParses(t *testing.T) {
	path := filepath.Join("..", "draft", "testdata", "golden", "communique.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A reviewer confirms the CHECK lines and deletes them; before that
	// the draft is refused (TestUnreviewedDraftRefused).
	var reviewed []string
	for _, l := range strings.Split(string(data), "\n") {
		if !checkLine.MatchString(l) {
			reviewed = append(reviewed, l)
		}
	}
	st, err := Parse(path, []byte(strings.Join(reviewed, "\n")))
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	want := []string{"preamble", "h1", "1", "2", "h2", "3", "4", "h3", "5", "6", "n1"}
	if got := refs(st); !reflect.DeepEqual(got, want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	for _, l := range []string{"en", "fr", "de"} {
		for _, p := range st.Paragraphs {
			if _, ok := p.Text[l]; !ok {
				t.Errorf("[%s] lacks %s", l, p.Ref())
			}
		}
	}
	p3, _ := st.Row(Ref{Kind: Body, Key: 3})
	if want := "Nous sommes convenus\u00a0:\na) d'examiner tous les deux ans l'état de préparation des forces que nous affectons aux tâches communes\u00a0;"; !strings.HasPrefix(p3.Text["fr"], want) {
		t.Errorf("¶3 [fr] = %q, want it to start with %q", p3.Text["fr"], want)
	}
	if lines := strings.Split(p3.Text["en"], "\n"); len(lines) != 4 {
		t.Errorf("¶3 [en] has %d lines, want the running text and three items: %q", len(lines), p3.Text["en"])
	}
	h2, _ := st.Row(Ref{Kind: Heading, Key: 2})
	if h2.Text["de"] != "Widerstandsfähigkeit und Bereitschaft" {
		t.Errorf("heading 2 [de] = %q", h2.Text["de"])
	}
	n1, _ := st.Row(Ref{Kind: Footnote, Key: 1})
	if !strings.HasPrefix(n1.Text["en"], "One Ally records its reservation") {
		t.Errorf("footnote 1 [en] = %q", n1.Text["en"])
	}
	if got := st.ParagraphCount()["en"]; got != 7 {
		t.Errorf("ParagraphCount[en] = %d, want 7 (six paragraphs and the preamble)", got)
	}
}

func TestListItems(t *testing.T) {
	st := mustParse(t, "s.txt", head+"---\n[en]\n1. We have agreed:\n   a. to adapt\n      our forces;\n   b. to reaffirm our aims.\n"+
		"And we go on after the list.\n2. Items:\n\n   (i) first;\n   (ii) second.\n3. Dashes:\n- one\n• two\n– three\n")
	want := map[int]string{
		1: "We have agreed:\na. to adapt our forces;\nb. to reaffirm our aims.\nAnd we go on after the list.",
		2: "Items:\n(i) first;\n(ii) second.",
		3: "Dashes:\n- one\n• two\n– three",
	}
	for _, p := range st.Paragraphs {
		if p.Text["en"] != want[p.Key] {
			t.Errorf("¶%d = %q, want %q", p.Key, p.Text["en"], want[p.Key])
		}
	}
	for _, tc := range []struct {
		line, marker, text string
		ok                 bool
	}{
		{"a. to adapt", "a.", "to adapt", true},
		{"b) to reaffirm", "b)", "to reaffirm", true},
		{"(iv) fourth", "(iv)", "fourth", true},
		{"– tiret", "–", "tiret", true},
		{"1.5 percent rose", "", "1.5 percent rose", false},
		{"NATO is", "", "NATO is", false},
		{"a.", "", "a.", false},
	} {
		m, text, ok := ListItem(tc.line)
		if m != tc.marker || text != tc.text || ok != tc.ok {
			t.Errorf("ListItem(%q) = %q, %q, %v; want %q, %q, %v", tc.line, m, text, ok, tc.marker, tc.text, tc.ok)
		}
	}
}

func TestHeadings(t *testing.T) {
	// A heading pasted without a blank line ends the paragraph above,
	// instead of being glued to its end.
	st := mustParse(t, "s.txt", head+"---\n[en]\n1. One.\n# Nature of the Alliance\n2. Two.\n\n[fr]\n1. Un.\n# Nature de l'Alliance\n2. Deux.\n")
	if got, want := refs(st), []string{"1", "h1", "2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	if st.Paragraphs[0].Text["fr"] != "Un." || st.Paragraphs[1].Text["fr"] != "Nature de l'Alliance" {
		t.Errorf("rows = %+v", st.Paragraphs)
	}

	// An unnumbered statement keeps headings between positions.
	st = mustParse(t, "s.txt", head+"---\n[en]\nFirst.\n# Heading\nSecond.\n\nThird.\n")
	if got, want := refs(st), []string{"1", "h1", "2", "3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unnumbered rows = %v, want %v", got, want)
	}
}

func TestStructureProblems(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"heading missing in a translation",
			head + "---\n[en]\n1. One.\n# A\n2. Two.\n# B\n3. Three.\n\n[fr]\n1. Un.\n# A\n2. Deux.\n3. Trois.\n",
			"[fr] lacks heading 2 (\"B\", before paragraph 3)"},
		{"heading in another place",
			head + "---\n[en]\n1. One.\n# A\n2. Two.\n3. Three.\n\n[fr]\n1. Un.\n2. Deux.\n# A\n3. Trois.\n",
			"heading 1 (\"A\") stands before paragraph 3 in [fr] and before paragraph 2 in [en]"},
		{"empty heading", head + "---\n[en]\n1. One.\n#\n2. Two.\n", "a heading line with no text"},
		{"reference without its note", head + "---\n[en]\n1. One.[^2]\n", "footnote reference [^2] in the [en] section, which has no footnote 2"},
		{"note twice", head + "---\n[en]\n1. One.[^1]\n[^1]: A.\n[^1]: B.\n", "footnote 1 has a second text in the [en] section (the first is at line 7)"},
		{"note label not a number", head + "---\n[en]\n1. One.\n[^a]: A.\n", "footnote label [^a] is not a number from 1 to 9999"},
		{"note missing in a translation",
			head + "---\n[en]\n1. One.[^1]\n[^1]: Note.\n\n[fr]\n1. Un.\n",
			"[en] has footnote 1 (\"Note.\") and [fr] does not"},
		{"preamble missing in a translation",
			head + "---\n[en]\nThe Invitees associate themselves.\n1. One.\n\n[fr]\n1. Un.\n",
			"[en] has a preamble (text before paragraph 1: \"The Invitees associate themselves.\") and [fr] has none"},
		{"text between a heading and paragraph 1",
			head + "---\n[en]\n# A\nLoose text.\n1. One.\n",
			"text without a number between the heading at line 6 and paragraph 1"},
		{"paragraph without a number after paragraph 1",
			head + "---\n[en]\n1. One.\n2. Two.\n\nLoose.\n\n4. Four.\n",
			"if it is paragraph 3, start it with \"3. \"; if it continues paragraph 2, join it to paragraph 2 above by removing the blank line before it"},
		{"marker in the title",
			"---\ntitle: {en: \"Statement[^1]\"}\ndate: 2024-01-01\n---\n[en]\n1. One.\n",
			"the title holds the footnote reference [^1]"},
		{"gap that is no row", head + "gaps: {fr: [h9]}\n---\n[en]\n1. One.\n\n[fr]\n1. Un.\n", "gap declared for [fr] heading 9, but no language has heading 9"},
		{"gap of no kind", head + "gaps: {fr: [x1]}\n---\n[en]\n1. One.\n\n[fr]\n1. Un.\n", "gap \"x1\" for fr is not a paragraph number, preamble, heading (h2) or footnote (n1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.txt", []byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse = %v\nwant a problem containing %q", err, tc.want)
			}
		})
	}
}

// Each kind of row can be declared missing in one language; the rows after
// it keep their pairs.
func TestStructureGaps(t *testing.T) {
	st := mustParse(t, "s.txt", head+"gaps: {fr: [preamble, h1, n1]}\n---\n"+
		"[en]\nPreamble.\n# A\n1. One.[^1]\n# B\n2. Two.[^2]\n[^1]: N1.\n[^2]: N2.\n\n"+
		"[fr]\n1. Un.\n# B'\n2. Deux.[^2]\n[^2]: N2'.\n")
	if got, want := refs(st), []string{"preamble", "h1", "1", "h2", "2", "n1", "n2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	h2, _ := st.Row(Ref{Kind: Heading, Key: 2})
	if h2.Text["en"] != "B" || h2.Text["fr"] != "B'" {
		t.Errorf("heading 2 = %v, want B beside B'", h2.Text)
	}
	for _, r := range []Ref{PreambleRef, {Kind: Heading, Key: 1}, {Kind: Footnote, Key: 1}} {
		if p, _ := st.Row(r); p.Text["fr"] != "" || p.Text["en"] == "" {
			t.Errorf("%s = %v, want English only", r, p.Text)
		}
	}
}

func TestRefs(t *testing.T) {
	for _, r := range []Ref{{Kind: Body, Key: 1}, {Kind: Body, Key: MaxParagraphKey}, PreambleRef, {Kind: Heading, Key: 2}, {Kind: Footnote, Key: MaxFootnote},
		{Kind: Body, Key: 2, Sub: 1}, {Kind: Body, Sub: 1}, {Kind: Heading, Key: 1, Sub: MaxInserted}, {Kind: Heading, Sub: 2}, {Kind: Body, Key: MaxParagraphKey, Sub: 3}} {
		got, ok := ParseRef(r.String())
		if !ok || got != r {
			t.Errorf("ParseRef(%q) = %v, %v; want %v", r.String(), got, ok, r)
		}
	}
	for _, s := range []string{"", "0", "01", "-1", "+1", "h", "h0", "n01", "h10000", "100000", "p1", "Preamble", "1 ", "n1x", "99999999999999999999",
		"n1a", "00a", "01a", "1A", "a", "ha", "preamblea", "1aa", "100000a", "h10000a", "1é"} {
		if r, ok := ParseRef(s); ok {
			t.Errorf("ParseRef(%q) = %v, want refused", s, r)
		}
	}
	if got := PlainText("One.[^1]\na. two[^12]"); got != "One. a. two" {
		t.Errorf("PlainText = %q", got)
	}
	if got := string(BlankNotes([]byte("concern.[^1] Allies"))); got != "concern.     Allies" {
		t.Errorf("BlankNotes = %q", got)
	}
}

// A raw file (no front matter) whose languages differ is told how to get
// front matter, rather than only to declare gaps in front matter it lacks.
func TestRawMismatchAdvice(t *testing.T) {
	en := "The Council met today and agreed on the way ahead for the Alliance.\n\nIt will meet again next month to review the progress made by all Allies."
	fr := "Le Conseil s'est réuni aujourd'hui et s'est mis d'accord sur la voie à suivre pour l'Alliance."
	_, err := Parse("raw.txt", []byte(en+"\n|\n---|\n"+fr+"\n"))
	if err == nil || !strings.Contains(err.Error(), "no front matter to declare gaps in: run archive import on it") {
		t.Errorf("Parse = %v, want the advice to import the file", err)
	}
}
