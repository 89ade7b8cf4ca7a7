package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"statementarchive/internal/search"
)

// SearchPage is the search form and, when there is a query, its answer.
type SearchPage struct {
	// Request is the search as asked: its query fills the box (cut to
	// the limit when over it), its filters the form, and every link of
	// the page is built from it.
	Request search.Request
	// Languages are every language of the archive, for the form.
	Languages []string
	// Result is nil when there is no query or the request was refused.
	Result *search.Result
	// Error explains a refused request.
	Error string
}

// SearchURL returns the search page's address for a request: its values
// are the request's own, so no filter is dropped by a link built here.
func SearchURL(req search.Request) string { return "/search?" + req.Values().Encode() }

// refine returns the request changed by set, back on its first page.
func refine(req search.Request, set func(*search.Request)) search.Request {
	req.Langs = append([]string(nil), req.Langs...)
	set(&req)
	req.Page = 1
	return req
}

// PageURL returns the address of another page of the same search.
func PageURL(req search.Request, page int) string {
	req.Page = page
	return SearchURL(req)
}

// FacetLink is a facet value as a link that chooses it, with its count;
// Selected is set when the request has chosen it already.
type FacetLink struct {
	Label    string
	Lang     string // set for a language, for the lang attribute
	Count    int
	URL      string
	Selected bool
}

// LanguageFacet lists every language of the archive with the rows that
// match in it (zero counts before a search).
func LanguageFacet(p SearchPage) []FacetLink {
	counts := map[string]int{}
	if p.Result != nil {
		for _, f := range p.Result.Facets.Lang {
			counts[f.Value] = f.Count
		}
	}
	out := make([]FacetLink, 0, len(p.Languages))
	for _, l := range p.Languages {
		out = append(out, FacetLink{Label: LanguageName(l), Lang: l, Count: counts[l], Selected: Contains(p.Request.Langs, l),
			URL: SearchURL(refine(p.Request, func(r *search.Request) { r.Langs = []string{l} }))})
	}
	return out
}

// YearFacet lists the years (or decades) of the matching rows, each a
// link that narrows the search to it.
func YearFacet(p SearchPage) (title string, links []FacetLink) {
	fs, title := p.Result.Facets.Years, "Year"
	if len(p.Result.Facets.Decades) > 0 {
		fs, title = p.Result.Facets.Decades, "Decade"
	}
	for _, f := range fs {
		selected := p.Request.From.Equal(f.From) && p.Request.To.Equal(f.To)
		links = append(links, FacetLink{Label: f.Value, Count: f.Count, Selected: selected,
			URL: SearchURL(refine(p.Request, func(r *search.Request) { r.From, r.To = f.From, f.To }))})
	}
	return title, links
}

// IssuerFacet lists the issuers of the matching rows as links.
func IssuerFacet(p SearchPage) []FacetLink {
	return valueLinks(p.Request, p.Result.Facets.Issuer, p.Request.Issuer, func(r *search.Request, v string) { r.Issuer = v })
}

// TagFacet lists the tags of the matching rows as links.
func TagFacet(p SearchPage) []FacetLink {
	return valueLinks(p.Request, p.Result.Facets.Tag, p.Request.Tag, func(r *search.Request, v string) { r.Tag = v })
}

// valueLinks turns a keyword facet into links that choose each value.
func valueLinks(req search.Request, fs []search.FacetCount, chosen string, set func(*search.Request, string)) []FacetLink {
	var out []FacetLink
	for _, f := range fs {
		out = append(out, FacetLink{Label: f.Value, Count: f.Count, Selected: chosen == f.Value,
			URL: SearchURL(refine(req, func(r *search.Request) { set(r, f.Value) }))})
	}
	return out
}

// Removal is a filter in force, with the link that removes it alone.
type Removal struct {
	Label string
	URL   string
}

// SelectedFilters lists the request's filters, each with a link to the
// same search without it.
func SelectedFilters(req search.Request) []Removal {
	var out []Removal
	for _, l := range req.Langs {
		out = append(out, Removal{Label: "Language: " + LanguageName(l), URL: SearchURL(refine(req, func(r *search.Request) {
			var keep []string
			for _, x := range r.Langs {
				if x != l {
					keep = append(keep, x)
				}
			}
			r.Langs = keep
		}))})
	}
	if req.Issuer != "" {
		out = append(out, Removal{Label: "Issuer: " + req.Issuer, URL: SearchURL(refine(req, func(r *search.Request) { r.Issuer = "" }))})
	}
	if req.Tag != "" {
		out = append(out, Removal{Label: "Tag: " + req.Tag, URL: SearchURL(refine(req, func(r *search.Request) { r.Tag = "" }))})
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		out = append(out, Removal{Label: "Issued " + DateRange(req.From, req.To), URL: SearchURL(refine(req, func(r *search.Request) { r.From, r.To = time.Time{}, time.Time{} }))})
	}
	return out
}

// ClearFilters returns the address of the same query with no filter.
func ClearFilters(req search.Request) string {
	return SearchURL(search.Request{Query: req.Query, Sort: req.Sort, PerPage: req.PerPage})
}

