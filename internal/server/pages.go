package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"statementarchive/internal/fault"
	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

// newestOnHome is how many statements the front page lists.
const newestOnHome = 20

// home serves GET /: the search box, the newest statements and the counts
// of statements and paragraphs per language.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	all := s.reader(r).Statements()
	newest := all
	if len(newest) > newestOnHome {
		newest = newest[:newestOnHome]
	}
	decades, issuers := web.HomeCoverage(all)
	return s.render(w, r, http.StatusOK, web.Home(web.HomePage{
		Newest:          newest,
		TotalStatements: len(all),
		Paragraphs:      langCounts(s.reader(r).Languages(), s.reader(r).ParagraphCounts()),
		Decades:         decades,
		Issuers:         issuers,
	}))
}

// langCounts pairs each language with its count, in language order.
func langCounts(langs []string, counts map[string]int) []web.LangCount {
	out := make([]web.LangCount, 0, len(langs))
	for _, l := range langs {
		out = append(out, web.LangCount{Lang: l, Count: counts[l]})
	}
	return out
}

// searchPage serves GET /search?q=&lang=&issuer=&tag=&from=&to=&page=&per_page=&sort=:
// the search form and, for a query, a page of matching rows with the
// facets. A request it cannot run gets the page with the reason and a 400.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	req, err := search.ParseValues(queryValues(r))
	// The page shows the query back (in the search box and the title); a
	// query over the limit is shown cut to the limit, never whole.
	shown := req
	shown.Query = clipBytes(req.Query, search.MaxQueryLength)
	p := web.SearchPage{Request: shown, Languages: s.reader(r).Languages()}
	if err == nil && strings.TrimSpace(req.Query) == "" {
		if req.Filtered() {
			// Filters without words browse the statements they select.
			http.Redirect(w, r, web.BrowseURL(req), http.StatusSeeOther)
			return nil
		}
		return s.render(w, r, http.StatusOK, web.Search(p))
	}
	var res *search.Result
	if err == nil {
		res, err = s.search(w, r, req)
	}
	if err != nil {
		status, msg := classify(err)
		if status != http.StatusBadRequest {
			return err
		}
		p.Error = msg
		return s.render(w, r, status, web.Search(p))
	}
	r, release, err := s.reserve(r, answerSize{Source: rowBytes(res) + aidBytes(res), Expansion: searchPageExpansion, Piece: longestRow(res)})
	defer release()
	if err != nil {
		return err
	}
	p.Result, p.Request = res, res.Request
	return s.render(w, r, http.StatusOK, web.Search(p))
}

// rowBytes returns the size of the text a page of rows shows: each row's
// text in every language, and the highlighted text where it matched.
func rowBytes(res *search.Result) int {
	n := 0
	for _, row := range res.Rows {
		n += shownBytes(row)
	}
	return n
}

// aidBytes returns the size of the text the page shows beside its rows:
// the titles of the statements it names (up to search.MaxStatementList)
// and the words it suggests, renders or relates.
func aidBytes(res *search.Result) int {
	n := 0
	for _, hits := range [][]search.StatementHit{res.Statements, res.OtherStatements} {
		for _, h := range hits {
			for _, t := range h.Statement.Title {
				n += len(t)
			}
		}
	}
	for _, sg := range res.Suggestions {
		n += len(sg.Instead) + len(sg.Query)
	}
	for _, rd := range res.Renderings {
		for _, t := range rd.Terms {
			n += len(t.Text)
		}
	}
	for _, rl := range res.Related {
		for _, f := range rl.Forms {
			n += len(f.Text) + len(f.Query)
		}
	}
	return n
}

// longestRow returns the size of the longest row of a page (rowBytes).
func longestRow(res *search.Result) int {
	n := 0
	for _, row := range res.Rows {
		n = max(n, shownBytes(row))
	}
	return n
}

// shownBytes is the text a search shows of a row.
func shownBytes(row search.Row) int {
	n := 0
	for _, t := range row.Text {
		n += len(t)
	}
	for _, h := range row.Highlight {
		n += len(h)
	}
	return n
}

