package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"statementarchive/internal/cite"
	"statementarchive/internal/index"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

// apiCitations is the JSON of GET /api/statements/{id}/{key}/cite without
// a format: what the archive knows of the row as cited, and the citation
// in every format (each value the body of that format's download).
type apiCitations struct {
	Statement string `json:"statement"`
	// Kind, Ref and Paragraph name the row, as in apiParagraph.
	Kind      string `json:"kind"`
	Ref       string `json:"ref"`
	Paragraph int    `json:"paragraph,omitempty"`
	// Lang is the language the citations are written for; TextLang, set
	// where Lang lacks the row, the language of the words cited.
	Lang      string  `json:"lang"`
	TextLang  string  `json:"text_lang,omitempty"`
	Title     string  `json:"title"`
	Issuer    string  `json:"issuer"`
	Date      *string `json:"date"`
	Reference string  `json:"reference,omitempty"`
	// Numbered is false where the row's key is a position in a statement
	// that does not number its paragraphs.
	Numbered bool `json:"numbered"`
	// Pinpoint names the row as the plain citation does ("para. 3").
	Pinpoint string `json:"pinpoint"`
	// Source is the official URL, when known; Permalink the archive's.
	Source    string            `json:"source,omitempty"`
	Permalink string            `json:"permalink"`
	Formats   map[string]string `json:"formats"`
}

// apiCite serves GET /api/statements/{id}/{key}/cite?format=&lang=: the
// row's citation in one format, as a file to save (Content-Disposition:
// attachment), or, without format, every format as JSON. lang chooses the
// language it is written for, as it chooses the language the paragraph
// page shows first; the citation is the page's own.
func (s *Server) apiCite(w http.ResponseWriter, r *http.Request) error {
	id := chi.URLParam(r, "id")
	ref, ok := statement.ParseRef(chi.URLParam(r, "key"))
	if !ok || !statement.ValidID(id) {
		return notFound("There is no such paragraph. A citation's address is /api/statements/ID/N/cite, with N the paragraph's number, or preamble, hN for a heading, nN for a footnote.")
	}
	meta, found := s.reader(r).Lookup(id)
	if !found {
		return notFound("There is no statement with this identifier.")
	}
	// The catalog says which languages have the row: a citation needs
	// nothing of its text, so none is read.
	row, ok := meta.Row(ref)
	if !ok {
		return fmt.Errorf("statement %q has no %s: %w", id, ref.Label(), index.ErrNotFound)
	}
	q := queryValues(r)
	versions, n, err := s.rowVersion(r, id, ref, nil, q.Get("version"))
	if err != nil {
		return err
	}
	format := cite.Format("")
	if name := q.Get("format"); name != "" {
		f, ok := cite.ParseFormat(name)
		if !ok {
			return badRequest(fmt.Sprintf("There is no citation format %q. Choose one of %s, or leave format out to get every format as JSON.", clip(name), formatNames()))
		}
		format = f
	}
	lang, err := citeLang(meta, row, q.Get("lang"))
	if err != nil {
		return err
	}
	permalink := s.publicURL(r) + web.ParagraphPath(id, ref)
	work := cite.Work{Statement: meta, Ref: ref, Lang: lang}
	if asked := q.Get("lang"); asked != "" && asked != lang {
		// Written for the language asked for, which lacks the row: the
		// citation says in which language its words are.
		work.Lang, work.TextLang = asked, lang
	}
	if len(versions) > 1 {
		// A revised row is cited at its version's permalink, whose words
		// never change: the current one unless one is named.
		if n == 0 {
			n = len(versions)
		}
		v := versions[n-1]
		work.Version, work.Versions, work.Since, work.Until = v.N, len(versions), v.Since, v.Until
		permalink = s.publicURL(r) + web.VersionPath(id, ref, n)
	}
	work.Permalink = web.CitationPermalink(permalink, meta, row, lang) // the words' language
	if format == "" {
		return s.writeJSON(w, r, http.StatusOK, newAPICitations(work))
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+work.FileName(format)+`"`)
	return s.send(w, r, http.StatusOK, format.MediaType(), bytes.NewBufferString(work.Render(format)))
}

// citeLang returns the language of the words a row is cited in, as the
// paragraph page chooses the language it shows first: the one asked for
// when the row has it; else, for one of the statement's languages that
// lacks the row, or when none is asked for, the first of the statement's
// languages that has it (apiCite then writes the citation in the language
// asked for, saying the words are in this one). A language the statement
// is not in is refused, naming those it is in.
func citeLang(st *statement.Statement, row statement.Paragraph, asked string) (string, error) {
	if _, has := row.Text[asked]; has {
		return asked, nil
	}
	if asked != "" && !web.Contains(st.Languages, asked) {
		return "", badRequest(fmt.Sprintf("This statement is not published in %q; it is in %s. Choose one with lang=, or leave lang out for %s.", clip(asked), strings.Join(st.Languages, ", "), firstLang(st, row)))
	}
	return firstLang(st, row), nil
}

// firstLang is the first of the statement's languages that has the row.
func firstLang(st *statement.Statement, row statement.Paragraph) string {
	for _, l := range st.Languages {
		if _, has := row.Text[l]; has {
			return l
		}
	}
	if len(st.Languages) > 0 {
		return st.Languages[0]
	}
	return ""
}

// formatNames lists the citation formats for a message: "text, apa, …".
func formatNames() string {
	names := make([]string, len(cite.Formats))
	for i, f := range cite.Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

func newAPICitations(w cite.Work) apiCitations {
	st := w.Statement
	out := apiCitations{
		Statement: st.ID, Kind: w.Ref.Kind.String(), Ref: w.Ref.String(), Paragraph: bodyKey(w.Ref),
		Lang: w.Lang, TextLang: w.TextLang, Title: w.Title(), Issuer: st.Issuer, Date: apiDate(st),
		Reference: st.ReferenceIn(w.Lang), Numbered: !st.Unnumbered, Pinpoint: w.Pinpoint(),
		Source: w.SourceURL(), Permalink: w.Permalink,
		Formats: make(map[string]string, len(cite.Formats)),
	}
	for _, f := range cite.Formats {
		out.Formats[string(f)] = w.Render(f)
	}
	return out
}
