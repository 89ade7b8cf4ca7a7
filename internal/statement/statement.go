// Package statement holds the archive's domain: a statement, its paragraphs in
// each language, and the two file formats statements arrive in (the canonical
// front-matter format and the raw table-remnant format of the first statement).
// It imports neither the index nor HTTP.
package statement

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Statement is one official statement, published paragraph by paragraph in
// one or more languages.
type Statement struct {
	// ID is the file name without its extension; it is the root of every
	// permalink into the statement and never changes.
	ID string
	// Title maps a language code to the statement's title in that language.
	// A statement in the raw format has none.
	Title map[string]string
	// Subtitle maps a language code to the line under the title, such as
	// "Issued by the Heads of State and Government …".
	Subtitle map[string]string
	// Date is the day the statement was issued; the zero Time when unknown.
	Date time.Time
	// Issuer is the body that issued it, such as "North Atlantic Council".
	Issuer string
	// Reference maps a language code to the publication reference in that
	// language ("Press Release (2011) 109", "Communiqué de presse (2011)
	// 109"); a reference that is the same in every language is under "".
	Reference map[string]string
	// Source maps a language code to the URL the issuer published the text
	// at: the official address, the only one citations give.
	Source map[string]string
	// Copy maps a language code to the URL of the copy the archive's text
	// was taken from where that is not the official page (a reprint, a
	// mirror, a web archive): shown as such, never cited as published.
	Copy map[string]string
	// Cut maps a language code to the rows whose text the copy holds only
	// in part (cut short), or, for a footnote, not at all.
	Cut map[string][]Ref
	// Tags are free keywords.
	Tags []string
	// MetaRevisions are the revisions of what its citations carry (title,
	// subtitle, date, issuer, references), oldest first, as the index
	// keeps them; none in a statement read from a file.
	MetaRevisions []MetaRevision
	// Aliases are the identifiers the statement was published under before
	// it was renamed: their permalinks redirect to its own, and the
	// permalink ledger holds their rows to its rows' words.
	Aliases []string
	// Languages lists the statement's language codes in the order of its sections.
	Languages []string
	// Unofficial lists the languages whose text the issuer did not publish
	// (a translation made by someone else).
	Unofficial []string
	// Incomplete lists the languages of which the archive holds only part
	// of the text: a paragraph missing there is not missing from the
	// publication.
	Incomplete []string
	// Unnumbered is set when no section numbers its paragraphs: the keys
	// are then positions, not official numbers.
	Unnumbered bool
	// TitleShared is set, by the index, where another statement of the
	// archive has the same title in a language: citations then add the
	// subtitle, which tells them apart.
	TitleShared bool
	// Paragraphs are the aligned rows of the statement in reading order:
	// the preamble, the paragraphs in increasing key order with the
	// headings between them, then the footnotes by number.
	Paragraphs []Paragraph
	// TextBytes is the size of the paragraphs' text in every language
	// together, known also where Paragraphs carry no text (0 when unknown).
	TextBytes int
}

// Paragraph is one aligned row of a statement: the same paragraph (or
// preamble, heading or footnote) in every language that has it.
type Paragraph struct {
	// Kind says what the row is; the zero Kind is a paragraph.
	Kind Kind
	// Key is a paragraph's official number where the statement numbers its
	// paragraphs, else its position (1, 2, …); a heading's ordinal; a
	// footnote's number; 0 for the preamble. Permalinks use it with the
	// kind (Ref).
	Key int
	// Sub is the letter of a row inserted after publication (see Ref).
	Sub int
	// Text maps a language code to the row's text in that language: its
	// lines (running text and list items, see ListItem) joined by "\n",
	// footnote references written [^N]. A language with a declared gap at
	// this row has no entry.
	Text map[string]string
}

// IsCut reports whether the text of row r in lang is cut short in the copy
// the archive holds.
func (s *Statement) IsCut(r Ref, lang string) bool {
	return slices.Contains(s.Cut[lang], r)
}

// HasDate reports whether the statement's issue date is known.
func (s *Statement) HasDate() bool { return !s.Date.IsZero() }

// DisplayTitle returns the title in lang, else in the statement's first
// language that has one, else the statement's ID (a raw statement has no title).
func (s *Statement) DisplayTitle(lang string) string {
	title, _ := s.TitleIn(lang)
	return title
}