// statements serves GET /statements?year=&from=&to=&issuer=&tag=&lang=&reference=&sort=&page=:
// every statement, newest (or oldest) first, filtered, web.StatementsPerPage
// to a page, with the filters of the search page: each value with its
// count. A filter it cannot read is shown with the reason and a 400, the
// list unfiltered by it.
func (s *Server) statements(w http.ResponseWriter, r *http.Request) error {
	l := listStatements(s.reader(r), queryValues(r))
	p := web.StatementsPage{
		Year: l.year, Issuer: l.issuer, Tag: l.tag, Lang: l.lang, Reference: l.reference, From: l.from, To: l.to, Oldest: l.oldest,
		Years: l.years, Issuers: l.issuers, Languages: s.reader(r).Languages(),
		Statements: l.statements, Total: l.total, Matched: l.matched, Page: l.page, Pages: l.pages, Facets: l.facets,
	}
	status := http.StatusOK
	if l.err != nil {
		status, p.Error = classify(l.err)
	}
	return s.render(w, r, status, web.Statements(p))
}

// statementList is one page of the statements, filtered, and the values
// the filters can take.
type statementList struct {
	// year, issuer, tag, lang and reference are the filters as applied
	// ("" when unset or refused); from and to the days.
	year, issuer, tag, lang, reference string
	from, to                           time.Time
	oldest                             bool
	years                              []int
	issuers                            []string
	statements                         []*statement.Statement
	// total counts every statement, matched those that pass the filters.
	total, matched, page, pages int
	// facets count the statements by each filter's values, each as if
	// its own filter were unset.
	facets web.StatementFacets
	// err is the first filter refused, a fault.Invalid error.
	err error
}

