package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
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
		// A refusal frees its connection too: a client that asked for
		// more than its share does not keep a slot of the connection cap.
		w.Header().Set("Connection", "close")
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

// Responses are built before they are written: small ones whole into a
// buffer, so that a failed render gives a clean 500 rather than half a
// page, and large ones streamed as they are rendered (stream), so that
// their memory is their source's, not their rendering's. A large one still
// lives as long as its client takes to read it, and clients that never
// read could together hold gigabytes (60 stalled readers of a 7.5 MB
// statement held 1.9 GB). So an answer that can come to more than
// LargeResponse bytes takes, before anything of it is read or built
// (reserve), what building and sending it will hold from ResponseBudget,
// and keeps it until it is written; one that finds no room within a short
// wait (2 s) is refused with a 503. Smaller answers are bounded by the
// connection cap instead.
const (
	// LargeResponse is the size from which an answer counts against the
	// budget, and is streamed where it can be: 128 KiB. Smaller ones are
	// built whole (bufferCopies at worst), so DefaultMaxConns of them
	// hold at most 384 MiB.
	LargeResponse = 128 << 10
	// ResponseBudget bounds the bytes that large answers being built and
	// written hold at once: 64 MiB.
	ResponseBudget = 64 << 20
	// defaultResponseWait is how long a large answer waits for room.
	defaultResponseWait = 2 * time.Second
	// bufferCopies is how many copies of an answer building it whole
	// holds at worst: json.Encoder's own buffer, its indented copy, and
	// the buffer it is written into.
	bufferCopies = 3
)

// How many bytes of response one byte of paragraph text can become, at
// worst: a page writes "<" as "&lt;" (4 bytes); JSON writes it as \u003c
// (6), twice where a text with list items is also given as lines; the "&"
// of a highlight's "&lt;" as \u0026 (9 in all); a search hit shows its text
// highlighted, and in JSON plain as well; a feed writes a row's HTML
// ("&lt;", 4) escaped again in XML ("&amp;lt;", 8), beside its plain
// title. (A footnote reference, a link of some forty bytes on a page, is
// bounded apart: statement.MaxNoteRefs.)
const (
	pageExpansion       = 4
	jsonExpansion       = 6 + 6
	searchPageExpansion = 4 + 4
	searchJSONExpansion = 6 + 9
	feedExpansion       = 8 + 1
)

// answerSize is what an answer is built from, for its reservation.
type answerSize struct {
	// Source is the bytes of text the answer is built from, held while it
	// is built and written.
	Source int
	// Expansion is the most bytes one byte of Source becomes.
	Expansion int
	// Piece is the most Source bytes written at once when the answer is
	// streamed (one row), or 0 if it cannot be streamed and is built whole.
	Piece int
}

// reservationKey marks a request's context with its reservation.
type reservationKey struct{}

// reservation is what a request took of the response budget, and whether
// its answer is to be streamed.
type reservation struct {
	mu     sync.Mutex
	held   int64
	stream bool
}

// reserve takes, before an answer is read or built, what building and
// sending it will hold, from the response budget: nothing for an answer
// of at most LargeResponse bytes (built whole, then sent); for a larger
// one that can be streamed, its source, one piece as it is encoded
// (twice: encoded, then indented) and the stream's buffer; for a larger
// one that cannot, its source and bufferCopies times its size. A large
// answer also takes one of its client's MaxLargePerClient slots. It
// waits for room, or is refused with a 503, before anything is built.
// The caller calls release once the answer is written; respond reads the
// reservation from the request it returns.
func (s *Server) reserve(r *http.Request, size answerSize) (_ *http.Request, release func(), _ error) {
	held, stream := size.holds()
	if held == 0 {
		return r, func() {}, nil
	}
	leave, err := s.admitWork(r, largeWork)
	if err != nil {
		return r, func() {}, err
	}
	if err := s.acquireResponse(r, held); err != nil {
		leave()
		return r, func() {}, err
	}
	res := &reservation{held: held, stream: stream}
	return r.WithContext(context.WithValue(r.Context(), reservationKey{}, res)), func() {
		res.mu.Lock()
		defer res.mu.Unlock()
		s.responses.Release(res.held)
		res.held = 0
		leave()
	}, nil
}

