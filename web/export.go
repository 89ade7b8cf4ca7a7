package web

import (
	"strconv"
	"strings"

	"statementarchive/internal/search"
)

// The addresses of what a search or the archive gives besides pages: a
// search's exports and feed, the feed of new statements, the OpenSearch
// description. A search's are built from its one request value, so they
// keep every filter the page shows.

// NewStatementsFeed is the path of the Atom feed of the newest
// statements, which every page offers.
const NewStatementsFeed = "/feed.atom"

// OpenSearchPath is the path of the archive's OpenSearch description,
// which lets a browser add the archive as a search engine.
const OpenSearchPath = "/opensearch.xml"

// outputRequest returns req as an export or a feed reads it: every
// filter, but no page, page size or sort, since both hold every row (or
// the newest), newest first.
func outputRequest(req search.Request) search.Request {
	req.Langs = append([]string(nil), req.Langs...)
	req.Page, req.PerPage, req.Sort = 0, 0, ""
	return req
}

// ExportURL returns the address of the export of every row of req's
// search, in format "csv" or "jsonl".
func ExportURL(req search.Request, format string) string {
	return "/search." + format + "?" + outputRequest(req).Values().Encode()
}

// SearchFeedURL returns the address of the Atom feed of req's search.
func SearchFeedURL(req search.Request) string {
	return "/search.atom?" + outputRequest(req).Values().Encode()
}

// FollowURL returns the address of the page that says how to follow
// req's search in a feed reader.
func FollowURL(req search.Request) string {
	return "/follow?" + outputRequest(req).Values().Encode()
}

// SearchFeedTitle names the feed of req's search, as a feed reader lists
// it: the query, then the filters in force.
func SearchFeedTitle(req search.Request) string {
	title := "Search: " + req.Query
	var filters []string
	for _, f := range SelectedFilters(req) {
		filters = append(filters, f.Label)
	}
	if len(filters) > 0 {
		title += " (" + strings.Join(filters, "; ") + ")"
	}
	return stripBidiControls(title)
}

// Exportable reports whether a result's rows fit in one export.
func Exportable(res *search.Result) bool {
	return res.Total <= search.MaxExportRows
}

// exportLimit writes search.MaxExportRows for people: "100,000".
func exportLimit() string {
	s := strconv.Itoa(search.MaxExportRows)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// searchFeed returns the page's feed for the layout: the search's own
// when it ran, else none (the layout offers the new statements' feed on
// every page).
func searchFeed(p SearchPage) (url, title string) {
	if p.Result == nil {
		return "", ""
	}
	return SearchFeedURL(p.Result.Request), SearchFeedTitle(p.Result.Request)
}
