package web

import (
	"html"
	"slices"
	"strconv"
	"strings"
	"time"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
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

// RowColumns returns the two languages a result row shows, left and
// right, in an order fixed for the whole page, so that a language keeps
// its column from row to row: the page's languages in order (those the
// search filters on first, then the archive's). The left column is the
// first of them the row has; the right one the language the row matched
// best in, when that is another, else the next the row has.
func RowColumns(row search.Row, order []string) (left, right string) {
	has := func(l string) bool { _, ok := row.Text[l]; return ok }
	var langs []string
	for _, l := range order {
		if has(l) && !Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	for _, l := range row.Show { // languages the page's order lacks
		if has(l) && !Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	if len(langs) == 0 {
		return RowLanguages(row)
	}
	left = langs[0]
	for _, l := range row.Matched {
		if l != left && has(l) {
			right = l
			break
		}
	}
	if right == "" && len(langs) > 1 {
		right = langs[1]
	}
	if right != "" && slices.Index(langs, right) < slices.Index(langs, left) {
		left, right = right, left
	}
	return left, right
}

// ColumnOrder is the order of languages a search page's columns follow:
// those the search filters on, then the others by how many rows match in
// each (the language facet), most first, ties in the archive's order.
func ColumnOrder(p SearchPage) []string {
	out := append([]string(nil), p.Request.Langs...)
	rest := slices.Clone(p.Languages)
	counts := map[string]int{}
	if p.Result != nil {
		for _, f := range p.Result.Facets.Lang {
			counts[f.Value] = f.Count
		}
	}
	slices.SortStableFunc(rest, func(a, b string) int { return counts[b] - counts[a] })
	for _, l := range rest {
		if !Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// statementHitsWhat says what the statements matched by: "its" title
// for one, "their" for more.
func statementHitsWhat(n int) string {
	if n == 1 {
		return "its title or details"
	}
	return "their titles or details"
}

// PassageRunes is about how many characters of a language's text a
// result row shows before the reader opens the whole paragraph: the
// sentences around the matches, at least one whole sentence.
const PassageRunes = 280

// Passage is what a result row shows of one language's text: the
// sentences around the matches (for the language that matched) or the
// sentences in the same place (for the other), as HTML whose only
// elements are <mark> and <sup>, everything else escaped; Cut is set when
// it leaves part of the text out.
type Passage struct {
	Lang    string
	Matched bool
	HTML    string
	Cut     bool
}

// RowPassages returns the passages a result row shows, left and right
// ("" right for a row in one language): the matched language's sentences
// with a match, and the other language's sentences at the same places in
// its text, which a translation keeps in order.
func RowPassages(row search.Row, left, right string) []Passage {
	langs := []string{left}
	if right != "" {
		langs = append(langs, right)
	}
	sentences := map[string][]string{}
	var picked []int
	var pickedOf int
	for _, l := range langs {
		sentences[l] = splitSentences(rowHTML(row, l))
	}
	for _, l := range langs {
		if _, ok := row.Highlight[l]; ok && picked == nil {
			picked = pickSentences(sentences[l])
			pickedOf = len(sentences[l])
		}
	}
	if picked == nil {
		picked = pickSentences(sentences[langs[0]])
		pickedOf = len(sentences[langs[0]])
	}
	out := make([]Passage, 0, len(langs))
	for _, l := range langs {
		ss := sentences[l]
		idx := picked
		_, matched := row.Highlight[l]
		if matched {
			if own := pickSentences(ss); own != nil {
				idx = own
			}
		} else if len(ss) != pickedOf {
			idx = scaleSentences(picked, pickedOf, len(ss))
		}
		html, cut := joinSentences(ss, idx)
		out = append(out, Passage{Lang: l, Matched: matched, HTML: html, Cut: cut})
	}
	return out
}

// RowCut reports whether any passage leaves part of its text out: the
// row then offers its whole text one step away.
func RowCut(ps []Passage) bool {
	for _, p := range ps {
		if p.Cut {
			return true
		}
	}
	return false
}

// rowHTML is a row's text in lang as HTML: the highlighted text where it
// matched, else the text escaped, its footnote marks as <sup>N</sup>.
func rowHTML(row search.Row, lang string) string {
	if hl, ok := row.Highlight[lang]; ok {
		return hl
	}
	var b strings.Builder
	for _, sp := range statement.Spans(row.Text[lang]) {
		if sp.Note > 0 {
			b.WriteString("<sup>" + strconv.Itoa(sp.Note) + "</sup>")
			continue
		}
		b.WriteString(html.EscapeString(sp.Text))
	}
	return b.String()
}

// splitSentences cuts a row's HTML into sentences: after ., ! or ? and a
// space, and at each line break (a list's item), never inside a <mark>.
func splitSentences(s string) []string {
	var out []string
	start, open := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "<mark>"):
			open++
		case strings.HasPrefix(s[i:], "</mark>"):
			open--
		case s[i] == '\n' && open == 0:
			if strings.TrimSpace(s[start:i]) != "" {
				out = append(out, strings.TrimSpace(s[start:i]))
			}
			start = i + 1
		case (s[i] == '.' || s[i] == '!' || s[i] == '?') && open == 0 && i+1 < len(s) && s[i+1] == ' ':
			out = append(out, strings.TrimSpace(s[start:i+1]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// pickSentences chooses the sentences a passage shows: from the first
// with a match, each next one with a match, and the sentences after the
// first while the passage is under PassageRunes; every sentence when the
// text is that short. nil for no sentence.
func pickSentences(ss []string) []int {
	if len(ss) == 0 {
		return nil
	}
	total := 0
	for _, s := range ss {
		total += visibleLen(s)
	}
	all := make([]int, len(ss))
	for i := range ss {
		all[i] = i
	}
	if total <= PassageRunes+PassageRunes/4 {
		return all
	}
	first := 0
	for i, s := range ss {
		if strings.Contains(s, "<mark>") {
			first = i
			break
		}
	}
	out, n := []int{first}, visibleLen(ss[first])
	for i := first + 1; i < len(ss) && n < PassageRunes; i++ {
		if strings.Contains(ss[i], "<mark>") || i == out[len(out)-1]+1 {
			out = append(out, i)
			n += visibleLen(ss[i])
		}
	}
	return out
}

// scaleSentences maps sentence numbers of a text of from sentences to
// the same places in a text of to sentences.
func scaleSentences(idx []int, from, to int) []int {
	if to == 0 {
		return nil
	}
	var out []int
	for _, i := range idx {
		j := min(to-1, i*to/max(from, 1))
		if len(out) == 0 || out[len(out)-1] < j {
			out = append(out, j)
		}
	}
	return out
}

// joinSentences writes the chosen sentences, an ellipsis where sentences
// are left out, and whether any is.
func joinSentences(ss []string, idx []int) (string, bool) {
	var b strings.Builder
	cut := false
	for k, i := range idx {
		switch {
		case k == 0 && i > 0:
			b.WriteString("… ")
			cut = true
		case k > 0 && i > idx[k-1]+1:
			b.WriteString(" … ")
			cut = true
		case k > 0:
			b.WriteByte(' ')
		}
		b.WriteString(ss[i])
	}
	if len(idx) > 0 && idx[len(idx)-1] < len(ss)-1 {
		b.WriteString(" …")
		cut = true
	}
	return b.String(), cut
}

// visibleLen counts the characters of HTML a reader sees: tags left out,
// an entity counted once.
func visibleLen(s string) int {
	n, tag := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			tag = true
		case c == '>':
			tag = false
		case tag:
		case c == '&':
			if j := strings.IndexByte(s[i:], ';'); j > 0 && j < 10 {
				i += j
			}
			n++
		case c < 0x80 || c >= 0xC0:
			n++
		}
	}
	return n
}

// ExportSize estimates the size of a search's export: its rows' text as
// this page has it, per row, times the rows that match, and a tenth more
// for the columns besides the text.
func ExportSize(res *search.Result) int64 {
	if len(res.Rows) == 0 {
		return 0
	}
	var n int64
	for _, row := range res.Rows {
		for _, t := range row.Text {
			n += int64(len(t))
		}
		n += 200 // identifier, reference, date, title's share
	}
	return n * int64(res.Total) / int64(len(res.Rows)) * 11 / 10
}

// DownloadLabel is what the export links say they download: "this
// paragraph", "all 1,250 paragraphs".
func DownloadLabel(total int) string {
	if total == 1 {
		return "Download this paragraph"
	}
	return "Download all " + Count(total, "paragraph", "paragraphs")
}

// skipTo is the id the search page's first skip link leads to: the
// results, when there are rows.
func skipTo(p SearchPage) string {
	if p.Result != nil && p.Result.Total > 0 {
		return "results"
	}
	return ""
}

// filterSummary is what the filters' disclosure says after "Filters"
// when closed: how many are in force.
func filterSummary(p SearchPage) string {
	if n := len(SelectedFilters(p.Request)); n > 0 {
		return " (" + strconv.Itoa(n) + " in force)"
	}
	return ""
}

// YearsWithin lists the years of a decade the search is narrowed to, as
// links that narrow it to each year: the year facet counts by decade
// when the rows span more than search.MaxYearFacets years, and a decade
// chosen is then narrowed a year at a time. The facet counts decades
// without the date filter, so these links carry no count.
func YearsWithin(p SearchPage) []FacetLink {
	if p.Result == nil || len(p.Result.Facets.Decades) == 0 {
		return nil
	}
	from, to := p.Request.From, p.Request.To
	if from.IsZero() || to.IsZero() || from.Year() == to.Year() && from.YearDay() == 1 && to.Month() == 12 && to.Day() == 31 {
		if from.IsZero() || to.IsZero() {
			return nil
		}
	}
	if to.Year()-from.Year() > 9 {
		return nil
	}
	var out []FacetLink
	for y := from.Year(); y <= to.Year(); y++ {
		start, end := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		selected := from.Equal(start) && to.Equal(end)
		out = append(out, FacetLink{Label: strconv.Itoa(y), Selected: selected,
			URL: SearchURL(refine(p.Request, func(r *search.Request) { r.From, r.To = start, end }))})
	}
	if len(out) < 2 && !out[0].Selected {
		return nil
	}
	return out
}
