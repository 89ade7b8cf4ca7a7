package server

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5/middleware"
)

// contentSecurityPolicy allows the archive's own stylesheet and script and
// nothing else: no inline script, no framing, forms only to the archive.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		// Nothing here reads a body; bound it all the same.
		r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
		next.ServeHTTP(w, r)
	})
}

// optionsStar answers "OPTIONS *", a question about the server as a
// whole, with the methods it serves. net/http would answer it itself,
// before any middleware, and so without the security headers; Serve
// turns that off (DisableGeneralOptionsHandler) so it comes here.
func optionsStar(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions && r.RequestURI == "*" {
			w.Header().Set("Allow", "GET, HEAD")
			w.Header().Set("Cache-Control", cacheNever)
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Cache-Control values, one per class of response.
const (
	// cachePublic is for successful pages and JSON. They hold nothing
	// personal (no cookies, no accounts) and every URL in them is built from
	// the configured base URL, so a shared cache may serve one reader's
	// answer to another. A minute bounds how long a page stays stale after
	// a re-ingest swaps a new index in, while a burst on one page is still
	// absorbed by a cache in front.
	cachePublic = "public, max-age=60"
	// cacheNever is for errors (a passing fault or overload must not be
	// cached) and for /healthz, /readyz and /metrics, which must be fresh.
	cacheNever = "no-store"
)

// cacheControl gives every response a deliberate Cache-Control when its
// status is written, so that no handler can forget it: no-store for errors
// (4xx, 5xx) whatever the handler set, else what the handler set (static
// assets: immutable; noStore routes), else cachePublic.
func cacheControl(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&cacheControlWriter{ResponseWriter: w}, r)
	})
}

// noStore marks a route's answers as never cached.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", cacheNever)
		next.ServeHTTP(w, r)
	})
}

// cacheControlWriter sets Cache-Control as the status is written.
type cacheControlWriter struct {
	http.ResponseWriter
	written bool
}

func (w *cacheControlWriter) WriteHeader(status int) {
	if !w.written && status >= 200 {
		w.written = true
		h := w.Header()
		switch {
		case status >= 400:
			h.Set("Cache-Control", cacheNever)
		case h.Get("Cache-Control") == "":
			h.Set("Cache-Control", cachePublic)
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *cacheControlWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *cacheControlWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs each request with its status, size and duration.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		s.log.Info("request",
			"method", logged(r.Method),
			"path", logged(r.URL.Path),
			"query", logged(r.URL.RawQuery),
			"status", status,
			"bytes", ww.BytesWritten(),
			"duration", time.Since(start).Round(time.Microsecond).String(),
			"remote", r.RemoteAddr,
		)
	})
}

// strictQuery refuses a request whose query string is malformed with a 400
// that says how to write it, before any route reads a parameter.
func (s *Server) strictQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, err := parseQuery(r)
		if err != nil {
			s.writeError(w, r, err, wantsJSON(r))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// maxLogged bounds each request-derived field of a log line: a request
// line may be up to MaxHeaderBytes, and the log should not carry it whole.
const maxLogged = 512

// logged returns s for a log line: whole if it is at most maxLogged bytes,
// else its first maxLogged bytes (cut at a character boundary) and its
// length.
func logged(s string) string {
	if len(s) <= maxLogged {
		return s
	}
	cut := maxLogged
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

// recoverPanics turns a panic in a handler into a logged fault and a 500
// page, so one bad request cannot take the server down.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", logged(r.Method), "path", logged(r.URL.Path), "panic", logged(fmt.Sprint(v)), "stack", string(debug.Stack()))
				s.writeError(w, r, fmt.Errorf("panic: %v", v), wantsJSON(r))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
