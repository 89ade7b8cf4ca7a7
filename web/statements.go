package web

import (
	"net/url"
	"slices"
	"strconv"
	"time"

	"statementarchive/internal/search"
)

// StatementsPerPage is how many statements one page of /statements lists.
const StatementsPerPage = 50

// StatementFacets count the statements by year, issuer, tag and language,
// each as if its own filter were unset, as the search page's facets do.
type StatementFacets struct {
	Years                map[int]int
	Issuers, Tags, Langs map[string]int
}

// statementsValues are the list's filters as URL values: a page of the
// list, and each facet's link, are built from them.
func statementsValues(p StatementsPage) url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set("issuer", p.Issuer)
	set("tag", p.Tag)
	set("lang", p.Lang)
	set("reference", p.Reference)
	if p.Year != "" {
		set("year", p.Year)
	} else {
		set("from", DayValue(p.From))
		set("to", DayValue(p.To))
	}
	if p.Oldest {
		v.Set("sort", "oldest")
	}
	return v
}

func statementsURL(v url.Values) string {
	if len(v) == 0 {
		return "/statements"
	}
	return "/statements?" + v.Encode()
}

// StatementsPath returns the address of a page of the statement list with
// the page's filters.
func StatementsPath(p StatementsPage, page int) string {
	v := statementsValues(p)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return statementsURL(v)
}

// statementsWith returns the list's address with one filter changed
// (value "" removes it), back on its first page.
func statementsWith(p StatementsPage, name, value string) string {
	v := statementsValues(p)
	if name == "year" || name == "from" {
		v.Del("year")
		v.Del("from")
		v.Del("to")
	}
	if value == "" {
		v.Del(name)
	} else {
		v.Set(name, value)
	}
	return statementsURL(v)
}

// StatementYearFacet lists the years of the statements that pass the
// other filters, or their decades when they span more than
// search.MaxYearFacets years, newest first, as links; within a decade
// chosen, its years.
func StatementYearFacet(p StatementsPage) (string, []FacetLink) {
	var years []int
	for y := range p.Facets.Years {
		years = append(years, y)
	}
	slices.Sort(years)
	slices.Reverse(years)
	if len(years) == 0 {
		return "Year", nil
	}
	decades := years[0]-years[len(years)-1] >= search.MaxYearFacets
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Year()-p.From.Year() < 10 {
		decades = false
		var in []int
		for _, y := range years {
			if y >= p.From.Year() && y <= p.To.Year() {
				in = append(in, y)
			}
		}
		years = in
	}
	var out []FacetLink
	if !decades {
		for _, y := range years {
			out = append(out, FacetLink{Label: strconv.Itoa(y), Count: p.Facets.Years[y], Selected: p.From.Year() == y && p.To.Year() == y,
				URL: yearRange(p, y, y)})
		}
		return "Year", out
	}
	counts := map[int]int{}
	var ds []int
	for _, y := range years {
		d := y / 10 * 10
		if _, ok := counts[d]; !ok {
			ds = append(ds, d)
		}
		counts[d] += p.Facets.Years[y]
	}
	for _, d := range ds {
		out = append(out, FacetLink{Label: strconv.Itoa(d) + "s", Count: counts[d], URL: yearRange(p, d, d+9)})
	}
	return "Decade", out
}

// yearRange is the list's address narrowed to the years first to last.
func yearRange(p StatementsPage, first, last int) string {
	v := statementsValues(p)
	v.Del("year")
	v.Set("from", strconv.Itoa(first)+"-01-01")
	v.Set("to", strconv.Itoa(last)+"-12-31")
	return statementsURL(v)
}

// StatementValueFacet lists a keyword facet's values, most statements
// first, as links that choose each.
func StatementValueFacet(p StatementsPage, name string) []FacetLink {
	counts, chosen := p.Facets.Issuers, p.Issuer
	switch name {
	case "tag":
		counts, chosen = p.Facets.Tags, p.Tag
	case "lang":
		counts, chosen = p.Facets.Langs, p.Lang
	}
	var values []string
	for v := range counts {
		values = append(values, v)
	}
	slices.SortFunc(values, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		if a < b {
			return -1
		}
		return 1
	})
	var out []FacetLink
	for _, v := range values {
		label, lang := v, ""
		if name == "lang" {
			label, lang = LanguageName(v), v
		}
		out = append(out, FacetLink{Label: label, Lang: lang, Count: counts[v], Selected: v == chosen, URL: statementsWith(p, name, v)})
	}
	return out
}

// StatementsRemovals lists the list's filters in force, each with the
// link that removes it alone.
func StatementsRemovals(p StatementsPage) []Removal {
	var out []Removal
	if !p.From.IsZero() || !p.To.IsZero() {
		out = append(out, Removal{Label: "Issued " + DateRange(p.From, p.To), URL: statementsWith(p, "from", "")})
	}
	if p.Issuer != "" {
		out = append(out, Removal{Label: "Issuer: " + p.Issuer, URL: statementsWith(p, "issuer", "")})
	}
	if p.Tag != "" {
		out = append(out, Removal{Label: "Tag: " + p.Tag, URL: statementsWith(p, "tag", "")})
	}
	if p.Lang != "" {
		out = append(out, Removal{Label: "Language: " + LanguageName(p.Lang), URL: statementsWith(p, "lang", "")})
	}
	if p.Reference != "" {
		out = append(out, Removal{Label: "Reference: " + p.Reference, URL: statementsWith(p, "reference", "")})
	}
	return out
}

// FirstShown returns the position in the filtered list of the page's
// first statement, counting from 1.
func (p StatementsPage) FirstShown() int { return (p.Page-1)*StatementsPerPage + 1 }

// BrowseURL returns the statement list's address for a search's filters
// without words: its issuer, tag, first language and date range.
func BrowseURL(req search.Request) string {
	v := url.Values{}
	if req.Issuer != "" {
		v.Set("issuer", req.Issuer)
	}
	if req.Tag != "" {
		v.Set("tag", req.Tag)
	}
	if len(req.Langs) > 0 {
		v.Set("lang", req.Langs[0])
	}
	if !req.From.IsZero() {
		v.Set("from", req.From.Format(time.DateOnly))
	}
	if !req.To.IsZero() {
		v.Set("to", req.To.Format(time.DateOnly))
	}
	return statementsURL(v)
}
