package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"statementarchive/internal/fault"
	"statementarchive/internal/search"
	"statementarchive/web"
)

// handlerFunc is a handler that returns its failure for the adapter to show.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func notFound(msg string) error   { return &fault.Error{Kind: fault.NotFound, Msg: msg} }
func badRequest(msg string) error { return &fault.Error{Kind: fault.Invalid, Msg: msg} }

// page adapts a page handler: a failure becomes an error page.
func (s *Server) page(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err, false)
		}
	}
}

// api adapts a JSON handler: a failure becomes {"error": "…"}.
func (s *Server) api(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err, true)
		}
	}
}

// classify returns the status and the message a client sees for err. The
// details of a server fault are not shown; writeError logs them, once.
func classify(err error) (int, string) {
	msg := sentence(fault.Message(err))
	switch fault.KindOf(err) {
	case fault.Invalid:
		return http.StatusBadRequest, msg
	case fault.NotFound:
		return http.StatusNotFound, msg
	case fault.NotAllowed:
		return http.StatusMethodNotAllowed, msg
	case fault.Busy:
		return http.StatusServiceUnavailable, msg
	case fault.Timeout:
		return http.StatusServiceUnavailable, fmt.Sprintf("The archive took too long to answer (searches stop after %s). Narrow the search with more words, a phrase or a filter.", search.SearchTimeout)
	case fault.Canceled:
		return 499, "The request was cancelled."
	}
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again; if it keeps failing, tell the archive's maintainers."
}

// sentence capitalises a message and ends it with a full stop.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// writeError answers with err's status and message, as an error page or
// as JSON, and logs it if it is the server's fault. A search the archive
// had no room for says when to come back (Retry-After).
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error, asJSON bool) {
	status, msg := classify(err)
	switch fault.KindOf(err) {
	case fault.Canceled:
		return // nobody is listening
	case fault.Busy:
		setRetryAfter(w, fault.RetryAfter(err))
		s.log.Warn("request refused: the archive is busy", "method", logged(r.Method), "path", logged(r.URL.Path), "err", err)
	case fault.Timeout:
		s.log.Warn("request timed out", "method", logged(r.Method), "path", logged(r.URL.Path), "err", err)
	case fault.Internal:
		s.log.Error("request failed", "method", logged(r.Method), "path", logged(r.URL.Path), "err", err)
	}
	if asJSON {
		_ = s.writeJSON(w, r, status, map[string]string{"error": msg})
		return
	}
	page := web.ErrorPage{Status: status, Title: errorTitle(status), Message: msg}
	if rerr := s.render(w, r, status, web.Error(page)); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, msg, status)
	}
}

func errorTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Not found"
	case http.StatusBadRequest:
		return "This request cannot be answered"
	case http.StatusMethodNotAllowed:
		return "Method not allowed"
	case http.StatusServiceUnavailable:
		return "Too busy to answer"
	}
	return "Something went wrong"
}

func setRetryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
}

// Responses are rendered whole into memory before they are written, so
// that a failed render gives a clean 500 rather than half a page. A large
// one then lives as long as its client takes to read it, and clients that
// never read could together hold gigabytes (60 stalled readers of a 7.5 MB
// statement held 1.9 GB). So a response over LargeResponse bytes holds its
// size of ResponseBudget while it is written, and one that finds no room
// within a short wait (2 s) is refused with a 503. Smaller responses are bounded
// by the connection cap instead.
const (
	// LargeResponse is the size from which a response counts against the budget.
	LargeResponse = 256 << 10
	// ResponseBudget bounds the bytes of large responses being written at once.
	ResponseBudget = 64 << 20
	// defaultResponseWait is how long a large response waits for room.
	defaultResponseWait = 2 * time.Second
)

// How many bytes of response one byte of paragraph text can become, at
// worst: a page writes "<" as "&lt;" (4 bytes); JSON writes it as \u003c
// (6), twice where a text with list items is also given as lines; the "&"
// of a highlight's "&lt;" as \u0026 (9 in all); a search hit shows its text
// highlighted, and in JSON plain as well. (A footnote reference, a link of
// some forty bytes on a page, is bounded apart: statement.MaxNoteRefs.)
const (
	pageExpansion       = 4
	jsonExpansion       = 6 + 6
	searchPageExpansion = 4 + 4
	searchJSONExpansion = 6 + 9
)

// reservationKey marks a request's context with the share of the response
// budget it took before rendering.
type reservationKey struct{}

// reserve takes, before a page is rendered, the share of the response
// budget that textBytes of paragraphs can become at expansion bytes each,
// so that the memory of rendering is bounded too, not only that of
// writing: a large page waits for room, or is refused with a 503, before
// it is built. The caller releases it once the response is written. Pages
// whose text cannot make a large response take nothing.
func (s *Server) reserve(r *http.Request, textBytes, expansion int) (*http.Request, func(), error) {
	need := int64(textBytes) * int64(expansion)
	if need <= LargeResponse {
		return r, func() {}, nil
	}
	need = min(need, ResponseBudget)
	if err := s.acquireResponse(r, need); err != nil {
		return r, func() {}, err
	}
	return r.WithContext(context.WithValue(r.Context(), reservationKey{}, need)), func() { s.responses.Release(need) }, nil
}

// acquireResponse takes n bytes of the response budget, waiting up to
// responseWait.
func (s *Server) acquireResponse(r *http.Request, n int64) error {
	ctx, cancel := context.WithTimeout(r.Context(), s.responseWait)
	defer cancel()
	if err := s.responses.Acquire(ctx, n); err != nil {
		if r.Context().Err() != nil {
			return r.Context().Err()
		}
		return &fault.Error{Kind: fault.Busy, RetryAfter: s.responseWait,
			Msg: "The archive is sending as many large pages as it can at once. Try again in a few seconds."}
	}
	return nil
}

// send writes a rendered response, holding its share of the response
// budget while a large one is written: what reserve took for it, and more
// if it came out larger.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, contentType string, buf *bytes.Buffer) error {
	if n := int64(buf.Len()); n > LargeResponse {
		held, _ := r.Context().Value(reservationKey{}).(int64)
		if extra := min(n, ResponseBudget) - held; extra > 0 {
			if err := s.acquireResponse(r, extra); err != nil {
				return err
			}
			defer s.responses.Release(extra)
		}
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
	return nil
}

// render writes a page with status, rendering into a buffer first so that a
// failed render gives a clean error rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return err
	}
	return s.send(w, r, status, "text/html; charset=utf-8", &buf)
}

// writeJSON writes v as JSON, with HTML-significant characters escaped.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	return s.send(w, r, status, "application/json; charset=utf-8", &buf)
}

func wantsJSON(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