// listStatements reads the filters, sort and page of q and returns that
// page of the statements, newest first (oldest with sort=oldest). A
// value it cannot read is reported in err and left out, so a page can
// still show the list.
func listStatements(rd Reader, q url.Values) statementList {
	all := rd.Statements()
	l := statementList{year: q.Get("year"), issuer: q.Get("issuer"), tag: strings.TrimSpace(q.Get("tag")), lang: q.Get("lang"), reference: strings.TrimSpace(q.Get("reference")), total: len(all)}
	years, issuers := map[int]bool{}, map[string]bool{}
	for _, st := range all {
		if st.HasDate() {
			years[st.Date.Year()] = true
		}
		if st.Issuer != "" {
			issuers[st.Issuer] = true
		}
	}
	for y := range years {
		l.years = append(l.years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(l.years)))
	for is := range issuers {
		l.issuers = append(l.issuers, is)
	}
	sort.Strings(l.issuers)
	fail := func(err error) {
		if l.err == nil {
			l.err = err
		}
	}
	if l.year != "" {
		if y, err := strconv.Atoi(l.year); err == nil && y >= statement.MinDate.Year() && y <= statement.MaxDate.Year() {
			l.from, l.to = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		} else if err == nil {
			// A year the archive cannot hold selects nothing.
			l.from, l.to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		} else {
			l.year = ""
			fail(badRequest(fmt.Sprintf("The year must be a number, such as 2021, not %q.", clip(q.Get("year")))))
		}
	}
	for _, d := range []struct {
		name string
		into *time.Time
	}{{"from", &l.from}, {"to", &l.to}} {
		v := strings.TrimSpace(q.Get(d.name))
		if v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			fail(badRequest(fmt.Sprintf("%s must be a day written YYYY-MM-DD, not %q.", d.name, clip(v))))
			continue
		}
		*d.into = t
	}
	switch q.Get("sort") {
	case "", "newest":
	case "oldest":
		l.oldest = true
	default:
		fail(badRequest(fmt.Sprintf("sort is newest or oldest, not %q.", clip(q.Get("sort")))))
	}
	if l.lang != "" && !web.Contains(rd.Languages(), l.lang) {
		fail(badRequest(fmt.Sprintf("No statement in the archive is in language %q: choose from %s.", clip(l.lang), strings.Join(rd.Languages(), ", "))))
		l.lang = ""
	}
	if len(l.tag) > search.MaxFilterLength {
		fail(badRequest(fmt.Sprintf("The tag is %d bytes long; no tag is longer than %d.", len(l.tag), search.MaxFilterLength)))
		l.tag = ""
	}
	refKey := ""
	if l.reference != "" {
		refKey = statement.ReferenceKey(l.reference)
		switch {
		case len(l.reference) > search.MaxFilterLength:
			fail(badRequest(fmt.Sprintf("The reference is %d bytes long; the limit is %d: give the reference, such as PR(2006)150.", len(l.reference), search.MaxFilterLength)))
			l.reference, refKey = "", ""
		case refKey == "":
			fail(badRequest(fmt.Sprintf("The reference %q holds no letter or number: give one such as PR(2006)150 or SC/10378.", clip(l.reference))))
			l.reference = ""
		}
	}
	page := 1
	if v := strings.TrimSpace(q.Get("page")); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			fail(badRequest(fmt.Sprintf("page must be a whole number, not %q.", clip(v))))
		case n < 1:
			fail(badRequest(fmt.Sprintf("There is no page %d: pages count from 1.", n)))
		default:
			page = n
		}
	}
	// Each filter is a test; a facet counts the statements that pass
	// every test but its own.
	const (
		byDate = 1 << iota
		byIssuer
		byTag
		byLang
		byReference
		every = byDate | byIssuer | byTag | byLang | byReference
	)
	passes := func(st *statement.Statement) int {
		n := 0
		if (l.from.IsZero() && l.to.IsZero()) || (st.HasDate() && !st.Date.Before(l.from) && (l.to.IsZero() || !st.Date.After(l.to))) {
			n |= byDate
		}
		if l.issuer == "" || st.Issuer == l.issuer {
			n |= byIssuer
		}
		if l.tag == "" || web.Contains(st.Tags, l.tag) {
			n |= byTag
		}
		if l.lang == "" || web.Contains(st.Languages, l.lang) {
			n |= byLang
		}
		if refKey == "" || hasReference(st, refKey) {
			n |= byReference
		}
		return n
	}
	yearCounts, issuerCounts, tagCounts, langCounts := map[int]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	var matched []*statement.Statement
	for _, st := range all {
		n := passes(st)
		if n == every {
			matched = append(matched, st)
		}
		if n|byDate == every && st.HasDate() {
			yearCounts[st.Date.Year()]++
		}
		if n|byIssuer == every && st.Issuer != "" {
			issuerCounts[st.Issuer]++
		}
		if n|byTag == every {
			for _, t := range st.Tags {
				tagCounts[t]++
			}
		}
		if n|byLang == every {
			for _, lg := range st.Languages {
				langCounts[lg]++
			}
		}
	}
	l.facets = web.StatementFacets{Years: yearCounts, Issuers: issuerCounts, Tags: tagCounts, Langs: langCounts}
	if l.oldest {
		slices.Reverse(matched)
	}
	l.matched = len(matched)
	l.pages = max(1, (len(matched)+web.StatementsPerPage-1)/web.StatementsPerPage)
	if page > l.pages {
		fail(badRequest(fmt.Sprintf("There is no page %d: the list has %d.", page, l.pages)))
		page = 1
	}
	l.page = page
	first := (l.page - 1) * web.StatementsPerPage
	l.statements = matched[first:min(first+web.StatementsPerPage, len(matched))]
	return l
}

