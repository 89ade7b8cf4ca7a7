package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"statementarchive/internal/fault"
)

// What a client can hold, and for how long. A response is written only as
// fast as its client reads it, so a client that stops reading would hold
// its connection, its memory and its index generation until the response's
// whole time bound ran out (five minutes for an export). These bound it.

// ProgressTimeout is how long a response may wait for its client to take
// the next bytes: 10 s. Every write of a response moves the connection's
// write deadline to ProgressTimeout from then (never past the response's
// own bound), so a client that reads, however slowly, keeps its
// connection, and one that stops reading loses it 10 s later.
const ProgressTimeout = 10 * time.Second

// progressChunk is the most a response writes under one deadline: 64 KiB.
// A larger write is cut into pieces, each with a deadline of its own, so
// a client must read at least 64 KiB every ProgressTimeout (6.4 KB/s).
const progressChunk = 64 << 10

// PageWriteTimeout bounds the writing of any response but an export: 30 s
// from the request's arrival. Exports have ExportTimeout.
const PageWriteTimeout = 30 * time.Second

// progressKey is the context key of a request's progressWriter.
type progressKey struct{}

// progress gives every response a progress deadline (ProgressTimeout)
// within an overall bound (PageWriteTimeout, or what a handler sets with
// http.ResponseController.SetWriteDeadline, as exports do).
func (s *Server) progress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pw := &progressWriter{ResponseWriter: w, rc: http.NewResponseController(w), now: time.Now, timeout: s.progressTimeout}
		pw.end = pw.now().Add(PageWriteTimeout)
		next.ServeHTTP(pw, r)
	})
}

// progressWriter moves the connection's write deadline forward before
// each piece of a response it writes.
type progressWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	now     func() time.Time
	timeout time.Duration
	end     time.Time // no write may go on past this
}

// extend sets the write deadline for the next piece: timeout from now,
// at most end. (A recorder in a test has no deadline; that is no error.)
func (p *progressWriter) extend() {
	d := p.now().Add(p.timeout)
	if d.After(p.end) {
		d = p.end
	}
	_ = p.rc.SetWriteDeadline(d)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		piece := b[:min(len(b), progressChunk)]
		p.extend()
		m, err := p.ResponseWriter.Write(piece)
		n += m
		if err != nil {
			return n, err
		}
		b = b[m:]
	}
	return n, nil
}

// Flush sends what is buffered, under a fresh deadline.
func (p *progressWriter) Flush() {
	p.extend()
	_ = p.rc.Flush()
}