// holds returns what an answer of this size holds of the response budget
// (0 for one of at most LargeResponse bytes), and whether it streams.
func (size answerSize) holds() (held int64, stream bool) {
	bound := int64(size.Source) * int64(size.Expansion)
	if bound <= LargeResponse {
		return 0, false
	}
	if size.Piece > 0 {
		held = int64(size.Source) + 2*int64(size.Piece)*int64(size.Expansion) + streamBuffer
	} else {
		held = int64(size.Source) + bufferCopies*bound
	}
	// No answer the archive builds holds more than the budget (a row in
	// 24 languages is 24 × 32 KiB; statements and searches stream); one
	// that did would take the whole budget, alone.
	return min(held, ResponseBudget), size.Piece > 0
}

// shrink gives back what a request reserved beyond what its answer needs
// now that its source is read: reserve took an upper bound before, and
// size is what was read. An answer reserved to stream keeps streaming.
func (s *Server) shrink(r *http.Request, size answerSize) {
	need, _ := size.holds()
	s.shrinkTo(r, need)
}

// shrinkTo gives back what a request reserved beyond need bytes.
func (s *Server) shrinkTo(r *http.Request, need int64) {
	res := reservationOf(r)
	if res == nil {
		return
	}
	res.mu.Lock()
	defer res.mu.Unlock()
	if need < res.held {
		s.responses.Release(res.held - need)
		res.held = need
	}
	if s.shrunk != nil {
		s.shrunk(res.held)
	}
}

// reservationOf returns the request's reservation, nil if it took none.
func reservationOf(r *http.Request) *reservation {
	res, _ := r.Context().Value(reservationKey{}).(*reservation)
	return res
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
		s.metrics.refused.WithLabelValues("response budget").Inc()
		return &fault.Error{Kind: fault.Busy, RetryAfter: s.responseWait,
			Msg: "The archive is sending as many large pages as it can at once. Try again in a few seconds."}
	}
	return nil
}

// send writes an answer built whole, holding its share of the response
// budget while a large one is written: what reserve took for it, and
// more if it came out larger than that.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, contentType string, buf *bytes.Buffer) error {
	if n := int64(buf.Len()); n > LargeResponse {
		var held int64
		if res := reservationOf(r); res != nil {
			res.mu.Lock()
			held = res.held
			res.mu.Unlock()
		}
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

// respond writes an answer that write produces: streamed if the
// request's reservation says so, else built whole into a buffer first, so
// that a failed build gives a clean error rather than half an answer.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, contentType string, write func(io.Writer) error) error {
	if res := reservationOf(r); res != nil && res.stream {
		return s.stream(w, r, status, contentType, write)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return s.send(w, r, status, contentType, &buf)
}

// render writes a page with status (see respond).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	return s.respond(w, r, status, "text/html; charset=utf-8", func(out io.Writer) error { return c.Render(r.Context(), out) })
}

// jsonContentType is the media type of the API's answers.
const jsonContentType = "application/json; charset=utf-8"

// writeJSONList writes a JSON object whose last field, key, lists n
// elements (see writeJSONList the function, and respond).
func (s *Server) writeJSONList(w http.ResponseWriter, r *http.Request, status int, head any, key string, n int, elem func(int) any) error {
	return s.respond(w, r, status, jsonContentType, func(out io.Writer) error { return writeJSONList(out, head, key, n, elem) })
}

// writeXMLList writes an XML document whose root ends with a list of n
// elements (see writeXMLList the function, and respond).
func (s *Server) writeXMLList(w http.ResponseWriter, r *http.Request, contentType string, head any, name string, n int, elem func(int) any) error {
	return s.respond(w, r, http.StatusOK, contentType, func(out io.Writer) error { return writeXMLList(out, head, name, n, elem) })
}

// writeJSON writes v as JSON, with HTML-significant characters escaped.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	return s.send(w, r, status, jsonContentType, &buf)
}

func wantsJSON(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
