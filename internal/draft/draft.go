// Package draft turns text copied from an official web page or PDF into a
// draft statement file in the canonical format, for a person to review
// before it is ingested.
//
// Copied text carries the publication's layout but no markup: a title and
// a subtitle ("Issued by the Heads of State and Government …"), date and
// reference lines, a preamble before paragraph 1, numbered paragraphs wrapped
// over several lines, headings between paragraphs, lettered and dashed list
// items, footnote markers and their text, and, from a PDF, page numbers,
// running headers and words hyphenated at line ends. Read recognises these
// from the shapes real pages have; whatever it is not sure of becomes a
// Check, written as a "# CHECK:" comment in the front matter, so the
// reviewer edits only what was marked.
//
// The package reuses the statement package's language identification and
// separator convention; it does not parse canonical files (statement does).
package draft

import (
	"fmt"
	"strings"

	"statementarchive/internal/statement"
)

// Statement is a statement as read from copied text: what the canonical file
// will say, and what the reader must confirm.
type Statement struct {
	// Sources names the files read, in order.
	Sources []string
	// Title and Subtitle map a language code to the text in that language.
	Title    map[string]string
	Subtitle map[string]string
	// Date is the issue date as YYYY-MM-DD, or "" when none was found or the
	// languages disagree (a Check says which).
	Date string
	// Issuer is the English name of the issuing body, when the text states
	// one the package knows.
	Issuer string
	// Reference maps a language code to the publication reference in that
	// language; a reference that is the same in every language is under "".
	Reference map[string]string
	// Unofficial lists the languages whose text says it is an unofficial
	// translation.
	Unofficial []string
	// Sections holds one section per language, in the order read.
	Sections []Section
	// Checks are the things a person must confirm, in the order found.
	Checks []Check
}

// Section is one language's text.
type Section struct {
	// Lang is the ISO 639-1 code statement.DetectLanguage gave the text.
	Lang string
	// Source is the file the text came from.
	Source string
	// Preamble is the text before paragraph 1 of a numbered text.
	Preamble string
	// Blocks are the headings and paragraphs, in order.
	Blocks []Block
	// Footnotes are the footnote texts, in order of their numbers.
	Footnotes []Footnote
}

// Kind tells a heading from a paragraph.
type Kind int

// The kinds of block.
const (
	Paragraph Kind = iota
	Heading
)

func (k Kind) String() string {
	if k == Heading {
		return "heading"
	}
	return "paragraph"
}

// Block is a heading or a paragraph.
type Block struct {
	Kind Kind
	// Number is the paragraph's official number; 0 for a heading or a
	// paragraph of an unnumbered text.
	Number int
	// Lines hold a paragraph's running text and list items in order (a
	// paragraph may continue after its list), or a heading's one line.
	Lines []Line
}

// Line is running text (Marker "") or one list item, its marker as
// published: "a.", "b)", "(i)", "-", "•", "–".
type Line struct {
	Marker string
	Text   string
}

// Footnote is a footnote's text under its number, as the text refers to
// it with [^Number].
type Footnote struct {
	Number int
	Text   string
}

// Check is one thing the reader could not be sure of.
type Check struct {
	// Lang is the section it concerns; "" for the whole statement.
	Lang string
	// Source and Line locate it in the input; Line is 0 when it concerns
	// no single line.
	Source string
	Line   int
	// Msg says what was decided and what to do if it is wrong.
	Msg string
}

func (c Check) String() string {
	var b strings.Builder
	if c.Lang != "" {
		fmt.Fprintf(&b, "[%s] ", c.Lang)
	}
	switch {
	case c.Source != "" && c.Line > 0:
		fmt.Fprintf(&b, "%s line %d: ", statement.DisplayName(c.Source), c.Line)
	case c.Source != "":
		fmt.Fprintf(&b, "%s: ", statement.DisplayName(c.Source))
	}
	b.WriteString(c.Msg)
	return b.String()
}

// Section returns the section in lang, or nil.
func (s *Statement) Section(lang string) *Section {
	for i := range s.Sections {
		if s.Sections[i].Lang == lang {
			return &s.Sections[i]
		}
	}
	return nil
}

// Paragraphs returns the section's paragraphs, without headings.
func (s *Section) Paragraphs() []Block {
	var out []Block
	for _, b := range s.Blocks {
		if b.Kind == Paragraph {
			out = append(out, b)
		}
	}
	return out
}

// Numbered reports whether the section's paragraphs carry official numbers.
func (s *Section) Numbered() bool {
	for _, b := range s.Blocks {
		if b.Kind == Paragraph {
			return b.Number > 0
		}
	}
	return false
}

// Text returns the block's text on one line: its lines joined with spaces,
// each list item after its marker. It is the text the statement parser
// gives a paragraph written without list markup.
func (b Block) Text() string {
	parts := make([]string, 0, len(b.Lines))
	for _, l := range b.Lines {
		if l.Marker != "" {
			parts = append(parts, l.Marker+" "+l.Text)
		} else {
			parts = append(parts, l.Text)
		}
	}
	return strings.Join(parts, " ")
}
