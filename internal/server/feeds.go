package server

import (
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

// The archive's Atom 1.0 feeds (RFC 4287): the newest statements, and
// the newest rows of any search, so that a search becomes an alert in any
// feed reader, with no account and nothing to renew. Every URL in them is
// absolute and built from the configured public URL only (publicURL),
// never from the request, as a shared cache may hand a feed to everyone.
//
// "Newest" is by the statements' issue dates: the catalog keeps no time
// of ingest, and the archive takes statements in as they are issued. A
// statement ingested late, with an older date, appears in a feed in its
// date's place, so only while fewer than search.FeedEntries newer ones
// are in it.

const (
	atomNS          = "http://www.w3.org/2005/Atom"
	atomContentType = "application/atom+xml; charset=utf-8"
)

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Title string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID        string         `xml:"id"`
	Title     atomText       `xml:"title"`
	Updated   string         `xml:"updated"`
	Published string         `xml:"published,omitempty"`
	Authors   []atomPerson   `xml:"author"`
	Links     []atomLink     `xml:"link"`
	Category  []atomCategory `xml:"category"`
	Content   atomText       `xml:"content"`
}

// atomText is a text construct: plain text, or HTML (Type "html") given
// escaped, in a language (xml:lang) where it has one.
type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// atomTime writes an instant as Atom's date-time (RFC 3339, UTC), with
// the fraction of a second where it has one: two ingests in one second
// still give a feed two update times.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// issued returns when a statement was issued, for an entry's dates: its
// day at midnight UTC, or, undated, when the index was built.
func issued(st *statement.Statement, built time.Time) time.Time {
	if st.HasDate() {
		return st.Date
	}
	return built
}

// newFeed returns a feed's frame: its ID (its own absolute URL, which a
// reader keys it by), title, links to itself and to the page it follows,
// and the archive as its author.
func (s *Server) newFeed(r *http.Request, self, page, title string) atomFeed {
	base := s.publicURL(r)
	return atomFeed{
		ID:      base + self,
		Title:   title,
		Updated: atomTime(s.reader(r).Built()),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + page},
		},
		Author: atomPerson{Name: "Statement archive", URI: base + "/"},
	}
}

// writeFeed writes a feed and its entries, streamed if the request's
// reservation says so (a search feed of long rows), else rendered whole
// first as pages are.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, f atomFeed, n int, entry func(i int) atomEntry) error {
	f.Entries = nil
	return s.writeXMLList(w, r, atomContentType, f, "entry", n, func(i int) any { return entry(i) })
}

// newStatementsFeed serves GET /feed.atom: the search.FeedEntries newest
// statements, each entry a statement with its titles in every language,
// its issuer, reference and languages, linking to its reading view.
func (s *Server) newStatementsFeed(w http.ResponseWriter, r *http.Request) error {
	rd := s.reader(r)
	base := s.publicURL(r)
	built := rd.Built()
	f := s.newFeed(r, web.NewStatementsFeed, "/statements", "Statement archive: new statements")
	f.Subtitle = "The newest official statements in the archive, by issue date, in every language they were published in."
	all := rd.Statements()
	newest := all[:min(len(all), search.FeedEntries)]
	return s.writeFeed(w, r, f, len(newest), func(i int) atomEntry {
		st := newest[i]
		url := base + web.StatementPath(st.ID)
		title, titleLang := st.TitleIn("")
		e := atomEntry{
			ID:        url,
			Title:     atomText{Body: title, Lang: titleLang},
			Updated:   atomTime(issued(st, built)),
			Published: atomTime(issued(st, built)),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: url}},
			Content:   atomText{Type: "html", Body: statementHTML(st)},
		}
		if st.Issuer != "" {
			e.Authors = []atomPerson{{Name: st.Issuer}}
		}
		for _, tag := range st.Tags {
			e.Category = append(e.Category, atomCategory{Term: tag})
		}
		return e
	})
}

// statementHTML describes a statement for a feed reader: its title in
// each language, its date, issuer, reference and languages.
func statementHTML(st *statement.Statement) string {
	var b strings.Builder
	for _, l := range st.Languages {
		if t := st.Title[l]; t != "" {
			fmt.Fprintf(&b, "<p lang=\"%s\"><strong>%s</strong></p>\n", html.EscapeString(l), html.EscapeString(t))
		}
	}
	var meta []string
	meta = append(meta, web.FormatDate(st))
	if st.Issuer != "" {
		meta = append(meta, st.Issuer)
	}
	if ref := st.ReferenceIn(""); ref != "" {
		meta = append(meta, ref)
	}
	fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(strings.Join(meta, " · ")))
	var langs []string
	for _, l := range st.Languages {
		langs = append(langs, web.EnglishName(l))
	}
	fmt.Fprintf(&b, "<p>%s, in %s.</p>\n", html.EscapeString(web.Count(len(st.Paragraphs), "row", "rows")), html.EscapeString(strings.Join(langs, ", ")))
	return b.String()
}

