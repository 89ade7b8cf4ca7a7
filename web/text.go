package web

import (
	"strconv"
	"strings"

	"statementarchive/internal/statement"
)

// TextLine is one line of a row's text: running text, or a list item with
// its marker as published ("a.", "(iii)", "–").
type TextLine struct {
	Marker string
	Spans  []statement.Span
}

// TextBlock is a run of running-text lines (each a paragraph) or of list
// items (one list).
type TextBlock struct {
	Items bool
	Lines []TextLine
}

// TextBlocks splits a row's text into what a page shows: its lines, the
// consecutive list items grouped into one list, footnote references apart.
func TextBlocks(text string) []TextBlock {
	var out []TextBlock
	for _, line := range strings.Split(text, "\n") {
		marker, rest, item := statement.ListItem(line)
		l := TextLine{Marker: marker, Spans: statement.Spans(rest)}
		if n := len(out); n > 0 && out[n-1].Items == item {
			out[n-1].Lines = append(out[n-1].Lines, l)
			continue
		}
		out = append(out, TextBlock{Items: item, Lines: []TextLine{l}})
	}
	return out
}

// NoteLink returns where a footnote reference in a row of st links: the
// footnote's row in the reading view (in "" for the page the row is on)
// or its permalink in lang; "" for a note whose text the copy lacks. It
// also returns the note's text where it is at hand (else ""), which the
// reference shows as its title, so that a reader sees the note without
// leaving the paragraph.
type NoteLink func(n int) (href, text string)

// NotesOnPage links footnote references of st in lang to the footnotes'
// rows on the same page.
func NotesOnPage(st *statement.Statement, lang string) NoteLink {
	return func(n int) (string, string) {
		if !hasNote(st, lang, n) {
			return "", ""
		}
		return "#" + statement.Ref{Kind: statement.Footnote, Key: n}.Anchor(), noteText(st, lang, n)
	}
}

// NotePermalinks links footnote references of st to the footnotes' permalinks in lang.
func NotePermalinks(st *statement.Statement, lang string) NoteLink {
	return func(n int) (string, string) {
		if !hasNote(st, lang, n) {
			return "", ""
		}
		return ParagraphPath(st.ID, statement.Ref{Kind: statement.Footnote, Key: n}) + "?lang=" + lang, noteText(st, lang, n)
	}
}

// NotesFrom links footnote references to the footnotes' permalinks in
// lang, their texts taken from notes (the rows a page fetched).
func NotesFrom(st *statement.Statement, lang string, notes map[int]statement.Paragraph) NoteLink {
	return func(n int) (string, string) {
		href, _ := NotePermalinks(st, lang)(n)
		if href == "" {
			return "", ""
		}
		return href, notePlain(notes[n].Text[lang])
	}
}

// noteText is footnote n's text in lang as plain text, "" when the
// statement at hand does not hold it.
func noteText(st *statement.Statement, lang string, n int) string {
	p, ok := st.Row(statement.Ref{Kind: statement.Footnote, Key: n})
	if !ok {
		return ""
	}
	return notePlain(p.Text[lang])
}

// notePlain writes a note's text for a title: its spans' text, at most
// 600 bytes.
func notePlain(text string) string {
	var b strings.Builder
	for _, sp := range statement.Spans(text) {
		b.WriteString(sp.Text)
	}
	return statement.Excerpt(strings.TrimSpace(b.String()), 600)
}

// hasNote reports whether footnote n has a text to link to: not where the
// copy the archive holds lacks it (statement.Statement.Cut). A statement
// that lists no rows (a search hit's) is taken to have it.
func hasNote(st *statement.Statement, lang string, n int) bool {
	ref := statement.Ref{Kind: statement.Footnote, Key: n}
	if !st.IsCut(ref, lang) {
		return true
	}
	p, ok := st.Row(ref)
	if !ok {
		return false
	}
	_, ok = p.Text[lang]
	return ok
}

// UnknownNote is the title of a footnote reference whose text the copy
// the archive holds lacks.
const UnknownNote = "The text of this footnote is not in the copy the archive holds"

// CutNote says that lang's text of a row is cut short in the copy.
func CutNote(st *statement.Statement, lang string) string {
	where := "the copy the archive holds"
	if u := st.Copy[lang]; u != "" {
		where = "the copy at " + u
	}
	return "Cut short: the " + LanguageName(lang) + " text of this row ends here in " + where + "; the rest is not known."
}

// Linker finds what a piece of a row's text refers to that the archive
// holds: the references of other statements ("PR(2011)109", "UNSCR
// 1973"), each a link to that statement. A nil Linker links nothing.
type Linker func(text string) []TextLink

// TextLink is a stretch of text (bytes Start to End) that links to Href.
type TextLink struct {
	Start, End  int
	Href, Title string
}

// Piece is a stretch of running text, a link where Href is set.
type Piece struct {
	Text, Href, Title string
}

// Pieces splits text into the stretches links finds and the text between.
func Pieces(text string, links Linker) []Piece {
	if links == nil {
		return []Piece{{Text: text}}
	}
	var out []Piece
	last := 0
	for _, l := range links(text) {
		if l.Start < last || l.End > len(text) || l.Start >= l.End {
			continue
		}
		if l.Start > last {
			out = append(out, Piece{Text: text[last:l.Start]})
		}
		out = append(out, Piece{Text: text[l.Start:l.End], Href: l.Href, Title: l.Title})
		last = l.End
	}
	if last < len(text) || len(out) == 0 {
		out = append(out, Piece{Text: text[last:]})
	}
	return out
}

// RowID is the id of a row's element in the reading view, the fragment
// of the links to it.
func RowID(r statement.Ref) string { return r.Anchor() }

func noteLabel(n int) string { return "Footnote " + strconv.Itoa(n) }
