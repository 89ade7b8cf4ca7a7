package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

// apiSearchResult is the JSON of GET /api/search: the request as run,
// the rows of the page, and what the search page shows beside them.
type apiSearchResult struct {
	Query          string                    `json:"query"`
	Total          int                       `json:"total"`
	Page           int                       `json:"page"`
	PerPage        int                       `json:"per_page"`
	Facets         map[string]map[string]int `json:"facets"`
	Statements     []apiStatementHit         `json:"statements"`
	StatementTotal int                       `json:"statement_total"`
	Suggestions    []apiSuggestion           `json:"suggestions"`
	StopWords      []string                  `json:"stop_words"`
	Renderings     []apiRendering            `json:"renderings"`
	Rows           []apiRow                  `json:"rows"`
}

// apiRow is one matching row: Text in every language it has, Highlight
// (HTML: the text escaped, the matches in <mark>, footnote references as
// <sup>N</sup>) in each language that matched, Matched those languages
// best first, Show the order the page shows them in.
type apiRow struct {
	Statement string  `json:"statement"`
	Title     string  `json:"title"`
	Date      *string `json:"date"`
	// Kind and Ref name the row, as in apiParagraph; Paragraph is set
	// for a paragraph only.
	Kind      string            `json:"kind"`
	Ref       string            `json:"ref"`
	Paragraph int               `json:"paragraph,omitempty"`
	Permalink string            `json:"permalink"`
	Matched   []string          `json:"matched"`
	Show      []string          `json:"show"`
	Text      map[string]string `json:"text"`
	Highlight map[string]string `json:"highlight"`
}

type apiStatementHit struct {
	Statement string   `json:"statement"`
	Title     string   `json:"title"`
	Date      *string  `json:"date"`
	Fields    []string `json:"fields"`
}

type apiSuggestion struct {
	Lang     string `json:"lang"`
	Word     string `json:"word"`
	Instead  string `json:"instead"`
	Rows     int    `json:"rows"`
	WordRows int    `json:"word_rows"`
	Query    string `json:"query"`
}

type apiRendering struct {
	Lang  string            `json:"lang"`
	Terms []apiRenderedTerm `json:"terms"`
}

type apiRenderedTerm struct {
	Text    string  `json:"text"`
	Rows    int     `json:"rows"`
	Archive int     `json:"archive"`
	Score   float64 `json:"score"`
}

// apiSearch serves GET /api/search with the parameters of /search.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	req, err := search.ParseValues(queryValues(r))
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Query) == "" {
		return badRequest("q is empty: give words or \"a phrase\" to search for, e.g. /api/search?q=ransomware")
	}
	res, err := s.search(w, r, req)
	if err != nil {
		return err
	}
	r, release, err := s.reserve(r, answerSize{Source: rowBytes(res), Expansion: searchJSONExpansion, Piece: longestRow(res)})
	defer release()
	if err != nil {
		return err
	}
	out := apiSearchResult{
		Query: res.Request.Query, Total: res.Total, Page: res.Request.Page, PerPage: res.Request.PerPage,
		Facets:         map[string]map[string]int{"lang": facetJSON(res.Facets.Lang), "issuer": facetJSON(res.Facets.Issuer), "tag": facetJSON(res.Facets.Tag)},
		Statements:     make([]apiStatementHit, 0, len(res.Statements)),
		StatementTotal: res.StatementTotal,
		Suggestions:    make([]apiSuggestion, 0, len(res.Suggestions)),
		StopWords:      orEmpty(res.StopWords),
		Renderings:     make([]apiRendering, 0, len(res.Renderings)),
		Rows:           []apiRow{},
	}
	if len(res.Facets.Decades) > 0 {
		out.Facets["decade"] = facetJSON(res.Facets.Decades)
	} else {
		out.Facets["year"] = facetJSON(res.Facets.Years)
	}
	lang := ""
	if len(res.Request.Langs) > 0 {
		lang = res.Request.Langs[0]
	}
	for _, h := range res.Statements {
		out.Statements = append(out.Statements, apiStatementHit{Statement: h.Statement.ID, Title: h.Statement.DisplayTitle(lang), Date: apiDate(h.Statement), Fields: h.Fields})
	}
	for _, sg := range res.Suggestions {
		out.Suggestions = append(out.Suggestions, apiSuggestion(sg))
	}
	for _, rd := range res.Renderings {
		ar := apiRendering{Lang: rd.Lang}
		for _, t := range rd.Terms {
			ar.Terms = append(ar.Terms, apiRenderedTerm(t))
		}
		out.Renderings = append(out.Renderings, ar)
	}
	// Compact unless ?pretty=1: indenting was a seventh of the CPU of a
	// small answer, which programs read.
	write := s.writeJSONList
	if r.URL.Query().Get("pretty") != "1" {
		write = s.writeCompactJSONList
	}
	return write(w, r, http.StatusOK, out, "rows", len(res.Rows), func(i int) any {
		row := res.Rows[i]
		first := ""
		if len(row.Show) > 0 {
			first = row.Show[0]
		}
		return apiRow{
			Statement: row.Statement.ID,
			Title:     row.Statement.DisplayTitle(first),
			Date:      apiDate(row.Statement),
			Kind:      row.Ref.Kind.String(),
			Ref:       row.Ref.String(),
			Paragraph: bodyKey(row.Ref),
			Permalink: web.ParagraphPath(row.Statement.ID, row.Ref),
			Matched:   orEmpty(row.Matched),
			Show:      row.Show,
			Text:      row.Text,
			Highlight: row.Highlight,
		}
	})
}