// referenceLinks links the references a statement's text makes to the
// other statements of the archive (a statement citing its own reference
// is not linked to itself); a reference that names several statements
// links to the newest.
//
// Pages are sized at pageExpansion bytes a byte of text (see reserve): a
// piece of text gains links only while their markup fits in what its own
// escaping leaves of that, so a text of nothing but references cannot
// make a page larger than it was sized; a link's title is at most
// linkTitleBytes.
func referenceLinks(rd Reader, self string) web.Linker {
	return func(text string) []web.TextLink {
		room := pageExpansion*len(text) - escapedLen(text)
		var out []web.TextLink
		for _, m := range rd.FindReferences(text) {
			for _, id := range m.IDs {
				if id == self {
					continue
				}
				st, ok := rd.Lookup(id)
				if !ok {
					continue
				}
				title := statement.Excerpt(st.DisplayTitle(""), linkTitleBytes/4)
				if st.HasDate() {
					title += " (" + st.Date.Format(time.DateOnly) + ")"
				}
				l := web.TextLink{Start: m.Start, End: m.End, Href: web.StatementPath(id), Title: title}
				if room -= linkMarkup + escapedLen(l.Href) + escapedLen(l.Title); room < 0 {
					return out
				}
				out = append(out, l)
				break
			}
		}
		return out
	}
}

// linkMarkup is the markup of a reference's link but its address and
// title; linkTitleBytes bounds the title.
const (
	linkMarkup     = len(`<a href="" class="ref-link" title=""></a>`)
	linkTitleBytes = 400
)

// escapedLen bounds the length of s escaped for HTML: each character
// escaping changes becomes at most five bytes.
func escapedLen(s string) int {
	return len(s) + 4*strings.Count(s, "<") + 4*strings.Count(s, ">") + 4*strings.Count(s, "&") + 4*strings.Count(s, `"`) + 4*strings.Count(s, "'")
}

// hasReference reports whether one of st's references has the key, or
// starts with it at a token's end: "PR(2006)" lists every press release
// of 2006, "PR(2006)15" none but PR(2006)15.
func hasReference(st *statement.Statement, key string) bool {
	for _, k := range st.ReferenceKeys() {
		if k == key || strings.HasPrefix(k, key+" ") {
			return true
		}
	}
	return false
}

// loadStatement reads the statement a route's {id} names, or a 404, after
// reserving what its text can become at expansion bytes a byte (see
// reserve): a large statement is not read while others fill the budget,
// and its answer streams. The caller calls release once the response is
// written.
func (s *Server) loadStatement(r *http.Request, expansion int) (st *statement.Statement, _ *http.Request, release func(), err error) {
	id := chi.URLParam(r, "id")
	if !statement.ValidID(id) {
		return nil, r, func() {}, notFound("There is no statement with this identifier. Identifiers are lowercase letters, digits, hyphens and underscores.")
	}
	meta, ok := s.reader(r).Lookup(id)
	if !ok {
		return nil, r, func() {}, notFound("There is no statement with this identifier.")
	}
	r, release, err = s.reserve(r, answerSize{Source: statementBound(meta), Expansion: expansion, Piece: rowBound(meta)})
	if err != nil {
		return nil, r, release, err
	}
	if st, err = s.reader(r).Statement(id); err != nil {
		return nil, r, release, err
	}
	return st, r, release, nil
}

// statementBound is the most text a statement's rows hold, from its
// catalog entry: its size as ingested, or, for an index built before
// sizes were kept, what statement.MaxFileSize allows.
func statementBound(meta *statement.Statement) int {
	if meta.TextBytes > 0 {
		return meta.TextBytes
	}
	return statement.MaxFileSize
}

// rowBound is the most text one row of a statement holds:
// statement.MaxParagraphBytes in each of its languages, and never more
// than the statement.
func rowBound(meta *statement.Statement) int {
	return min(statementBound(meta), max(1, len(meta.Languages))*statement.MaxParagraphBytes)
}

