package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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

// classify returns the status and the message a client sees for err. Only
// server faults are logged, and their details are not shown.
func (s *Server) classify(r *http.Request, err error) (int, string) {
	var se *statusError
	var qe *search.Error
	switch {
	case errors.As(err, &se):
		return se.status, se.msg
	case errors.As(err, &qe):
		return http.StatusBadRequest, qe.Msg
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, "There is no such statement or paragraph in the archive."
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("request timed out", "path", r.URL.Path, "err", err)
		return http.StatusServiceUnavailable, "The archive took too long to answer. Try a narrower search."
	case errors.Is(err, context.Canceled):
		return 499, "The request was cancelled."
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again; if it keeps failing, tell the archive's maintainers."
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error, asJSON bool) {
	status, msg := s.classify(r, err)
	if status == 499 {
		return // nobody is listening
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
		return "Too slow to answer"
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
