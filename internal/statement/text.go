package statement

import (
	"regexp"
	"strconv"
	"strings"
)

// Kind is what a row of a statement is: a paragraph, the preamble before
// paragraph 1, a heading between paragraphs, or a footnote.
type Kind uint8

// The kinds of row, in the order a statement's rows group them: the
// preamble first, then paragraphs with the headings between them, then
// the footnotes.
const (
	Body Kind = iota
	Preamble
	Heading
	Footnote
)

func (k Kind) String() string {
	switch k {
	case Preamble:
		return "preamble"
	case Heading:
		return "heading"
	case Footnote:
		return "footnote"
	}
	return "paragraph"
}

// Limits of the rows that are not paragraphs: a statement's headings are
// counted from 1 to MaxHeadings, its footnotes numbered from 1 to
// MaxFootnote. Real communiqués have a few dozen of each.
const (
	MaxHeadings = 9999
	MaxFootnote = 9999
)

// MaxNoteRefs bounds the footnote references in one row in one language.
// Real paragraphs refer to one or two; each becomes a link on the page,
// some forty bytes for the four of [^1], and the server sizes pages from
// the text's length, so a row of nothing but references is refused.
const MaxNoteRefs = 16

// Ref names one row of a statement: its kind and its key within the kind,
// the paragraph's number or position, the heading's ordinal, the
// footnote's number (0 for the preamble). A permalink ends with it.
//
// A row inserted once the statement was published, where its place has
// no number of its own, takes the key of the row before it and a letter
// (Sub): "2a" is the first paragraph inserted after paragraph 2, "h1a" the
// first heading inserted after heading 1, "0a" and "h0a" rows inserted
// before the first. No published key then moves (see Inserted).
type Ref struct {
	Kind Kind
	Key  int
	// Sub is an inserted row's letter, 1 for a to MaxInserted for z; 0 for
	// every other row.
	Sub int
}

// MaxInserted bounds the rows inserted at one place, lettered a to z.
const MaxInserted = 26

// PreambleRef is the preamble's ref: a statement has at most one.
var PreambleRef = Ref{Kind: Preamble}

// String writes the ref as permalinks and gaps spell it: "3" for
// paragraph 3, "preamble", "h2" for the second heading, "n1" for
// footnote 1, "3a" for the paragraph inserted after paragraph 3.
func (r Ref) String() string {
	switch r.Kind {
	case Preamble:
		return "preamble"
	case Heading:
		return "h" + r.Number()
	case Footnote:
		return "n" + r.Number()
	}
	return r.Number()
}

// Number writes the key without its kind's prefix: "3", "3a".
func (r Ref) Number() string { return strconv.Itoa(r.Key) + r.Letter() }

// Letter is an inserted row's letter, "a" to "z"; "" for any other row.
func (r Ref) Letter() string {
	if r.Sub > 0 && r.Sub <= MaxInserted {
		return string(rune('a' + r.Sub - 1))
	}
	return ""
}

// InsertedPlace says where an inserted row stands: "after paragraph 2",
// "after heading 1a", "before the first heading" (0a, 0b, …).
func (r Ref) InsertedPlace() string {
	if r.Key == 0 {
		return "before the first " + r.Kind.String()
	}
	prev := r
	prev.Sub--
	return "after " + prev.Label()
}

// Label names the row in running text: "paragraph 3", "preamble",
// "heading 2", "footnote 1", "paragraph 3a".
func (r Ref) Label() string {
	if r.Kind == Preamble {
		return "preamble"
	}
	return r.Kind.String() + " " + r.Number()
}

// Anchor is the row's fragment in the reading view: "p3" (as every
// permalink has pointed since the first version), "preamble", "h2", "n1".
func (r Ref) Anchor() string {
	if r.Kind == Body {
		return "p" + r.Number()
	}
	return r.String()
}

// Inserted reports whether the row was inserted after publication.
func (r Ref) Inserted() bool { return r.Sub > 0 }

// Compare orders refs by kind (paragraphs, preamble, headings,
// footnotes, as Kind numbers them), then key, then letter: it sorts lists
// of permalinks, not a statement's reading order.
func (r Ref) Compare(o Ref) int {
	switch {
	case r.Kind != o.Kind:
		return int(r.Kind) - int(o.Kind)
	case r.Key != o.Key:
		return r.Key - o.Key
	}
	return r.Sub - o.Sub
}