// statement serves GET /statements/{id}?left=&right=: the reading view,
// every paragraph in two languages side by side.
func (s *Server) statement(w http.ResponseWriter, r *http.Request) error {
	if to, ok := s.canonicalPath(r); ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return nil
	}
	st, r, release, err := s.loadStatement(r, pageExpansion)
	defer release()
	if err != nil {
		return err
	}
	p := web.StatementPage{Statement: st, Links: referenceLinks(s.reader(r), st.ID)}
	p.Left, p.Right = web.DefaultPair(st)
	q := queryValues(r)
	left, right := q.Get("left"), q.Get("right")
	var problems []string
	for _, side := range []struct {
		name, value string
		into        *string
	}{{"left", left, &p.Left}, {"right", right, &p.Right}} {
		if side.value == "" {
			continue
		}
		if !web.Contains(st.Languages, side.value) {
			problems = append(problems, fmt.Sprintf("This statement is not published in %q (asked for on the %s); it is in %s.", clip(side.value), side.name, strings.Join(st.Languages, ", ")))
			continue
		}
		*side.into = side.value
	}
	if left != "" && right == "" && p.Right == p.Left {
		// Asked for a left language alone: put the first other one beside it.
		p.Right = otherLanguage(st, p.Left)
	}
	if len(problems) == 0 && p.Left == p.Right && p.Left != "" && len(st.Languages) > 1 {
		// The same language twice says nothing beside itself: show
		// another beside it, and say so.
		p.Right = otherLanguage(st, p.Left)
		problems = append(problems, fmt.Sprintf("Both sides asked for %s; the reading view shows %s beside it instead. Choose two languages to compare.", web.EnglishName(p.Left), web.EnglishName(p.Right)))
	}
	if len(problems) > 0 {
		p.Error = strings.Join(problems, " ")
		return s.render(w, r, http.StatusBadRequest, web.Statement(p))
	}
	return s.render(w, r, http.StatusOK, web.Statement(p))
}

// canonicalPath returns the canonical address of a statement's or row's
// page asked for as people write it: the identifier in capitals
// (/statements/2021-07-19-NAC-…), the key with a leading zero, a "p" or
// "¶", or in capitals (/02, /p2, /¶2, /H2), for a permanent redirect;
// false when the address is canonical already or names nothing.
func (s *Server) canonicalPath(r *http.Request) (string, bool) {
	id, key := chi.URLParam(r, "id"), chi.URLParam(r, "key")
	changed := false
	meta, found := s.reader(r).Lookup(id)
	if !found {
		lower := strings.ToLower(id)
		if meta, found = s.reader(r).Lookup(lower); !found || lower == id {
			return "", false
		}
		id, changed = lower, true
	}
	path := web.StatementPath(id)
	if key != "" {
		ref, ok := statement.ParseRef(key)
		if !ok {
			if ref, ok = lenientRef(key); !ok {
				return "", false
			}
			if _, has := meta.Row(ref); !has {
				return "", false // a 404 says what a row's address is
			}
			changed = true
		}
		path = web.ParagraphPath(id, ref)
		if n := chi.URLParam(r, "n"); n != "" {
			path += "/v" + n
		}
	}
	if !changed {
		return "", false
	}
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	return path, true
}

// lenientRef reads a row's key as people write it: "02", "p2", "¶2",
// "para2", "H2", "N1".
func lenientRef(key string) (statement.Ref, bool) {
	k := strings.ToLower(strings.TrimSpace(key))
	for _, prefix := range []string{"¶", "para", "p"} {
		if rest, ok := strings.CutPrefix(k, prefix); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			k = rest
			break
		}
	}
	kind := ""
	if k != "" && (k[0] == 'h' || k[0] == 'n') {
		kind, k = k[:1], k[1:]
	}
	trimmed := strings.TrimLeft(k, "0")
	if trimmed == "" || trimmed[0] < '0' || trimmed[0] > '9' {
		return statement.Ref{}, false
	}
	return statement.ParseRef(kind + trimmed)
}

func otherLanguage(st *statement.Statement, lang string) string {
	for _, l := range st.Languages {
		if l != lang {
			return l
		}
	}
	return ""
}

