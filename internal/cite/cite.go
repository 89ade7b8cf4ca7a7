// Package cite writes citations of one row of a statement (a paragraph,
// the preamble, a heading or a footnote) in the styles authors are asked
// for and the formats reference managers read: a plain citation, Chicago
// notes and bibliography (17th edition), APA 7, MLA 9, BibTeX (read by
// BibTeX and biblatex alike), RIS and CSL-JSON.
//
// Every citation names the row (the pinpoint: "para. 3", and "unnumbered
// in the original" for a position in a statement that does not number its
// paragraphs), gives the title in the language cited, and the words and
// dates of that language (see locale); it carries the official source URL
// when the statement file gives one, and the archive's permalink. The
// styles are written here by hand from their manuals; .ci/citations.mjs
// checks the machine formats and APA against citation.js, an independent
// processor.
package cite

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"statementarchive/internal/statement"
)

// ArchiveName is the archive's name where a style names the archive a
// text was read in: APA's archive, MLA's second container, the CSL and
// RIS archive fields.
const ArchiveName = "Statement archive"

// Work is what a citation names: one row of a statement, cited in a
// language, at its permalink.
type Work struct {
	Statement *statement.Statement
	Ref       statement.Ref
	// Lang is the language the citation is written for: its title, words
	// and dates. It is the language the page shows first.
	Lang string
	// Permalink is the row's absolute URL in the archive.
	Permalink string
	// Version, where the row was revised (Versions over 1), is the
	// version cited, counted from 1, the words as first published; Since
	// and Until are the days it began and ended ("" for the first and for
	// the current one).
	Version, Versions int
	Since, Until      string
	// TextLang, where set, is the language of the words cited, when Lang,
	// the language the citation is written for, lacks the row: the
	// citation then says so ("texte en anglais").
	TextLang string
}

// Format is a citation style or file format, named as the API's format
// parameter names it.
type Format string

// The formats, in the order the paragraph page shows them.
const (
	Text                Format = "text"
	ChicagoNote         Format = "chicago-note"
	ChicagoBibliography Format = "chicago-bibliography"
	APA                 Format = "apa"
	MLA                 Format = "mla"
	BibTeX              Format = "bibtex"
	RIS                 Format = "ris"
	CSLJSON             Format = "csl-json"
)

// Formats lists every format, in the order the paragraph page shows them.
var Formats = []Format{Text, ChicagoNote, ChicagoBibliography, APA, MLA, BibTeX, RIS, CSLJSON}

// ParseFormat returns the format named s, or false.
func ParseFormat(s string) (Format, bool) {
	for _, f := range Formats {
		if string(f) == s {
			return f, true
		}
	}
	return "", false
}

// Label names the format for people.
func (f Format) Label() string {
	switch f {
	case Text:
		return "Plain text"
	case ChicagoNote:
		return "Chicago, note"
	case ChicagoBibliography:
		return "Chicago, bibliography"
	case APA:
		return "APA 7, reference and in-text citation"
	case MLA:
		return "MLA 9, works cited and in-text citation"
	case BibTeX:
		return "BibTeX and biblatex"
	case RIS:
		return "RIS"
	case CSLJSON:
		return "CSL-JSON"
	}
	return string(f)
}

// MediaType is the Content-Type a download of the format is served with.
func (f Format) MediaType() string {
	switch f {
	case BibTeX:
		return "application/x-bibtex; charset=utf-8"
	case RIS:
		return "application/x-research-info-systems; charset=utf-8"
	case CSLJSON:
		return "application/vnd.citationstyles.csl+json"
	}
	return "text/plain; charset=utf-8"
}

// Extension is the file name extension of a download of the format.
func (f Format) Extension() string {
	switch f {
	case BibTeX:
		return ".bib"
	case RIS:
		return ".ris"
	case CSLJSON:
		return ".json"
	}
	return ".txt"
}

// FileName is the name a download of the citation is saved under:
// "ID-REF-LANG.bib", "ID-REF-LANG-apa.txt".
func (w Work) FileName(f Format) string {
	name := w.Statement.ID + "-" + w.Ref.String()
	if w.Lang != "" {
		name += "-" + w.Lang
	}
	if f.Extension() == ".txt" {
		name += "-" + string(f)
	}
	return name + f.Extension()
}

// Render writes the citation in format f.
func (w Work) Render(f Format) string {
	switch f {
	case ChicagoNote:
		return w.ChicagoNote()
	case ChicagoBibliography:
		return w.ChicagoBibliography()
	case APA:
		return w.APA()
	case MLA:
		return w.MLA()
	case BibTeX:
		return w.BibTeX()
	case RIS:
		return w.RIS()
	case CSLJSON:
		return w.CSLJSON()
	}
	return w.Text()
}

