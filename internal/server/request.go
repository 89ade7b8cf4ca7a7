package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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

// clip shortens user input quoted back in a message.
func clip(s string) string { return statement.Excerpt(s, 40) }

// publicURL returns the archive's public URL, without a trailing slash:
// always the configured one. It takes the request only so that its callers
// read alike; nothing in the request (Host, X-Forwarded-*, an absolute
// request URI) may choose the host a citation or canonical link carries.
func (s *Server) publicURL(_ *http.Request) string {
	return s.baseURL
}