// paragraph serves GET /statements/{id}/{ref}?lang=: a row's permalink
// page (a paragraph, the preamble, a heading or a footnote), in every
// language, with a citation.
func (s *Server) paragraph(w http.ResponseWriter, r *http.Request) error {
	if to, ok := s.canonicalPath(r); ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return nil
	}
	id := chi.URLParam(r, "id")
	key, ok := statement.ParseRef(chi.URLParam(r, "key"))
	if !ok || !statement.ValidID(id) {
		return notFound("There is no such paragraph. A paragraph's address is /statements/ID/N, with N its number; the preamble's is /statements/ID/preamble, a heading's /statements/ID/hN, a footnote's /statements/ID/nN.")
	}
	meta, found := s.reader(r).Lookup(id)
	if !found {
		return notFound("There is no statement with this identifier.")
	}
	lang := queryValues(r).Get("lang")
	if err := checkStatementLang(meta, lang); err != nil {
		return err
	}
	r, release, err := s.reserve(r, answerSize{Source: rowBound(meta), Expansion: pageExpansion, Piece: rowBound(meta)})
	defer release()
	if err != nil {
		return err
	}
	para, err := s.reader(r).Paragraph(id, key)
	if err != nil {
		return err
	}
	para, versions, n, url, err := s.versionShown(r, id, key, para)
	if err != nil {
		return err
	}
	if len(versions) < 2 {
		versions = nil
	}
	var order []string
	var missing string
	if lang != "" {
		if _, has := para.Text[lang]; has {
			order = append(order, lang)
		} else {
			// A permalink asked for in a language that lacks this
			// paragraph still shows it, with a note saying why.
			missing = lang
		}
	}
	for _, l := range paragraphLangs(meta, para) {
		if !web.Contains(order, l) {
			order = append(order, l)
		}
	}
	return s.render(w, r, http.StatusOK, web.Paragraph(web.ParagraphPage{
		Links:     referenceLinks(s.reader(r), id),
		Statement: meta,
		Paragraph: para,
		Order:     order,
		URL:       url,
		Missing:   missing,
		Versions:  versions,
		Notes:     s.rowNotes(r, id, para),
		Version:   n,
		Alike:     s.paragraphAlike(r, meta, para, order),
	}))
}

// maxNotesShown bounds the footnotes a row's page fetches to show beside
// it: a row may refer to many, each a read of the index.
const maxNotesShown = 20

// rowNotes returns the footnotes a row refers to in any language, by
// number (at most maxNotesShown), for its page to show beside it; a note
// that cannot be read is left out, and the reference still links to it.
func (s *Server) rowNotes(r *http.Request, id string, row statement.Paragraph) map[int]statement.Paragraph {
	out := map[int]statement.Paragraph{}
	for _, text := range row.Text {
		for _, sp := range statement.Spans(text) {
			if sp.Note <= 0 || len(out) >= maxNotesShown {
				continue
			}
			if _, ok := out[sp.Note]; ok {
				continue
			}
			if n, err := s.reader(r).Paragraph(id, statement.Ref{Kind: statement.Footnote, Key: sp.Note}); err == nil {
				out[sp.Note] = n
			}
		}
	}
	return out
}