// ParseRef reads a ref as String writes it, strictly: no sign, no leading
// zero, no space, within the limits of its kind; a letter a–z only after
// a paragraph's or a heading's key, which may then be 0.
func ParseRef(s string) (Ref, bool) {
	if s == "preamble" {
		return PreambleRef, true
	}
	kind, max, digits := Body, MaxParagraphKey, s
	switch {
	case strings.HasPrefix(s, "h"):
		kind, max, digits = Heading, MaxHeadings, s[1:]
	case strings.HasPrefix(s, "n"):
		kind, max, digits = Footnote, MaxFootnote, s[1:]
	}
	sub := 0
	if n := len(digits); n > 1 && kind != Footnote && digits[n-1] >= 'a' && digits[n-1] <= 'z' {
		sub = int(digits[n-1]-'a') + 1
		digits = digits[:n-1]
	}
	if digits == "" || len(digits) > 5 || (digits[0] == '0' && (len(digits) > 1 || sub == 0)) {
		return Ref{}, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return Ref{}, false
		}
		n = n*10 + int(c-'0')
	}
	if (n < 1 && sub == 0) || n > max {
		return Ref{}, false
	}
	return Ref{Kind: kind, Key: n, Sub: sub}, true
}

// Ref returns the row's ref.
func (p Paragraph) Ref() Ref { return Ref{Kind: p.Kind, Key: p.Key, Sub: p.Sub} }

// A row's text keeps its lines as published: running text, and list items,
// each on a line of its own that starts with its marker ("a.", "b)",
// "(iii)", "-", "•", "–"). Wrapped lines are joined into one.
var listMarker = regexp.MustCompile(`^(?:[a-z][.)]|\((?:[a-z]|[ivxl]{1,6}|[0-9]{1,2})\)|[ivxl]{1,6}[.)]|[0-9]{1,2}\)|[-•–—▪◦·])[ \t\x{00a0}]+`)

// ListItem splits a line of a row's text into its list marker and its
// text; ok is false for a line of running text.
func ListItem(line string) (marker, text string, ok bool) {
	loc := listMarker.FindStringIndex(line)
	if loc == nil || strings.TrimSpace(line[loc[1]:]) == "" {
		return "", line, false
	}
	return strings.TrimRight(line[:loc[1]], " \t\u00a0"), line[loc[1]:], true
}

// noteMark is a footnote reference in text: [^N].
var noteMark = regexp.MustCompile(`\[\^([1-9][0-9]{0,3})\]`)

// Span is a piece of a line of text: running text, or a footnote reference
// (Note set, Text empty).
type Span struct {
	Text string
	Note int
}

// Spans splits a line into its running text and its footnote references.
func Spans(line string) []Span {
	locs := noteMark.FindAllStringSubmatchIndex(line, -1)
	if locs == nil {
		return []Span{{Text: line}}
	}
	var out []Span
	last := 0
	for _, m := range locs {
		if m[0] > last {
			out = append(out, Span{Text: line[last:m[0]]})
		}
		n, _ := strconv.Atoi(line[m[2]:m[3]])
		out = append(out, Span{Note: n})
		last = m[1]
	}
	if last < len(line) {
		out = append(out, Span{Text: line[last:]})
	}
	return out
}

// Notes returns the footnote numbers text refers to, in order, each once.
func Notes(text string) []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range noteMark.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// PlainText returns text as a quotation shows it on one line: without
// footnote markers, its lines joined by spaces.
func PlainText(text string) string {
	text = noteMark.ReplaceAllString(text, "")
	return strings.Join(strings.Split(text, "\n"), " ")
}

// BlankNotes returns data with every footnote marker replaced by as many
// spaces, for the index's analyzers: a marker's number is not a word of
// the text, and the offsets of the words around it stay those of the
// stored text.
func BlankNotes(data []byte) []byte {
	locs := noteMark.FindAllIndex(data, -1)
	if locs == nil {
		return data
	}
	out := append([]byte(nil), data...)
	for _, l := range locs {
		for i := l[0]; i < l[1]; i++ {
			out[i] = ' '
		}
	}
	return out
}
