package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"statementarchive/internal/cite"
	"statementarchive/internal/statement"
	"statementarchive/internal/textdiff"
)

// Citation is one citation a paragraph page offers: a style or a file
// format, in a box to copy it from, with a link to download it from the API.
type Citation struct {
	// ID is the box's element id: citation-text, citation-bibtex,
	// citation-apa, …
	ID string
	// Label names the style or format.
	Label string
	// Lang is the language the citation is written in.
	Lang string
	Text string
	// Rows is the box's height, in lines.
	Rows int
	// Download is the API's address of the citation as a file, and
	// FileName the name it is saved under.
	Download, FileName string
}

// CitationWork returns what a paragraph page cites: its row, in the
// language the page shows first, at the permalink that opens in it.
func CitationWork(p ParagraphPage) cite.Work {
	lang := p.Order[0]
	permalink := p.URL
	v, revised := ShownVersion(p)
	if revised && p.Version == 0 {
		// The row's permalink will show other words if it is revised
		// again; its version's never will.
		permalink += "/v" + strconv.Itoa(v.N)
	}
	w := cite.Work{Statement: p.Statement, Ref: p.Paragraph.Ref(), Lang: lang, Permalink: CitationPermalink(permalink, p.Statement, p.Paragraph, lang)}
	if revised {
		w.Version, w.Versions, w.Since, w.Until = v.N, len(p.Versions), v.Since, v.Until
	}
	if p.Missing != "" {
		// Asked for in a language that lacks the row: cited in that
		// language's words, saying the words cited are another's, as
		// /api/…/cite does.
		w.Lang, w.TextLang = p.Missing, lang
	}
	return w
}

// ShownVersion returns the version of a revised row a page shows: the
// one its address names, else the current one; false for a row never
// revised.
func ShownVersion(p ParagraphPage) (statement.Version, bool) {
	if len(p.Versions) < 2 {
		return statement.Version{}, false
	}
	if p.Version >= 1 && p.Version <= len(p.Versions) {
		return p.Versions[p.Version-1], true
	}
	return p.Versions[len(p.Versions)-1], true
}

// VersionPath returns the permalink of version n of a row, whose words
// never change: /statements/ID/REF/vN.
func VersionPath(id string, ref statement.Ref, n int) string {
	return ParagraphPath(id, ref) + "/v" + strconv.Itoa(n)
}

// FormatDay writes a day given as YYYY-MM-DD for people ("5 December 2026").
func FormatDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("2 January 2006")
}

// Change is one language's change between a version of a row and the
// next, word by word.
type Change struct {
	Lang  string
	Parts []textdiff.Part
}

// VersionChanges returns, for version v of a revised row (not the first),
// what changed from the version before it, per language changed, in the
// statement's order of languages.
func VersionChanges(p ParagraphPage, v statement.Version) []Change {
	if v.N < 2 || v.N > len(p.Versions) {
		return nil
	}
	before := p.Versions[v.N-2]
	var out []Change
	for _, l := range p.Statement.Languages {
		if Contains(before.Changed, l) {
			out = append(out, Change{Lang: l, Parts: textdiff.Words(before.Text[l], v.Text[l])})
		}
	}
	return out
}

// Removed and Added report a diff part's kind, for the page.
func Removed(pt textdiff.Part) bool { return pt.Op == textdiff.Removed }
func Added(pt textdiff.Part) bool   { return pt.Op == textdiff.Added }

// Citations returns the citations of a paragraph page, one per format, in
// the order cite.Formats lists them.
func Citations(p ParagraphPage) []Citation {
	w := CitationWork(p)
	out := make([]Citation, 0, len(cite.Formats))
	version := w.Version // 0 for a row never revised
	for _, f := range cite.Formats {
		text := w.Render(f)
		out = append(out, Citation{
			ID:       "citation-" + string(f),
			Label:    f.Label(),
			Lang:     w.Lang,
			Text:     text,
			Rows:     boxRows(text),
			Download: CitePath(w.Statement.ID, w.Ref, f, w.Lang, version),
			FileName: w.FileName(f),
		})
	}
	return out
}

// boxRows is the height of a box showing text: its lines as a box about
// 90 characters wide wraps them, and one more, from 3 to 16; a longer
// text scrolls.
func boxRows(text string) int {
	rows := 1
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		rows += max(1, (utf8.RuneCountInString(line)+89)/90)
	}
	return min(max(rows, 3), 16)
}