// followRenames answers a request for a statement by an identifier it was
// published under before it was renamed (an alias) with a permanent
// redirect to the same address under its identifier now: the statement,
// a row, a citation, as a page or as JSON, the query kept.
func (s *Server) followRenames(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "id")
		if _, found := s.reader(r).Lookup(id); !found {
			if now, ok := s.reader(r).Renamed(id); ok {
				if to, ok := renamedPath(r.URL.Path, id, now); ok {
					if r.URL.RawQuery != "" {
						to += "?" + r.URL.RawQuery
					}
					http.Redirect(w, r, to, http.StatusMovedPermanently)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// renamedPath returns path with its /statements/{old} segment written
// /statements/{now}.
func renamedPath(path, old, now string) (string, bool) {
	seg := "/statements/" + old
	i := strings.Index(path, seg)
	if i < 0 || (len(path) > i+len(seg) && path[i+len(seg)] != '/') {
		return "", false
	}
	return path[:i] + "/statements/" + now + path[i+len(seg):], true
}

// versionShown returns the row as the request's address shows it: the
// version its …/vN names, else as it reads now; with every version of
// the row, the version's number (0 for none named) and the absolute URL
// of what is shown.
func (s *Server) versionShown(r *http.Request, id string, ref statement.Ref, row statement.Paragraph) (statement.Paragraph, []statement.Version, int, string, error) {
	versions, n, err := s.rowVersion(r, id, ref, row.Text, chi.URLParam(r, "n"))
	if err != nil {
		return row, nil, 0, "", err
	}
	url := s.publicURL(r) + web.ParagraphPath(id, ref)
	if n > 0 {
		row.Text = versions[n-1].Text
		url = s.publicURL(r) + web.VersionPath(id, ref, n)
	}
	return row, versions, n, url, nil
}

// rowVersion returns a row's versions (one, its words now, for a row
// never revised) and the version named (0 when none is): a version's
// permalink (…/vN) or a citation's version parameter, refused with a 404
// that says how many there are when the row has no such version.
func (s *Server) rowVersion(r *http.Request, id string, ref statement.Ref, now map[string]string, named string) ([]statement.Version, int, error) {
	versions := statement.Versions(ref, now, s.reader(r).Revisions(id))
	if named == "" {
		return versions, 0, nil
	}
	n, err := strconv.Atoi(named)
	if err != nil || n < 1 || n > len(versions) {
		return nil, 0, notFound(fmt.Sprintf("This row has %s: %s/v1 to /v%d; its permalink %s shows the current one.",
			web.Count(len(versions), "version", "versions"), web.ParagraphPath(id, ref), len(versions), web.ParagraphPath(id, ref)))
	}
	return versions, n, nil
}

// checkStatementLang refuses a lang parameter (of a row's page, its JSON
// or its citation) that names no language of the statement; "" passes.
func checkStatementLang(meta *statement.Statement, lang string) error {
	if lang == "" || web.Contains(meta.Languages, lang) {
		return nil
	}
	return badRequest(fmt.Sprintf("This statement is not published in %q; it is in %s.", clip(lang), strings.Join(meta.Languages, ", ")))
}

// paragraphLangs lists the languages a paragraph has, in the statement's order.
func paragraphLangs(st *statement.Statement, p statement.Paragraph) []string {
	var out []string
	for _, l := range st.Languages {
		if _, ok := p.Text[l]; ok {
			out = append(out, l)
		}
	}
	return out
}

// static serves GET /static/{name}: the stylesheet and script under their
// content-hashed names, cacheable forever.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	body, contentType, ok := web.Asset(chi.URLParam(r, "name"))
	if !ok {
		return notFound("There is no such file.")
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
	return nil
}

// readyz serves GET /readyz: the index is open and answers a query. Load
// balancers send traffic only to a replica that answers 200 here.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.reader(r).Ready(r.Context()); err != nil {
		s.log.Error("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		msg := "not ready: the index does not answer\n"
		if errors.Is(err, index.ErrGenerationGone) {
			// Its own message says which generation and what happens next.
			msg = "not ready: " + err.Error() + "\n"
		}
		_, _ = w.Write([]byte(msg))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// search runs a search through the archive and records its latency.
func (s *Server) search(w http.ResponseWriter, r *http.Request, req search.Request) (*search.Result, error) {
	start := time.Now()
	res, err := s.reader(r).Search(r.Context(), req)
	if res != nil && len(res.Timings) > 0 {
		w.Header().Set("Server-Timing", serverTiming(res.Timings))
	}
	outcome := "ok"
	switch {
	case err == nil:
	case fault.KindOf(err) == fault.Invalid:
		outcome = "bad_request"
	default:
		outcome = "error"
	}
	s.metrics.search.WithLabelValues(outcome).Observe(time.Since(start).Seconds())
	return res, err
}

// serverTiming writes a search's timings as a Server-Timing header
// (W3C Server Timing): each part's name and milliseconds, which browsers'
// developer tools show beside the request.
func serverTiming(ts []search.Timing) string {
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		parts = append(parts, fmt.Sprintf("%s;dur=%.2f", t.Phase, float64(t.Duration.Microseconds())/1000))
	}
	return strings.Join(parts, ", ")
}

// healthz serves GET /healthz: the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// clipBytes cuts s to at most n bytes, at a character boundary.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
