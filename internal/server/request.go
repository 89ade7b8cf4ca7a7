package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// queryKey is the context key of a request's parsed query parameters.
type queryKey struct{}

// parseQuery parses the request's query string strictly, once, so that a
// malformed one is refused rather than read with its bad parts dropped
// (r.URL.Query() silently skips "q=%zz" and the user is told q is empty).
// The handlers and the helpers here read the result with queryValues.
func parseQuery(r *http.Request) (*http.Request, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return r, badRequest(fmt.Sprintf("The address's query string (after the ?) is malformed: %s. "+
			"Write a literal %% as %%25, ; as %%3B and & inside a value as %%26; a search form does this for you.", clip(err.Error())))
	}
	return r.WithContext(context.WithValue(r.Context(), queryKey{}, v)), nil
}

// queryValues returns the request's query parameters as parseQuery parsed
// them.
func queryValues(r *http.Request) url.Values {
	if v, ok := r.Context().Value(queryKey{}).(url.Values); ok {
		return v
	}
	return r.URL.Query() // only outside Handler's middleware, as in a unit test
}

// queryInt reads an integer query parameter, def when absent.
func queryInt(r *http.Request, name string, def int) (int, error) {
	v := strings.TrimSpace(queryValues(r).Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("%s must be a whole number, not %q.", name, clip(v)))
	}
	return n, nil
}

// queryList reads a parameter that may repeat or hold a comma-separated list.
func queryList(r *http.Request, name string) []string {
	var out []string
	for _, v := range queryValues(r)[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// queryDay reads a YYYY-MM-DD parameter.
func queryDay(r *http.Request, name string) (time.Time, error) {
	v := strings.TrimSpace(queryValues(r).Get(name))
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, badRequest(fmt.Sprintf("%s must be a day written YYYY-MM-DD, not %q.", name, clip(v)))
	}
	return t, nil
}

// searchRequest reads the parameters shared by /search and /api/search:
// q, lang (repeatable), page, per_page, sort, issuer, from and to.
func searchRequest(r *http.Request) (search.Request, error) {
	q := queryValues(r)
	req := search.Request{
		Query:  q.Get("q"),
		Langs:  queryList(r, "lang"),
		Sort:   search.Sort(q.Get("sort")),
		Issuer: strings.TrimSpace(q.Get("issuer")),
	}
	var err error
	if req.Page, err = queryInt(r, "page", 1); err != nil {
		return req, err
	}
	if req.Page < 1 {
		return req, badRequest(fmt.Sprintf("There is no page %d: pages count from 1.", req.Page))
	}
	if req.PerPage, err = queryInt(r, "per_page", search.DefaultPerPage); err != nil {
		return req, err
	}
	if req.PerPage < 1 || req.PerPage > search.MaxPerPage {
		return req, badRequest(fmt.Sprintf("per_page must be from 1 to %d, not %d.", search.MaxPerPage, req.PerPage))
	}
	if req.From, err = queryDay(r, "from"); err != nil {
		return req, err
	}
	if req.To, err = queryDay(r, "to"); err != nil {
		return req, err
	}
	return req, nil
}

// clip shortens user input quoted back in a message.
func clip(s string) string { return statement.Excerpt(s, 40) }

// publicURL returns the archive's public URL, without a trailing slash:
// always the configured one. It takes the request only so that its callers
// read alike; nothing in the request (Host, X-Forwarded-*, an absolute
// request URI) may choose the host a citation or canonical link carries.
func (s *Server) publicURL(_ *http.Request) string {
	return s.baseURL
}