// CitePath returns the API's address of a row's citation in format f,
// written for lang, of a version of the row (0: as it reads now):
// /api/statements/ID/REF/cite?format=F&lang=L&version=N.
func CitePath(id string, ref statement.Ref, f cite.Format, lang string, version int) string {
	v := url.Values{}
	v.Set("format", string(f))
	if lang != "" {
		v.Set("lang", lang)
	}
	if version > 0 {
		v.Set("version", strconv.Itoa(version))
	}
	return "/api" + ParagraphPath(id, ref) + "/cite?" + v.Encode()
}

// CitationPermalink returns the permalink a citation of row in lang
// carries: the row's absolute permalink, with ?lang= when lang is not the
// language the permalink shows first, so that a reader of a French
// citation lands on the French text; written as citations write URLs
// (cite.URL).
func CitationPermalink(permalink string, st *statement.Statement, row statement.Paragraph, lang string) string {
	for _, l := range st.Languages {
		if _, ok := row.Text[l]; ok {
			if l == lang {
				return cite.URL(permalink)
			}
			break
		}
	}
	if lang == "" {
		return cite.URL(permalink)
	}
	return cite.URL(permalink + "?lang=" + url.QueryEscape(lang))
}

// CitationNote says how the citations of a page shown first in lang are
// written: with the title in lang where the statement has one, and lang's
// own dates and words where the archive has them, else English ones.
func CitationNote(st *statement.Statement, lang string) string {
	name := EnglishName(lang)
	title := "the " + name + " title"
	if _, titleLang := st.TitleIn(lang); titleLang != lang {
		if titleLang == "" {
			title = "the statement's identifier (it has no title)"
		} else {
			title = "the " + EnglishName(titleLang) + " title (the statement has none in " + name + ")"
		}
	}
	if Contains(cite.Languages, lang) {
		return "The citations are written for the " + name + " text: " + title + ", with " + name + " dates and words."
	}
	return "The citations are written for the " + name + " text: " + title + ", with English dates and words (the archive has no citation words in " + name + " yet)."
}

// Neighbours returns the rows before and after ref in the statement's
// reading order (nil at either end), for the permalink page's previous
// and next links.
func Neighbours(st *statement.Statement, ref statement.Ref) (prev, next *statement.Paragraph) {
	for i := range st.Paragraphs {
		if st.Paragraphs[i].Ref() != ref {
			continue
		}
		if i > 0 {
			prev = &st.Paragraphs[i-1]
		}
		if i+1 < len(st.Paragraphs) {
			next = &st.Paragraphs[i+1]
		}
		return prev, next
	}
	return nil, nil
}

// langQuery keeps the page's first language on the links to the rows
// beside it.
func langQuery(p ParagraphPage) string {
	if len(p.Order) == 0 {
		return ""
	}
	return "?lang=" + url.QueryEscape(p.Order[0])
}

// Reference returns the statement's reference in lang, else the one for
// every language, else "".
func Reference(st *statement.Statement, lang string) string {
	if r := st.Reference[lang]; r != "" {
		return r
	}
	return st.Reference[""]
}

// CitationLanguages lists the languages the row is in, each a link to
// the page that cites that language's text; the one cited now is marked.
func CitationLanguages(p ParagraphPage) []FacetLink {
	var out []FacetLink
	for _, l := range p.Order {
		out = append(out, FacetLink{Label: LanguageName(l), Lang: l, Selected: l == p.Order[0],
			URL: ParagraphPath(p.Statement.ID, p.Paragraph.Ref()) + versionSuffix(p) + "?lang=" + url.QueryEscape(l) + "#cite"})
	}
	return out
}

// versionSuffix is /vN on a version's own permalink page.
func versionSuffix(p ParagraphPage) string {
	if p.Version > 0 {
		return "/v" + strconv.Itoa(p.Version)
	}
	return ""
}

// NotesOf returns the footnotes the row refers to in lang, in the order
// it refers to them, that the page holds.
func NotesOf(p ParagraphPage, lang string) []statement.Paragraph {
	var out []statement.Paragraph
	seen := map[int]bool{}
	for _, sp := range statement.Spans(p.Paragraph.Text[lang]) {
		if n, ok := p.Notes[sp.Note]; ok && sp.Note > 0 && !seen[sp.Note] && n.Text[lang] != "" {
			seen[sp.Note] = true
			out = append(out, n)
		}
	}
	return out
}