// follow serves GET /follow?q=…: how to follow a search in a feed reader,
// with the feed's address to copy (a browser shows the feed itself as
// code). Its parameters are the search's.
func (s *Server) follow(w http.ResponseWriter, r *http.Request) error {
	req, err := search.ParseValues(queryValues(r))
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Query) == "" {
		return badRequest("q is empty: give words or \"a phrase\" to follow, e.g. /follow?q=ransomware")
	}
	return s.render(w, r, http.StatusOK, web.Follow(web.FollowPage{Request: req, FeedURL: s.publicURL(r) + web.SearchFeedURL(req)}))
}

// searchFeed serves GET /search.atom with the parameters of /search: the
// search.FeedEntries newest rows that match, every filter kept, each
// entry a row with its text in every language, its ID and link the row's
// permalink. The page, page size and sort are the feed's own (the
// newest rows first) and are ignored. A request the search refuses gets
// the page's status and message.
func (s *Server) searchFeed(w http.ResponseWriter, r *http.Request) error {
	req, err := search.ParseValues(queryValues(r))
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Query) == "" {
		return badRequest("q is empty: give words or \"a phrase\" to follow, e.g. /search.atom?q=ransomware")
	}
	leave, err := s.admitWork(r, feedWork)
	defer leave()
	if err != nil {
		return err
	}
	// The rows are read whole before the feed is written: reserve what the
	// longest FeedEntries rows of this archive can be, then, once read,
	// keep only what they are.
	longest := feedRowBound(s.reader(r).Languages())
	r, release, err := s.reserve(r, answerSize{Source: search.FeedEntries * longest, Expansion: feedExpansion, Piece: longest})
	defer func() { release() }()
	if err != nil {
		return err
	}
	rows, err := s.reader(r).Latest(r.Context(), req, search.FeedEntries)
	if err != nil {
		return err
	}
	s.shrink(r, answerSize{Source: feedRowBytes(rows), Expansion: feedExpansion, Piece: longest})
	// The feed's own address is the one of its search as run (the
	// query trimmed, the languages sorted), so one search has one feed.
	if run, err := req.Normalize(s.reader(r).Languages()); err == nil {
		req = run
	}
	self := web.SearchFeedURL(req)
	pageReq := req
	pageReq.Page, pageReq.PerPage, pageReq.Sort = 1, 0, search.SortDate
	f := s.newFeed(r, self, web.SearchURL(pageReq), "Statement archive: "+web.SearchFeedTitle(req))
	f.Subtitle = fmt.Sprintf("The newest paragraphs that match the search, up to %d, each in every language it has.", search.FeedEntries)
	lang := ""
	if len(req.Langs) > 0 {
		lang = req.Langs[0]
	}
	base, built := s.publicURL(r), s.reader(r).Built()
	return s.writeFeed(w, r, f, len(rows), func(i int) atomEntry {
		row := rows[i]
		st := row.Statement
		url := base + web.ParagraphPath(st.ID, row.Ref)
		title, titleLang := st.TitleIn(lang)
		e := atomEntry{
			ID:        url,
			Title:     atomText{Body: title + ", " + web.KeyLabel(st, row.Ref), Lang: titleLang},
			Updated:   atomTime(issued(st, built)),
			Published: atomTime(issued(st, built)),
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: url},
				{Rel: "related", Type: "text/html", Href: base + web.InContextPath(st, row.Ref, lang), Title: "In the statement"},
			},
			Content: atomText{Type: "html", Body: rowHTML(row)},
		}
		if st.Issuer != "" {
			e.Authors = []atomPerson{{Name: st.Issuer}}
		}
		return e
	})
}

// feedRowBound is the most text one row can hold in an archive of langs:
// statement.MaxParagraphBytes in each.
func feedRowBound(langs []string) int {
	return max(1, len(langs)) * statement.MaxParagraphBytes
}

// feedRowBytes is the text the rows of a feed hold.
func feedRowBytes(rows []search.Row) int {
	n := 0
	for _, row := range rows {
		for _, t := range row.Text {
			n += len(t)
		}
	}
	return n
}

// rowHTML is a row for a feed reader: its text in every language it has,
// in the order the search page shows them, each under the language's
// name, its lines kept.
func rowHTML(row search.Row) string {
	var b strings.Builder
	meta := web.FormatDate(row.Statement)
	if row.Statement.Issuer != "" {
		meta += " · " + row.Statement.Issuer
	}
	fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(meta))
	for _, l := range row.Show {
		lines := strings.Split(row.Text[l], "\n")
		for i, line := range lines {
			lines[i] = html.EscapeString(line)
		}
		fmt.Fprintf(&b, "<div lang=\"%s\"><p><strong>%s</strong></p><p>%s</p></div>\n",
			html.EscapeString(l), html.EscapeString(web.LanguageLabel(row.Statement, l)), strings.Join(lines, "<br>"))
	}
	return b.String()
}