// facetJSON writes a facet as a map from value to count.
func facetJSON(fs []search.FacetCount) map[string]int {
	out := make(map[string]int, len(fs))
	for _, f := range fs {
		out[f.Value] = f.Count
	}
	return out
}

// apiStatement is the JSON of GET /api/statements/{id}.
type apiStatement struct {
	ID       string            `json:"id"`
	Title    map[string]string `json:"title"`
	Subtitle map[string]string `json:"subtitle,omitempty"`
	Date     *string           `json:"date"`
	Issuer   string            `json:"issuer"`
	// Reference maps each language to the statement's reference in it.
	Reference map[string]string `json:"reference"`
	Source    map[string]string `json:"source,omitempty"`
	// Copy maps a language to the copy its text was taken from, where
	// that is not the official page (Source).
	Copy      map[string]string `json:"copy,omitempty"`
	Tags      []string          `json:"tags,omitempty"`
	Languages []string          `json:"languages"`
	// Unofficial and Incomplete list the languages that are translations
	// the issuer did not publish, and those held only in part.
	Unofficial []string `json:"unofficial"`
	Incomplete []string `json:"incomplete"`
	// Numbered says whether paragraph keys are official numbers (true) or
	// positions in a statement that does not number its paragraphs.
	Numbered   bool           `json:"numbered"`
	Paragraphs []apiParagraph `json:"paragraphs"`
}

// apiParagraph is one row of a statement: a paragraph, the preamble, a
// heading or a footnote (Kind), named by Ref ("3", "preamble", "h2",
// "n1"); Paragraph is set for paragraphs only. Text is as published, its
// lines joined by "\n", footnote references written [^N]; Lines gives
// the lines of a text that has list items, each with its marker.
type apiParagraph struct {
	Kind      string               `json:"kind"`
	Ref       string               `json:"ref"`
	Paragraph int                  `json:"paragraph,omitempty"`
	Permalink string               `json:"permalink"`
	Text      map[string]string    `json:"text"`
	Lines     map[string][]apiLine `json:"lines,omitempty"`
	Notes     map[string][]int     `json:"notes,omitempty"`
	// Cut lists the languages whose text of the row is cut short in the
	// copy the archive holds.
	Cut []string `json:"cut,omitempty"`
}

// apiLine is a line of a row's text: running text, or a list item with
// its marker as published.
type apiLine struct {
	Marker string `json:"marker,omitempty"`
	Text   string `json:"text"`
}

// bodyKey is a paragraph's key, 0 (left out of the JSON) for other rows
// and for inserted paragraphs, whose ref ("2a") is not a number.
func bodyKey(r statement.Ref) int {
	if r.Kind == statement.Body && r.Sub == 0 {
		return r.Key
	}
	return 0
}

// newAPIParagraph writes a row of st for the API: its lines where it has
// list items, the footnotes each language refers to, and the languages
// whose copy cuts it short.
func newAPIParagraph(st *statement.Statement, p statement.Paragraph) apiParagraph {
	out := apiParagraph{Kind: p.Kind.String(), Ref: p.Ref().String(), Paragraph: bodyKey(p.Ref()), Permalink: web.ParagraphPath(st.ID, p.Ref()), Text: p.Text}
	for _, lang := range st.Languages {
		if _, ok := p.Text[lang]; ok && st.IsCut(p.Ref(), lang) {
			out.Cut = append(out.Cut, lang)
		}
	}
	for lang, text := range p.Text {
		if notes := statement.Notes(text); len(notes) > 0 {
			if out.Notes == nil {
				out.Notes = map[string][]int{}
			}
			out.Notes[lang] = notes
		}
		var lines []apiLine
		items := false
		for _, line := range strings.Split(text, "\n") {
			marker, rest, ok := statement.ListItem(line)
			items = items || ok
			lines = append(lines, apiLine{Marker: marker, Text: rest})
		}
		if items {
			if out.Lines == nil {
				out.Lines = map[string][]apiLine{}
			}
			out.Lines[lang] = lines
		}
	}
	return out
}