// TitleIn returns the title DisplayTitle gives for lang and the language it
// is in; the language is empty when the title is the ID.
func (s *Statement) TitleIn(lang string) (title, titleLang string) {
	if t := s.Title[lang]; t != "" {
		return t, lang
	}
	for _, l := range s.Languages {
		if t := s.Title[l]; t != "" {
			return t, l
		}
	}
	langs := make([]string, 0, len(s.Title))
	for l := range s.Title {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		if s.Title[l] != "" {
			return s.Title[l], l
		}
	}
	return s.ID, ""
}

// Excerpt returns the start of text for a message: at most max bytes, cut
// between characters, with "…" when it was cut.
func Excerpt(text string, max int) string {
	if len(text) <= max {
		return text
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}

// ReferenceIn returns the publication reference in lang, else the one
// for every language, else the one in the statement's first language that
// has one; "" when there is none.
func (s *Statement) ReferenceIn(lang string) string {
	if r := s.Reference[lang]; r != "" {
		return r
	}
	if r := s.Reference[""]; r != "" {
		return r
	}
	for _, l := range s.Languages {
		if r := s.Reference[l]; r != "" {
			return r
		}
	}
	return ""
}

// IsUnofficial reports whether lang is a translation the issuer did not publish.
func (s *Statement) IsUnofficial(lang string) bool { return slices.Contains(s.Unofficial, lang) }

// IsIncomplete reports whether the archive holds only part of the text in lang.
func (s *Statement) IsIncomplete(lang string) bool { return slices.Contains(s.Incomplete, lang) }

// Row returns the statement's row named by ref, or false.
func (s *Statement) Row(ref Ref) (Paragraph, bool) {
	for _, p := range s.Paragraphs {
		if p.Ref() == ref {
			return p, true
		}
	}
	return Paragraph{}, false
}

// TextBytesRead returns the size of the text the paragraphs carry, in
// every language together.
func (s *Statement) TextBytesRead() int {
	n := 0
	for _, p := range s.Paragraphs {
		for _, text := range p.Text {
			n += len(text)
		}
	}
	return n
}

// ParagraphCount returns how many paragraphs (the preamble included, not
// headings or footnotes) the statement has in each language.
func (s *Statement) ParagraphCount() map[string]int {
	counts := make(map[string]int, len(s.Languages))
	for _, p := range s.Paragraphs {
		if p.Kind == Heading || p.Kind == Footnote {
			continue
		}
		for lang := range p.Text {
			counts[lang]++
		}
	}
	return counts
}

// Problem is one thing wrong with a statement file, located by path and line
// (line 0 when it concerns the whole file).
type Problem struct {
	Path string
	Line int
	// Column, counted in characters from 1, is set when the problem is
	// one character of the line.
	Column int
	// Msg says what is wrong and what to do about it.
	Msg string
}

// Error gives the problem as path:line:column: message, the path as
// DisplayName renders it: a file name cannot forge a line of the report or
// drive the terminal it is printed on.
func (p Problem) Error() string {
	path := DisplayName(p.Path)
	if p.Line > 0 && p.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", path, p.Line, p.Column, p.Msg)
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", path, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", path, p.Msg)
}

// Problems is every problem found in one or more files. It is an error so that
// a parse reports them all at once rather than stopping at the first.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by path, then line, so reports read like the files.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Path != ps[j].Path {
			return ps[i].Path < ps[j].Path
		}
		return ps[i].Line < ps[j].Line
	})
}

// MaxIDLength bounds a statement ID, which appears in every permalink.
const MaxIDLength = 128

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ValidID reports whether id can name a statement: lowercase letters, digits,
// hyphens and underscores, starting with a letter or digit.
func ValidID(id string) bool {
	return len(id) <= MaxIDLength && idPattern.MatchString(id)
}

// The range of issue dates the archive holds, both days included. The
// index stores dates as nanoseconds since 1970 in an int64, which reaches
// only 1677 to 2262; this range sits well inside it and holds every
// official statement from the first modern international organisations on.
// Ingest refuses a date outside it; a search filter outside it is clamped.
var (
	MinDate = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxDate = time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC)
)