// SetWriteDeadline sets the response's overall bound: what an export
// asks for through http.ResponseController. Each write still has to make
// progress within the timeout.
func (p *progressWriter) SetWriteDeadline(t time.Time) error {
	p.end = t
	p.extend()
	return nil
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (p *progressWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// A kind of long work, capped in how many run at once in all and for one
// client address: a client that opens many connections cannot take every
// slot, and the connection cap keeps room for everyone else.
type workLimit struct {
	name      string // what the client is told is running ("exports")
	total     int    // at once, from all clients
	perClient int    // at once, from one client address
}

// The caps on long work. Exports stream for up to ExportTimeout; feeds
// run a search and render up to search.FeedEntries rows; large responses
// are those over LargeResponse, which hold their share of the response
// budget while their client reads them (the budget bounds their total).
var (
	exportWork = workLimit{name: "exports", total: MaxExports, perClient: MaxExportsPerClient}
	feedWork   = workLimit{name: "feeds", total: MaxFeeds, perClient: MaxFeedsPerClient}
	largeWork  = workLimit{name: "large answers", total: 0, perClient: MaxLargePerClient}
)

const (
	// MaxExports is how many exports run at once (8), and
	// MaxExportsPerClient how many of them one client address may run (2).
	MaxExports          = 8
	MaxExportsPerClient = 2
	// MaxFeeds is how many search and statement feeds are built at once
	// (16), and MaxFeedsPerClient how many for one client address (4).
	MaxFeeds          = 16
	MaxFeedsPerClient = 4
	// MaxLargePerClient is how many responses over LargeResponse one
	// client address may be sent at once (4); the response budget bounds
	// them in all.
	MaxLargePerClient = 4
)

// workCaps counts the long work running, in all and per client address.
type workCaps struct {
	mu       sync.Mutex
	running  map[string]int
	byClient map[string]int // key: work name + "\x00" + client
}

func newWorkCaps() *workCaps {
	return &workCaps{running: map[string]int{}, byClient: map[string]int{}}
}

// enter admits one piece of work of kind l for client, or refuses it with
// a fault.Busy error that says which cap was reached. The caller calls
// the returned release once the work's response is written.
func (c *workCaps) enter(l workLimit, client string) (func(), error) {
	key := l.name + "\x00" + client
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byClient[key] >= l.perClient {
		return func() {}, &fault.Error{Kind: fault.Busy, RetryAfter: 5 * time.Second,
			Msg: fmt.Sprintf("Your address already has %d %s running, the most one client may have at once. Wait for one to finish (or close a stalled download), then try again.", l.perClient, l.name)}
	}
	if l.total > 0 && c.running[l.name] >= l.total {
		return func() {}, &fault.Error{Kind: fault.Busy, RetryAfter: 5 * time.Second,
			Msg: fmt.Sprintf("The archive is running %d %s, the most it runs at once. Try again in a few seconds.", l.total, l.name)}
	}
	c.running[l.name]++
	c.byClient[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.running[l.name]--
			if c.byClient[key]--; c.byClient[key] == 0 {
				delete(c.byClient, key)
			}
		})
	}, nil
}

// clientAddress is the address a request's caps are counted by: its
// peer's IP address, and for IPv6 its /64 network, which one subscriber
// usually holds whole. Behind a reverse proxy every request comes from
// the proxy's address (the server trusts no X-Forwarded-For, which any
// client can set), so the per-client caps then act as caps on the proxy.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}

// admitWork admits a request's long work of kind l (see workCaps.enter).
func (s *Server) admitWork(r *http.Request, l workLimit) (func(), error) {
	release, err := s.caps.enter(l, clientAddress(r))
	if err != nil {
		s.metrics.refused.WithLabelValues(l.name).Inc()
	}
	return release, err
}

// streamBuffer is the buffer between a streamed response and its
// connection: 32 KiB.
const streamBuffer = 32 << 10

// stream writes a response as write produces it, through a buffer of
// streamBuffer bytes, instead of rendering it whole first: what a large
// page, JSON answer, feed or sitemap does, so that its memory is that of
// its source, reserved before it was read, not that of its rendering.
// The status and headers go first; a failure after them can no longer
// change the status, so it aborts the connection (abortResponse), and
// the client sees an incomplete answer, never one that looks whole.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, status int, contentType string, write func(io.Writer) error) error {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	out := bufio.NewWriterSize(w, streamBuffer)
	err := write(out)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		s.abortResponse(r, "response", err)
	}
	return nil
}

// clientGone reports whether err says the client went away or stopped
// reading: its request was cancelled, its connection was reset or closed,
// or it took nothing for ProgressTimeout. None is the server's fault.
func clientGone(err error) (reason string, gone bool) {
	switch {
	case fault.KindOf(err) == fault.Canceled:
		return "left", true
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "stopped reading", true
	case errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNRESET), errors.Is(err, net.ErrClosed):
		return "closed the connection", true
	}
	return "", false
}