// apiStatement serves GET /api/statements/{id}: the statement with every
// paragraph in every language.
func (s *Server) apiStatement(w http.ResponseWriter, r *http.Request) error {
	st, r, release, err := s.loadStatement(r, jsonExpansion)
	defer release()
	if err != nil {
		return err
	}
	out := apiStatement{
		ID: st.ID, Title: st.Title, Subtitle: st.Subtitle, Date: apiDate(st), Issuer: st.Issuer,
		Reference: map[string]string{}, Source: st.Source, Copy: st.Copy, Tags: st.Tags, Languages: st.Languages,
		Unofficial: orEmpty(st.Unofficial), Incomplete: orEmpty(st.Incomplete), Numbered: !st.Unnumbered,
		Paragraphs: []apiParagraph{},
	}
	out.Reference = references(st)
	out.Title = orEmptyMap(out.Title)
	return s.writeJSONList(w, r, http.StatusOK, out, "paragraphs", len(st.Paragraphs), func(i int) any {
		return newAPIParagraph(st, st.Paragraphs[i])
	})
}

func orEmpty(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// apiDate is a statement's date as YYYY-MM-DD, or null when unknown.
func apiDate(st *statement.Statement) *string {
	if !st.HasDate() {
		return nil
	}
	d := st.Date.Format(time.DateOnly)
	return &d
}

// apiStatementList is the JSON of GET /api/statements: a page of the
// statements, newest first, and the values the filters can take.
type apiStatementList struct {
	Total      int                `json:"total"`
	Matched    int                `json:"matched"`
	Page       int                `json:"page"`
	Pages      int                `json:"pages"`
	PerPage    int                `json:"per_page"`
	Years      []int              `json:"years"`
	Issuers    []string           `json:"issuers"`
	Statements []apiStatementItem `json:"statements"`
}

// apiStatementItem is a statement in a list: its metadata, how many rows
// it has, and where to read it.
type apiStatementItem struct {
	ID        string            `json:"id"`
	Title     map[string]string `json:"title"`
	Date      *string           `json:"date"`
	Issuer    string            `json:"issuer"`
	Reference map[string]string `json:"reference"`
	Languages []string          `json:"languages"`
	Tags      []string          `json:"tags"`
	Rows      int               `json:"rows"`
	URL       string            `json:"url"`
	API       string            `json:"api"`
}

// apiStatements serves GET /api/statements?year=&issuer=&lang=&reference=&page=: the
// list the /statements page shows, as JSON. A filter it cannot read is a
// 400.
func (s *Server) apiStatements(w http.ResponseWriter, r *http.Request) error {
	l := listStatements(s.reader(r), queryValues(r))
	if l.err != nil {
		return l.err
	}
	out := apiStatementList{Total: l.total, Matched: l.matched, Page: l.page, Pages: l.pages, PerPage: web.StatementsPerPage,
		Years: orEmptyInts(l.years), Issuers: orEmpty(l.issuers), Statements: make([]apiStatementItem, 0, len(l.statements))}
	for _, st := range l.statements {
		out.Statements = append(out.Statements, s.statementItem(r, st))
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// apiParagraphPage is the JSON of GET /api/statements/{id}/{ref}: one row
// in every language, with its statement's metadata and its permalink.
type apiParagraphPage struct {
	Statement apiStatementItem `json:"statement"`
	apiParagraph
	URL string `json:"url"`
	// Version is the version of a revised row this answer holds, and
	// Versions every version, where the row was revised.
	Version  int          `json:"version,omitempty"`
	Versions []apiVersion `json:"versions,omitempty"`
}

// apiVersion is one version of a revised row: its number, the days it
// began and ended, why the next replaced it, and its permalink, whose
// words never change.
type apiVersion struct {
	Version   int    `json:"version"`
	Since     string `json:"since,omitempty"`
	Until     string `json:"until,omitempty"`
	Reason    string `json:"reason,omitempty"`
	Current   bool   `json:"current"`
	Permalink string `json:"permalink"`
	API       string `json:"api"`
}

// apiParagraph serves GET /api/statements/{id}/{ref}: what a row's
// permalink page shows, as JSON.
func (s *Server) apiParagraph(w http.ResponseWriter, r *http.Request) error {
	id := chi.URLParam(r, "id")
	ref, ok := statement.ParseRef(chi.URLParam(r, "key"))
	if !ok || !statement.ValidID(id) {
		return notFound("there is no such paragraph: a row is named 3, preamble, h2 or n1, as in its permalink /statements/ID/REF")
	}
	meta, found := s.reader(r).Lookup(id)
	if !found {
		return notFound("there is no statement with this identifier")
	}
	if err := checkStatementLang(meta, queryValues(r).Get("lang")); err != nil {
		return err
	}
	// A row's JSON is built whole (it is one object): reserve what its
	// text can become before reading it.
	r, release, err := s.reserve(r, answerSize{Source: rowBound(meta), Expansion: jsonExpansion})
	defer release()
	if err != nil {
		return err
	}
	p, err := s.reader(r).Paragraph(id, ref)
	if err != nil {
		return err
	}
	source := 0 // the text read, held until the answer is written
	for _, t := range p.Text {
		source += len(t)
	}
	p, versions, n, url, err := s.versionShown(r, id, ref, p)
	if err != nil {
		return err
	}
	// Read, its JSON's size is known to the byte: keep only that (the text
	// shown and its lines, each escaped, built bufferCopies times) and the
	// text read. (An earlier version's words are the index's own.)
	escaped := 0
	for _, t := range p.Text {
		escaped += jsonLen(t)
	}
	s.shrinkTo(r, int64(source)+bufferCopies*(2*int64(escaped)+rowJSONOverhead))
	out := apiParagraphPage{
		Statement:    s.statementItem(r, meta),
		apiParagraph: newAPIParagraph(meta, p),
		URL:          url,
	}
	if len(versions) > 1 {
		out.Version = n
		if n == 0 {
			out.Version = len(versions)
		}
		for _, v := range versions {
			out.Versions = append(out.Versions, apiVersion{Version: v.N, Since: v.Since, Until: v.Until, Reason: v.Reason, Current: v.Until == "",
				Permalink: s.publicURL(r) + web.VersionPath(id, ref, v.N), API: "/api" + web.VersionPath(id, ref, v.N)})
		}
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// statementItem is a statement as lists and rows name it in JSON.
func (s *Server) statementItem(r *http.Request, st *statement.Statement) apiStatementItem {
	return apiStatementItem{
		ID: st.ID, Title: orEmptyMap(st.Title), Date: apiDate(st), Issuer: st.Issuer, Reference: references(st),
		Languages: st.Languages, Tags: orEmpty(st.Tags), Rows: len(st.Paragraphs),
		URL: s.publicURL(r) + web.StatementPath(st.ID), API: "/api/statements/" + st.ID,
	}
}

// references gives a statement's reference in each of its languages that
// has one.
func references(st *statement.Statement) map[string]string {
	out := map[string]string{}
	for _, l := range st.Languages {
		if ref := st.ReferenceIn(l); ref != "" {
			out[l] = ref
		}
	}
	return out
}

func orEmptyInts(list []int) []int {
	if list == nil {
		return []int{}
	}
	return list
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// writeCompactJSONList is writeJSONList without indentation: the JSON of
// GET /api/search unless ?pretty=1.
func (s *Server) writeCompactJSONList(w http.ResponseWriter, r *http.Request, status int, head any, key string, n int, elem func(int) any) error {
	return s.respond(w, r, status, jsonContentType, func(out io.Writer) error { return writeCompactJSONList(out, head, key, n, elem) })
}

// writeCompactJSONList writes, compactly, the JSON object head whose last
// field, key, is an empty list, with the n elements elem gives in that
// list, each encoded as it is written (as writeJSONList does, indented).
func writeCompactJSONList(w io.Writer, head any, key string, n int, elem func(i int) any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(head); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	empty := []byte(`"` + key + `":[]}` + "\n")
	if !bytes.HasSuffix(buf.Bytes(), empty) {
		return fmt.Errorf("encode JSON: %q is not the last field of %T, or not empty", key, head)
	}
	if n == 0 {
		_, err := w.Write(buf.Bytes())
		return err
	}
	if _, err := w.Write(buf.Bytes()[:buf.Len()-len("]}\n")]); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		buf.Reset()
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(elem(i)); err != nil {
			return fmt.Errorf("encode JSON: %w", err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]}\n")
	return err
}
