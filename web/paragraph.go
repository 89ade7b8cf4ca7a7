package web

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"statementarchive/internal/cite"
	"statementarchive/internal/statement"
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
	return cite.Work{Statement: p.Statement, Ref: p.Paragraph.Ref(), Lang: lang, Permalink: CitationPermalink(p.URL, p.Statement, p.Paragraph, lang)}
}

// Citations returns the citations of a paragraph page, one per format, in
// the order cite.Formats lists them.
func Citations(p ParagraphPage) []Citation {
	w := CitationWork(p)
	out := make([]Citation, 0, len(cite.Formats))
	for _, f := range cite.Formats {
		text := w.Render(f)
		out = append(out, Citation{
			ID:       "citation-" + string(f),
			Label:    f.Label(),
			Lang:     w.Lang,
			Text:     text,
			Rows:     boxRows(text),
			Download: CitePath(w.Statement.ID, w.Ref, f, w.Lang),
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
// written for lang: /api/statements/ID/REF/cite?format=F&lang=L.
func CitePath(id string, ref statement.Ref, f cite.Format, lang string) string {
	v := url.Values{}
	v.Set("format", string(f))
	if lang != "" {
		v.Set("lang", lang)
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
