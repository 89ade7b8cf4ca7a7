package web

import (
	"net/url"
	"strconv"
)

// StatementsPerPage is how many statements one page of /statements lists.
const StatementsPerPage = 50

// StatementsPath returns the address of a page of the statement list with
// the page's filters.
func StatementsPath(p StatementsPage, page int) string {
	v := url.Values{}
	if p.Year != "" {
		v.Set("year", p.Year)
	}
	if p.Issuer != "" {
		v.Set("issuer", p.Issuer)
	}
	if p.Lang != "" {
		v.Set("lang", p.Lang)
	}
	if p.Reference != "" {
		v.Set("reference", p.Reference)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/statements"
	}
	return "/statements?" + v.Encode()
}

// FirstShown returns the position in the filtered list of the page's
// first statement, counting from 1.
func (p StatementsPage) FirstShown() int { return (p.Page-1)*StatementsPerPage + 1 }
