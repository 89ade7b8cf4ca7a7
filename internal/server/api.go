package server

import (
	"net/http"
	"strings"
	"time"

	"statementarchive/internal/statement"
	"statementarchive/web"
)

// apiSearchResult is the JSON of GET /api/search.
type apiSearchResult struct {
	Query   string                    `json:"query"`
	Total   int                       `json:"total"`
	Page    int                       `json:"page"`
	PerPage int                       `json:"per_page"`
	Facets  map[string]map[string]int `json:"facets"`
	Hits    []apiHit                  `json:"hits"`
}

type apiHit struct {
	Statement string  `json:"statement"`
	Title     string  `json:"title"`
	Date      *string `json:"date"`
	// Kind and Ref name the row that matched, as in apiParagraph;
	// Paragraph is set for a paragraph only.
	Kind      string `json:"kind"`
	Ref       string `json:"ref"`
	Paragraph int    `json:"paragraph,omitempty"`
	Lang      string `json:"lang"`
	Text      string `json:"text"`
	// Highlight is HTML: the text escaped, the matches in <mark>.
	Highlight string            `json:"highlight"`
	Permalink string            `json:"permalink"`
	Aligned   map[string]string `json:"aligned"`
}

// apiSearch serves GET /api/search with the parameters of /search.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	req, err := searchRequest(r)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Query) == "" {
		return badRequest("q is empty: give words or \"a phrase\" to search for, e.g. /api/search?q=ransomware")
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		return err
	}
	r, release, err := s.reserve(r, hitBytes(res), searchJSONExpansion)
	defer release()
	if err != nil {
		return err
	}
	out := apiSearchResult{
		Query: res.Request.Query, Total: res.Total, Page: res.Request.Page, PerPage: res.Request.PerPage,
		Facets: map[string]map[string]int{"lang": res.Facets},
		Hits:   make([]apiHit, 0, len(res.Hits)),
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, apiHit{
			Statement: h.Statement.ID,
			Title:     h.Statement.DisplayTitle(h.Lang),
			Date:      apiDate(h.Statement),
			Kind:      h.Ref.Kind.String(),
			Ref:       h.Ref.String(),
			Paragraph: bodyKey(h.Ref),
			Lang:      h.Lang,
			Text:      h.Text,
			Highlight: h.Highlight,
			Permalink: web.ParagraphPath(h.Statement.ID, h.Ref),
			Aligned:   h.Aligned,
		})
	}
	return s.writeJSON(w, r, http.StatusOK, out)
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
}

// apiLine is a line of a row's text: running text, or a list item with
// its marker as published.
type apiLine struct {
	Marker string `json:"marker,omitempty"`
	Text   string `json:"text"`
}

// bodyKey is a paragraph's key, 0 (left out of the JSON) for other rows.
func bodyKey(r statement.Ref) int {
	if r.Kind == statement.Body {
		return r.Key
	}
	return 0
}

// newAPIParagraph writes a row for the API: its lines where it has list
// items, and the footnotes each language refers to.
func newAPIParagraph(id string, p statement.Paragraph) apiParagraph {
	out := apiParagraph{Kind: p.Kind.String(), Ref: p.Ref().String(), Paragraph: bodyKey(p.Ref()), Permalink: web.ParagraphPath(id, p.Ref()), Text: p.Text}
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
		Reference: map[string]string{}, Source: st.Source, Tags: st.Tags, Languages: st.Languages,
		Unofficial: orEmpty(st.Unofficial), Incomplete: orEmpty(st.Incomplete), Numbered: !st.Unnumbered,
		Paragraphs: make([]apiParagraph, 0, len(st.Paragraphs)),
	}
	for _, l := range st.Languages {
		if ref := st.ReferenceIn(l); ref != "" {
			out.Reference[l] = ref
		}
	}
	if out.Title == nil {
		out.Title = map[string]string{}
	}
	for _, p := range st.Paragraphs {
		out.Paragraphs = append(out.Paragraphs, newAPIParagraph(st.ID, p))
	}
	return s.writeJSON(w, r, http.StatusOK, out)
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