// Source returns the URL the statement was officially published at in
// lang, else in its first language that has one, written as citations
// write URLs (see URL); "" when the statement file gives none.
func Source(st *statement.Statement, lang string) string {
	if u := st.Source[lang]; u != "" {
		return URL(u)
	}
	for _, l := range st.Languages {
		if u := st.Source[l]; u != "" {
			return URL(u)
		}
	}
	langs := make([]string, 0, len(st.Source))
	for l := range st.Source {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		if u := st.Source[l]; u != "" {
			return URL(u)
		}
	}
	return ""
}

// URL writes a URL as every citation format can carry it: the characters
// a URL may not hold (spaces, quotation marks, angle brackets, braces,
// backslashes, non-ASCII letters) percent-encoded, as JavaScript's
// encodeURI does; existing %XX escapes are kept. A statement file may give
// its source as copied from a browser's address bar, which shows such
// characters unencoded; BibTeX, RIS and reference managers need them
// encoded.
func URL(u string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c >= 0x80 || c <= ' ' || c == 0x7f || strings.IndexByte(`"<>\^`+"`"+`{|}`, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (w Work) loc() *locale      { return localeFor(w.Lang) }
func (w Work) title() string     { return w.Title() }
func (w Work) source() string    { return w.SourceURL() }
func (w Work) permalink() string { return URL(w.Permalink) }
func (w Work) reference() string { return w.Statement.ReferenceIn(w.Lang) }

// Title is the title a citation gives: the statement's in the language
// cited, with its subtitle after a colon where another statement of the
// archive has the same title (Statement.TitleShared), so that two
// statements both titled "Statement by the North Atlantic Council" are
// told apart by more than their dates.
func (w Work) Title() string {
	title := w.Statement.DisplayTitle(w.Lang)
	if !w.Statement.TitleShared {
		return title
	}
	if sub := subtitleIn(w.Statement, w.Lang); sub != "" {
		return strings.TrimRight(title, " :") + ": " + sub
	}
	return title
}

// subtitleIn is the subtitle in lang, else in the language of the title
// shown.
func subtitleIn(st *statement.Statement, lang string) string {
	if s := st.Subtitle[lang]; s != "" {
		return s
	}
	if _, l := st.TitleIn(lang); l != "" {
		return st.Subtitle[l]
	}
	return ""
}

// Unofficial reports whether the language cited is a translation the
// issuer did not publish.
func (w Work) Unofficial() bool { return slices.Contains(w.Statement.Unofficial, w.Lang) }

// SourceURL is the official address a citation gives: the statement's
// Source; none for an unofficial translation, which the issuer did not
// publish, and is cited at the archive's permalink alone.
func (w Work) SourceURL() string {
	if w.Unofficial() {
		return ""
	}
	return Source(w.Statement, w.Lang)
}

// unofficialElem is "unofficial translation" after the title, where the
// text cited is one; nothing otherwise.
func (w Work) unofficialElem(capital bool) []elem {
	if !w.Unofficial() {
		return nil
	}
	if capital {
		return []elem{plain(capitalised(w.loc().unofficial))}
	}
	return []elem{plain(w.loc().unofficial)}
}

// bracketed writes parentheses inside a parenthesis as brackets, as APA
// asks (7th ed., 6.10): "Press Release [2006] 150" inside "(…)".
func bracketed(s string) string {
	return strings.NewReplacer("(", "[", ")", "]").Replace(s)
}

// style says which convention a pinpoint follows.
type style int

const (
	// plainStyle is the plain citation's and the machine formats' note:
	// "para. 3", "paragraph 2, unnumbered in the original".
	plainStyle style = iota
	// apaStyle abbreviates "paragraph" alone, as APA does (7th ed., 8.13),
	// and writes other rows' labels in full, capitalised: "para. 2,
	// unnumbered in the original", "Note 1", "Preamble", "Heading 2".
	apaStyle
	// manualStyle abbreviates as Chicago and MLA do: "par. 3".
	manualStyle
)

// Pinpoint returns the row part of the plain citation, which the machine
// formats carry as their note: "para. 3"; "paragraph 3, unnumbered in the
// original" for a statement that does not number its paragraphs, so that
// nobody takes a position for an official number; "preamble", "heading
// 2", "n. 1" for a footnote; in the words of the work's language.
//
// For an unofficial translation it ends ", unofficial translation", which
// the machine formats then carry too.
func (w Work) Pinpoint() string {
	p := w.pinpoint(plainStyle)
	if w.Unofficial() {
		p += ", " + w.loc().unofficial
	}
	return p
}

// textIn says in which language the words cited are, where the language
// the citation is written for lacks the row: "text in English", "texte en
// anglais", "Text auf Englisch"; "" otherwise.
func (w Work) textIn() string {
	if w.TextLang == "" || w.TextLang == w.Lang {
		return ""
	}
	l := w.loc()
	tag, err := language.Parse(w.TextLang)
	if err != nil {
		return ""
	}
	name := display.Languages(language.Make(l.code)).Name(tag)
	if name == "" {
		name = w.TextLang
	}
	switch l.code {
	case "fr":
		return "texte en " + name
	case "de":
		return "Text auf " + name
	}
	return "text in " + name
}

// pinpoint is the row part of a citation, with its version where the row
// was revised: "para. 3, version 1 (wording until 5 December 2026)".
func (w Work) pinpoint(s style) string {
	p := w.rowPinpoint(s)
	if t := w.textIn(); t != "" {
		p += ", " + t
	}
	if w.Versions <= 1 {
		return p
	}
	l := w.loc()
	p += ", " + l.version + " " + strconv.Itoa(w.Version)
	if t, err := time.Parse(time.DateOnly, w.Until); err == nil && w.Until != "" {
		return p + " (" + l.until + " " + l.date(t) + ")"
	}
	if t, err := time.Parse(time.DateOnly, w.Since); err == nil && w.Since != "" {
		return p + " (" + l.since + " " + l.date(t) + ")"
	}
	return p
}

func (w Work) rowPinpoint(s style) string {
	l := w.loc()
	key := w.Ref.Number()
	switch {
	case w.Ref.Kind == statement.Preamble && s == apaStyle:
		return capitalised(l.preamble)
	case w.Ref.Kind == statement.Preamble:
		return l.preamble
	case w.Ref.Kind == statement.Heading && s == apaStyle:
		return capitalised(l.heading) + " " + key
	case w.Ref.Kind == statement.Heading:
		return l.heading + " " + key
	case w.Ref.Kind == statement.Footnote && s == apaStyle:
		return capitalised(l.noteWord) + " " + key
	case w.Ref.Kind == statement.Footnote:
		return l.note + " " + key
	}
	abbr := l.para
	if s == manualStyle {
		abbr = l.parStyle
	}
	switch {
	case !w.Statement.Unnumbered:
		return abbr + " " + key
	case s == plainStyle:
		return l.paragraph + " " + key + ", " + l.unnumbered
	}
	return abbr + " " + key + ", " + l.unnumbered
}

// Text returns the plain citation: issuer, title in quotation marks,
// reference, date, pinpoint, then the official URL and the permalink
// ("…, para. 3, https://official, archived at https://permalink."), or the
// permalink alone. It quotes no text of the row, so no footnote marker can
// stand in it; the title holds none (ingest refuses one there).
func (w Work) Text() string {
	st, l := w.Statement, w.loc()
	var parts []elem
	if st.Issuer != "" {
		parts = append(parts, plain(st.Issuer))
	}
	parts = append(parts, quoted(w.title()))
	parts = append(parts, w.unofficialElem(false)...)
	if ref := w.reference(); ref != "" {
		parts = append(parts, plain(ref))
	}
	if st.HasDate() {
		parts = append(parts, plain(l.date(st.Date)))
	}
	parts = append(parts, plain(w.pinpoint(plainStyle)))
	parts = append(parts, w.urls(l.archivedAt)...)
	return l.join(parts, ",", ".", false)
}

// urls returns the citation's closing URLs: the official one followed by
// the permalink after archivedAt, or the permalink alone.
func (w Work) urls(archivedAt string) []elem {
	if src := w.source(); src != "" {
		return []elem{plain(src), plain(archivedAt + " " + w.permalink())}
	}
	return []elem{plain(w.permalink())}
}

// ChicagoNote returns a footnote citing the row as The Chicago Manual of
// Style (17th ed.) cites a document published online by an organisation
// (14.191, 14.206): "North Atlantic Council, “Title,” NATO news item
// 185863, July 19, 2021, par. 3, https://official, archived at
// https://permalink." Chicago asks for no access date where the document
// is dated.
func (w Work) ChicagoNote() string {
	l := w.loc()
	parts := append(w.chicagoHead(false), plain(w.pinpoint(manualStyle)))
	parts = append(parts, w.urls(l.archivedAt)...)
	return l.join(parts, ",", ".", l.inside)
}

// chicagoHead is what a Chicago note and bibliography entry begin with:
// the issuer, the title, "unofficial translation" where it is one (a
// sentence of its own in a bibliography), the reference and the date.
func (w Work) chicagoHead(sentences bool) []elem {
	var parts []elem
	if w.Statement.Issuer != "" {
		parts = append(parts, plain(w.Statement.Issuer))
	}
	parts = append(parts, quoted(w.title()))
	parts = append(parts, w.unofficialElem(sentences)...)
	if ref := w.reference(); ref != "" {
		parts = append(parts, plain(ref))
	}
	return append(parts, plain(w.chicagoDate()))
}

// ChicagoBibliography returns the bibliography entry that goes with
// ChicagoNote: the same elements as sentences, without the pinpoint, which
// a bibliography leaves to the notes.
func (w Work) ChicagoBibliography() string {
	l := w.loc()
	parts := append(w.chicagoHead(true), w.urls(capitalised(l.archivedAt))...)
	return l.join(parts, ".", ".", l.inside)
}

func (w Work) chicagoDate() string {
	if !w.Statement.HasDate() {
		return w.loc().noDate
	}
	return w.loc().chicagoDate(w.Statement.Date)
}

// APA returns the APA 7 reference entry of the statement, then, on the
// next line, the parenthetical in-text citation of the row. The issuer is
// the group author; the reference stands in parentheses after the title,
// as a report number does, its own parentheses made brackets (6.10); an
// unofficial translation is described in brackets after it (9.? bracketed
// descriptions); the official URL is the entry's URL (APA names no
// database a work is also found in, 9.30), the archive's permalink after
// it as a note, as CSL's APA style writes a work's "references":
//
//	North Atlantic Council. (2006, November 29). Title (Press Release [2006] 150). https://official (archived at https://permalink)
//	(North Atlantic Council, 2006, para. 3)
//
// Without an official URL the permalink is the entry's URL. Plain text
// cannot carry the italics of the title.
func (w Work) APA() string {
	st, l := w.Statement, w.loc()
	title := w.title()
	if ref := w.reference(); ref != "" {
		title += " (" + bracketed(ref) + ")"
	}
	if w.Unofficial() {
		title += " [" + capitalised(l.unofficial) + "]"
	}
	date := "(" + l.noDate + ")"
	year := l.noDate
	if st.HasDate() {
		date = l.apaDate(st.Date)
		year = strconv.Itoa(st.Date.Year())
	}
	var entry []elem
	if st.Issuer != "" {
		entry = append(entry, plain(st.Issuer), plain(date), plain(title))
	} else {
		entry = append(entry, plain(title), plain(date))
	}
	line := l.join(entry, ".", ".", false)
	if src := w.source(); src != "" {
		line += " " + src + " (" + l.archivedAt + " " + w.permalink() + ")"
	} else {
		line += " " + w.permalink()
	}
	author := st.Issuer
	if author == "" {
		author = w.title()
	}
	return line + "\n(" + author + ", " + year + ", " + w.pinpoint(apaStyle) + ")"
}

// MLA returns the MLA 9 works-cited entry, then, on the next line, the
// in-text citation of the row. The archive is the second container, with
// the permalink as its location:
//
//	North Atlantic Council. “Title.” NATO news item 185863, 19 July 2021, https://official. Statement archive, https://permalink.
//	(North Atlantic Council, par. 3)
//
// URLs are given whole, with https://, so that they stay links (MLA 9
// allows either). Months are abbreviated as MLA does in English; French
// and German dates are written in full.
func (w Work) MLA() string {
	st, l := w.Statement, w.loc()
	var head []elem
	if st.Issuer != "" {
		head = append(head, plain(st.Issuer))
	}
	head = append(head, quoted(w.title()))
	out := l.join(head, ".", ".", l.inside)
	var container []elem
	container = append(container, w.unofficialElem(true)...)
	if ref := w.reference(); ref != "" {
		container = append(container, plain(ref))
	}
	if st.HasDate() {
		container = append(container, plain(l.mlaDate(st.Date)))
	}
	if src := w.source(); src != "" {
		container = append(container, plain(src))
	}
	if len(container) > 0 {
		out += " " + l.join(container, ",", ".", l.inside)
	}
	out += " " + ArchiveName + ", " + w.permalink() + "."
	var cite []elem
	if st.Issuer != "" {
		cite = append(cite, plain(st.Issuer))
	} else {
		cite = append(cite, quoted(w.title()))
	}
	cite = append(cite, plain(w.pinpoint(manualStyle)))
	return out + "\n(" + l.join(cite, ",", "", l.inside) + ")"
}