// DateRange writes a filter's days for people: "from 1 January 1990 to
// 31 December 1999", "in 2021", "from …", "until …".
func DateRange(from, to time.Time) string {
	switch {
	case !from.IsZero() && !to.IsZero() && from.Month() == 1 && from.Day() == 1 && to.Month() == 12 && to.Day() == 31:
		if from.Year() == to.Year() {
			return "in " + strconv.Itoa(from.Year())
		}
		return "from " + strconv.Itoa(from.Year()) + " to " + strconv.Itoa(to.Year())
	case !from.IsZero() && !to.IsZero():
		return "from " + from.Format("2 January 2006") + " to " + to.Format("2 January 2006")
	case !from.IsZero():
		return "from " + from.Format("2 January 2006")
	}
	return "until " + to.Format("2 January 2006")
}

// DayValue writes a filter's day for a date input, "" when unset.
func DayValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// RowLanguages returns the two languages a result row shows side by
// side, as the search decided: the first shown, and the next if any.
func RowLanguages(row search.Row) (first, second string) {
	if len(row.Show) > 0 {
		first = row.Show[0]
	}
	if len(row.Show) > 1 {
		second = row.Show[1]
	}
	return first, second
}

// OtherMatches returns, when no row matches in the languages filtered on,
// the other languages that do match, as links to search them.
func OtherMatches(p SearchPage) []FacetLink {
	if p.Result == nil || p.Result.Total > 0 || len(p.Request.Langs) == 0 {
		return nil
	}
	var out []FacetLink
	for _, f := range LanguageFacet(p) {
		if f.Count > 0 && !f.Selected {
			out = append(out, f)
		}
	}
	return out
}

// SuggestionURL returns the address of the search with a suggestion taken.
func SuggestionURL(req search.Request, s search.Suggestion) string {
	return SearchURL(refine(req, func(r *search.Request) { r.Query = s.Query }))
}

// RenderingURL returns the address of a search of a rendered term in its
// language, the other filters kept.
func RenderingURL(req search.Request, lang string, t search.RenderedTerm) string {
	q := t.Text
	if strings.ContainsAny(q, " \t") {
		q = `"` + q + `"`
	}
	return SearchURL(refine(req, func(r *search.Request) { r.Query, r.Langs = q, []string{lang} }))
}

// PageCount returns how many pages the result has, within the deepest page
// the search allows.
func PageCount(r *search.Result) int {
	total := min(r.Total, search.MaxResultWindow)
	return (total + r.Request.PerPage - 1) / r.Request.PerPage
}

func firstRow(r *search.Result) int { return (r.Request.Page-1)*r.Request.PerPage + 1 }

func searchTitle(p SearchPage) string {
	if p.Request.Query == "" {
		return "Search"
	}
	return p.Request.Query + " — search"
}

// fieldList names the metadata a statement matched on, for people.
func fieldList(fields []string) string { return strings.Join(fields, ", ") }

// stopWordNote explains a query whose words are too common to search.
func stopWordNote(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "“" + w + "”"
	}
	if len(words) == 1 {
		return quoted[0] + " is too common a word to search for: the archive does not index it. Add a less common word."
	}
	return strings.Join(quoted, ", ") + " are too common to search for: the archive does not index them. Add a less common word."
}

// rowLabel names a result row: "¶ 3", "Heading 2", … as on its permalink.
func rowLabel(row search.Row) string { return KeyLabel(row.Statement, row.Ref) }

// rowPermalink is the row's permalink in the language shown first.
func rowPermalink(row search.Row, lang string) string {
	return ParagraphPath(row.Statement.ID, row.Ref) + "?lang=" + lang
}

// matchNote says which of a row's languages matched, for the row's meta line.
func matchNote(row search.Row) string {
	if len(row.Matched) == 0 {
		return ""
	}
	names := make([]string, len(row.Matched))
	for i, l := range row.Matched {
		names[i] = EnglishName(l)
	}
	return "matches in " + strings.Join(names, " and ")
}

// PerPageChoices are the page sizes the form offers: the usual ones and
// the request's own, so that a link's per_page=5 is shown and kept.
func PerPageChoices(current int) []int {
	out := []int{10, 20, 50, 100}
	if current > 0 && !slices.Contains(out, current) {
		out = append(out, current)
		slices.Sort(out)
	}
	return out
}

func perPage(req search.Request) int {
	if req.PerPage == 0 {
		return search.DefaultPerPage
	}
	return req.PerPage
}

// firstLang is the language the request filters on first, "" for none.
func firstLang(req search.Request) string {
	if len(req.Langs) > 0 {
		return req.Langs[0]
	}
	return ""
}

// MatchedLanguages returns the languages the rows of a result match in,
// named in English: those of the language facet with rows, among the
// languages filtered on if any. Shown beside a suggestion, it says why a
// misspelt word finds rows at all: another language's stemming took it
// for one of its words ("terorism" is the French stem of "terrorisme").
func MatchedLanguages(p SearchPage) []string {
	if p.Result == nil || p.Result.Total == 0 {
		return nil
	}
	var out []string
	for _, f := range p.Result.Facets.Lang {
		if f.Count > 0 && (len(p.Request.Langs) == 0 || Contains(p.Request.Langs, f.Value)) {
			out = append(out, EnglishName(f.Value))
		}
	}
	return out
}

// RelatedURL returns the address of the search with a word replaced by
// one of its related forms, the filters kept.
func RelatedURL(req search.Request, f search.RelatedForm) string {
	return SearchURL(refine(req, func(r *search.Request) { r.Query = f.Query }))
}

// StatementsLeft returns how many of the statements that match a result
// names neither above its rows nor in the others' list: those past
// search.MaxStatementList.
func StatementsLeft(r *search.Result) int {
	return max(0, r.StatementTotal-len(r.Statements)-len(r.OtherStatements))
}
