package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/web"
)

// handlerFunc is a handler that returns its failure for the adapter to show.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// statusError is a failure the client should see, with its HTTP status.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

func notFound(msg string) error   { return &statusError{status: http.StatusNotFound, msg: msg} }
func badRequest(msg string) error { return &statusError{status: http.StatusBadRequest, msg: msg} }

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
	var se *statusError
	var qe *search.Error
	var busy *search.BusyError
	switch {
	case errors.As(err, &se):
		return se.status, se.msg
	case errors.As(err, &qe):
		return http.StatusBadRequest, qe.Msg
	case errors.As(err, &busy):
		return http.StatusServiceUnavailable, sentence(busy.Error())
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, "There is no such statement or paragraph in the archive."
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, fmt.Sprintf("The archive took too long to answer (searches stop after %s). Narrow the search with more words, a phrase or a filter.", search.SearchTimeout)
	case errors.Is(err, context.Canceled):
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
	var busy *search.BusyError
	switch {
	case status == 499:
		return // nobody is listening
	case errors.As(err, &busy):
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(busy.RetryAfter.Seconds()))))
		s.log.Warn("search refused: the archive is busy", "method", logged(r.Method), "path", logged(r.URL.Path), "heavy", busy.Heavy)
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("request timed out", "method", logged(r.Method), "path", logged(r.URL.Path), "err", err)
	case status >= 500:
		s.log.Error("request failed", "method", logged(r.Method), "path", logged(r.URL.Path), "err", err)
	}
	if asJSON {
		s.writeJSON(w, status, map[string]string{"error": msg})
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

// render writes a page with status, rendering into a buffer first so that a
// failed render gives a clean error rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
	return nil
}

// writeJSON writes v as JSON, with HTML-significant characters escaped.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		s.log.Error("encode JSON", "err", err)
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func wantsJSON(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