// abortResponse ends a response that failed after its status was sent: it
// logs why, at INFO when the client left or stopped reading (counted in
// archive_http_clients_gone_total) and at ERROR only when the server is at
// fault, then aborts the response, which closes the connection without
// the end of the body. (recoverPanics lets http.ErrAbortHandler through
// to net/http, which drops it silently.)
func (s *Server) abortResponse(r *http.Request, what string, err error, attrs ...any) {
	attrs = append([]any{"path", logged(r.URL.Path), "query", logged(r.URL.RawQuery)}, attrs...)
	attrs = append(attrs, "err", err)
	switch reason, gone := clientGone(err); {
	case gone:
		s.metrics.clientsGone.WithLabelValues(reason).Inc()
		s.log.Info(what+": the client "+reason, attrs...)
	case fault.KindOf(err) == fault.Timeout:
		s.log.Warn(what+" cut off at its time limit", attrs...)
	default:
		s.log.Error(what+" failed", attrs...)
	}
	panic(http.ErrAbortHandler)
}

// writeJSONList writes a JSON object whose last field, key, is a list of
// n elements that may together be large: the object without them first,
// then each element as it is encoded, so that only one is ever held
// encoded. The bytes are those json.Encoder with a two-space indent
// writes for the whole object. head is the object with that list empty
// (not nil).
func writeJSONList(w io.Writer, head any, key string, n int, elem func(i int) any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(head); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	empty := []byte("\n  \"" + key + "\": []\n}\n")
	if !bytes.HasSuffix(buf.Bytes(), empty) {
		return fmt.Errorf("encode JSON: %q is not the last field of %T, or not empty", key, head)
	}
	prefix := buf.Bytes()[:buf.Len()-len("]\n}\n")]
	if n == 0 {
		_, err := w.Write(buf.Bytes())
		return err
	}
	if _, err := w.Write(prefix); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		b, err := json.MarshalIndent(elem(i), "    ", "  ")
		if err != nil {
			return fmt.Errorf("encode JSON: %w", err)
		}
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n  ]\n}\n")
	return err
}

// writeXMLList writes an XML document whose root element, head, ends with
// a list of n elements named name that may together be large: head
// without them (its list empty), then each element as it is encoded, so
// that only one is ever held encoded. The bytes are those an
// xml.Encoder with a two-space indent writes for the whole document,
// after xml.Header.
func writeXMLList(w io.Writer, head any, name string, n int, elem func(i int) any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(head); err != nil {
		return fmt.Errorf("encode XML: %w", err)
	}
	end := bytes.LastIndex(buf.Bytes(), []byte("</"))
	if end < 0 {
		return fmt.Errorf("encode XML: %T has no closing tag", head)
	}
	closing := append([]byte(nil), buf.Bytes()[end:]...)
	// A root with no children closes on its own line only once it has one.
	body := bytes.TrimRight(buf.Bytes()[:end], "\n ")
	if _, err := w.Write(body); err != nil {
		return err
	}
	var item bytes.Buffer
	for i := 0; i < n; i++ {
		item.Reset()
		item.WriteString("\n") // the encoder writes the prefix
		enc := xml.NewEncoder(&item)
		enc.Indent("  ", "  ")
		if err := enc.EncodeElement(elem(i), xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
			return fmt.Errorf("encode XML: %w", err)
		}
		if _, err := w.Write(item.Bytes()); err != nil {
			return err
		}
	}
	if n > 0 || bytes.HasSuffix(buf.Bytes()[:end], []byte("\n")) {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	if _, err := w.Write(closing); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// rowJSONOverhead bounds what a row's JSON holds besides its texts: keys,
// its statement's metadata (each field at most statement.MaxFieldBytes),
// URLs and indentation.
const rowJSONOverhead = 64 << 10

// jsonLen returns the length of s as encoding/json writes it inside a
// string, HTML-escaped: <, > and & as \u003c, " and \ with a backslash,
// control characters, U+2028, U+2029 and invalid bytes as escapes.
func jsonLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<' || c == '>' || c == '&':
				n += 6
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
				n += 2
			case c < 0x20:
				n += 6
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 6 // \ufffd
		case r == '\u2028' || r == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}
