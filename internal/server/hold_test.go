package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// A response whose client stops reading loses its connection once no
// write has made progress for the progress timeout, long before the
// response's own bound (an export's is five minutes).
func TestStalledReaderLosesItsConnection(t *testing.T) {
	s := New(Config{Archive: fakeArchive{}, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s.progressTimeout = 50 * time.Millisecond
	failed := make(chan error, 1)
	h := s.progress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// As an export does: lift the bound far past the test's life.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Hour))
		piece := bytes.Repeat([]byte("x"), 1<<20)
		for i := 0; i < 256; i++ {
			if _, err := w.Write(piece); err != nil {
				failed <- err
				return
			}
		}
		failed <- nil
	}))
	addr := runLimited(t, h, RunOptions{})
	c := dialSmallBuffer(t, addr)
	if _, err := io.WriteString(c, "GET /big HTTP/1.1\r\nHost: archive.test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// The client reads nothing.
	select {
	case err := <-failed:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("the handler's write to a client that reads nothing: %v, want a deadline exceeded", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("a client that reads nothing held its response for a minute")
	}
}

// dialSmallBuffer connects with a 2 KB receive buffer, as a client that
// means to stall the server would.
func dialSmallBuffer(t *testing.T, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 2048) })
	}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// deadlineRecorder is a ResponseWriter that records the write deadlines
// set on it, and when each piece was written.
type deadlineRecorder struct {
	httptest.ResponseRecorder
	events []string
	now    *time.Time
}

func (d *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	d.events = append(d.events, fmt.Sprintf("deadline +%s", t.Sub(time.Unix(0, 0))))
	return nil
}

func (d *deadlineRecorder) Write(b []byte) (int, error) {
	d.events = append(d.events, fmt.Sprintf("write %d", len(b)))
	*d.now = d.now.Add(time.Second) // each piece takes a second to go
	return len(b), nil
}

// Every piece of a write gets a deadline of its own, the timeout from
// when it starts, never past the response's bound.
func TestProgressDeadlineMovesWithEachPiece(t *testing.T) {
	now := time.Unix(0, 0)
	rec := &deadlineRecorder{now: &now}
	pw := &progressWriter{ResponseWriter: rec, rc: http.NewResponseController(rec), now: func() time.Time { return now }, timeout: 10 * time.Second, end: time.Unix(12, 0)}
	if _, err := pw.Write(make([]byte, 2*progressChunk+10)); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"deadline +10s", fmt.Sprintf("write %d", progressChunk),
		"deadline +11s", fmt.Sprintf("write %d", progressChunk),
		"deadline +12s", "write 10", // capped by the bound
	}
	if got := strings.Join(rec.events, ", "); got != strings.Join(want, ", ") {
		t.Errorf("a write of two pieces and a bit:\n got %s\nwant %s", got, strings.Join(want, ", "))
	}
	// An export lifts the bound through http.ResponseController.
	rec.events = nil
	if err := http.NewResponseController(pw).SetWriteDeadline(time.Unix(3600, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := pw.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.events[len(rec.events)-2], "deadline +13s"; got != want {
		t.Errorf("after the bound was lifted: %s, want %s (the timeout from now)", got, want)
	}
}

// Long work is capped per client address and in all: a client that holds
// its share gets a 503 that says so and closes the connection, and
// another client is still served.
func TestLongWorkIsCappedPerClient(t *testing.T) {
	files := corpus(t)
	files["long.txt"] = longStatement(400)
	idx := indextest.Build(t, files)
	s := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	h := s.Handler()
	from := func(path, addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	tests := []struct {
		name  string
		work  workLimit
		path  string
		other int // the status for another client
	}{
		{"export", exportWork, "/search.csv?q=cyber", http.StatusOK},
		{"feed", feedWork, "/search.atom?q=cyber", http.StatusOK},
		{"large answer", largeWork, "/statements/long", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var held []func()
			defer func() {
				for _, release := range held {
					release()
				}
			}()
			for range tt.work.perClient {
				release, err := s.caps.enter(tt.work, "192.0.2.7")
				if err != nil {
					t.Fatal(err)
				}
				held = append(held, release)
			}
			rec := from(tt.path, "192.0.2.7:4000")
			if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || rec.Header().Get("Connection") != "close" ||
				!strings.Contains(rec.Body.String(), "Your address already has") {
				t.Errorf("GET %s from a client holding %d %s = %d (Retry-After %q, Connection %q) %.200s; want a 503 that says why, closing",
					tt.path, tt.work.perClient, tt.work.name, rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Connection"), rec.Body.String())
			}
			if rec := from(tt.path, "198.51.100.9:4000"); rec.Code != tt.other {
				t.Errorf("GET %s from another client = %d, want %d", tt.path, rec.Code, tt.other)
			}
			if tt.work.total == 0 {
				return
			}
			for i := len(held); i < tt.work.total; i++ {
				release, err := s.caps.enter(tt.work, fmt.Sprintf("203.0.113.%d", i))
				if err != nil {
					t.Fatal(err)
				}
				held = append(held, release)
			}
			if rec := from(tt.path, "198.51.100.9:4000"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "the most it runs at once") {
				t.Errorf("GET %s with %d %s running = %d %.200s; want a 503 naming the cap", tt.path, tt.work.total, tt.work.name, rec.Code, rec.Body.String())
			}
		})
	}
}

// One client address is one IPv4 address or one IPv6 /64.
func TestClientAddress(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"192.0.2.7:4000", "192.0.2.7"},
		{"[2001:db8:1:2:3:4:5:6]:4000", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:80", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.7]:80", "192.0.2.7"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.remote
		if got := clientAddress(r); got != tt.want {
			t.Errorf("clientAddress(%q) = %q, want %q", tt.remote, got, tt.want)
		}
	}
}

// With every connection busy, the probes are still answered on a spare
// connection, and anything else asked there gets a 503 and a closed
// connection.
func TestProbesPassAFullServer(t *testing.T) {
	entered := make(chan struct{}, testMaxConns)
	release := make(chan struct{})
	addr := runLimited(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/busy" {
			entered <- struct{}{}
			<-release
		}
		_, _ = io.WriteString(w, "ok\n")
	}), RunOptions{MaxConns: testMaxConns})
	defer close(release)
	for range testMaxConns {
		k := dialKeepAlive(t, addr)
		k.send(t, "/busy")
		<-entered
	}
	// More probes than spare connections: each spare one closes after
	// its probe, free for the next.
	for i := range ProbeConns + 2 {
		path := []string{"/healthz", "/readyz", "/metrics"}[i%3]
		probe := dialKeepAlive(t, addr)
		probe.send(t, path)
		resp, err := http.ReadResponse(probe.r, nil)
		if err != nil {
			t.Fatalf("probe %d, %s with every connection busy: %v", i, path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !resp.Close {
			t.Errorf("probe %d, %s with every connection busy: status %d, close %v; want 200, closed after it", i, path, resp.StatusCode, resp.Close)
		}
	}
	other := dialKeepAlive(t, addr)
	other.send(t, "/search")
	resp, err := http.ReadResponse(other.r, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !resp.Close ||
		resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("/search on a spare connection: %d, Retry-After %q, close %v, CSP %q; want a 503 with the security headers that closes",
			resp.StatusCode, resp.Header.Get("Retry-After"), resp.Close, resp.Header.Get("Content-Security-Policy"))
	}
}

// countingArchive counts what its readers read, to show that a refused
// answer read nothing.
type countingArchive struct {
	Archive
	reads atomic.Int64
}

func (a *countingArchive) Acquire() (Reader, func()) {
	rd, release := a.Archive.Acquire()
	return countingReader{Reader: rd, reads: &a.reads}, release
}

type countingReader struct {
	Reader
	reads *atomic.Int64
}

func (c countingReader) Statement(id string) (*statement.Statement, error) {
	c.reads.Add(1)
	return c.Reader.Statement(id)
}

func (c countingReader) Paragraph(id string, ref statement.Ref) (statement.Paragraph, error) {
	c.reads.Add(1)
	return c.Reader.Paragraph(id, ref)
}

func (c countingReader) Latest(ctx context.Context, req search.Request, n int) ([]search.Row, error) {
	c.reads.Add(1)
	return c.Reader.Latest(ctx, req, n)
}

func (c countingReader) Export(ctx context.Context, req search.Request, fn func(search.Row) error) error {
	return c.Reader.Export(ctx, req, fn)
}

// longStatement is a statement of n paragraphs of some 1 KB each.
func longStatement(n int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: {en: Long}\ndate: 2024-01-01\n---\n[en]\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d. %s\n", i, strings.Repeat("A long paragraph of a long statement. ", 25))
	}
	return b.String()
}

// wideStatement is a statement whose every row is long in many languages,
// so that one row's answer is large.
func wideStatement() string {
	langs := []string{"en", "fr", "de", "es", "it", "nl", "pt", "pl"}
	var b strings.Builder
	b.WriteString("---\ntitle: {en: Wide}\ndate: 2024-01-02\n---\n")
	for _, l := range langs {
		fmt.Fprintf(&b, "[%s]\n1. %s\n2. %s\n\n", l, strings.Repeat("wide <row> & text ", 1500), strings.Repeat("wide <row> & text ", 1500))
	}
	return b.String()
}

// An answer whose source can be large takes its room in the response
// budget before anything of it is read: with the budget taken, it is
// refused having read nothing.
func TestLargeAnswersReserveBeforeReading(t *testing.T) {
	files := corpus(t)
	files["long.txt"] = longStatement(400)
	files["wide.txt"] = wideStatement()
	idx := indextest.Build(t, files)
	counting := &countingArchive{Archive: NewArchive(idx, nil)}
	s := New(Config{Archive: counting, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s.responseWait = time.Millisecond
	h := s.Handler()
	paths := []string{"/statements/wide/1", "/api/statements/wide/1", "/statements/long", "/api/statements/long", "/search.atom?q=wide"}
	for _, path := range paths {
		if rec := get(t, h, path); rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d, want 200", path, rec.Code)
		}
	}
	if !s.responses.TryAcquire(ResponseBudget) {
		t.Fatal("an answer kept its share of the budget after it was written")
	}
	defer s.responses.Release(ResponseBudget)
	for _, path := range paths {
		before := counting.reads.Load()
		rec := get(t, h, path)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s with the budget taken = %d, want a 503 with Retry-After", path, rec.Code)
		}
		if read := counting.reads.Load() - before; read != 0 {
			t.Errorf("GET %s with the budget taken read the archive %d times before it was refused", path, read)
		}
	}
}

// Large answers are streamed, and their bytes are those of the whole
// answer built at once: the same JSON, the same XML.
func TestStreamedAnswersAreTheWholeAnswer(t *testing.T) {
	type item struct {
		A string `json:"a"`
		B []int  `json:"b"`
	}
	type head struct {
		Name  string `json:"name"`
		Items []item `json:"items"`
	}
	items := []item{{"<x> & y", []int{1, 2}}, {"z", nil}, {"\u2028", []int{}}}
	for n := 0; n <= len(items); n++ {
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetIndent("", "  ")
		if err := enc.Encode(head{Name: "n", Items: append([]item{}, items[:n]...)}); err != nil {
			t.Fatal(err)
		}
		var streamed bytes.Buffer
		if err := writeJSONList(&streamed, head{Name: "n", Items: []item{}}, "items", n, func(i int) any { return items[i] }); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			t.Errorf("JSON of %d items:\nstreamed %q\n   whole %q", n, streamed.String(), whole.String())
		}
	}
	type loc struct {
		Loc string `xml:"loc"`
	}
	type set struct {
		XMLName xml.Name `xml:"urn:test set"`
		Title   string   `xml:"title,omitempty"`
		Locs    []loc    `xml:"url"`
	}
	locs := []loc{{"a<b"}, {"c&d"}}
	for _, title := range []string{"", "t"} {
		for n := 0; n <= len(locs); n++ {
			var whole bytes.Buffer
			whole.WriteString(xml.Header)
			enc := xml.NewEncoder(&whole)
			enc.Indent("", "  ")
			if err := enc.Encode(set{Title: title, Locs: locs[:n]}); err != nil {
				t.Fatal(err)
			}
			whole.WriteByte('\n')
			var streamed bytes.Buffer
			if err := writeXMLList(&streamed, set{Title: title}, "url", n, func(i int) any { return locs[i] }); err != nil {
				t.Fatal(err)
			}
			if streamed.String() != whole.String() {
				t.Errorf("XML of %d elements (title %q):\nstreamed %q\n   whole %q", n, title, streamed.String(), whole.String())
			}
		}
	}
	// Served, a large statement streams (no Content-Length) and parses.
	files := corpus(t)
	files["long.txt"] = longStatement(400)
	h := handlerFor(t, files)
	for _, path := range []string{"/statements/long", "/api/statements/long"} {
		rec := get(t, h, path)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Length") != "" {
			t.Errorf("GET %s = %d, Content-Length %q; want a 200 streamed", path, rec.Code, rec.Header().Get("Content-Length"))
		}
	}
	var st struct{ Paragraphs []json.RawMessage }
	if err := json.Unmarshal(get(t, h, "/api/statements/long").Body.Bytes(), &st); err != nil || len(st.Paragraphs) != 400 {
		t.Errorf("the streamed statement JSON: %v, %d paragraphs; want 400", err, len(st.Paragraphs))
	}
}

// A client that leaves, resets or stops reading is the client's doing:
// INFO and a count, never ERROR; ERROR is for the server's own faults.
func TestClientDeparturesAreNotServerErrors(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		level  slog.Level
		reason string
	}{
		{"reset", &net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.ECONNRESET)}, slog.LevelInfo, "closed the connection"},
		{"broken pipe", &net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}, slog.LevelInfo, "closed the connection"},
		{"stopped reading", &net.OpError{Op: "write", Err: os.ErrDeadlineExceeded}, slog.LevelInfo, "stopped reading"},
		{"left", context.Canceled, slog.LevelInfo, "left"},
		{"server fault", errors.New("index: segment unreadable"), slog.LevelError, ""},
	}
	idx := indextest.Build(t, corpus(t))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var levels []slog.Level
			log := slog.New(levelRecorder{mu: &mu, levels: &levels})
			s := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: log})
			func() {
				defer func() {
					if v := recover(); v != http.ErrAbortHandler {
						t.Errorf("abortResponse panicked with %v, want http.ErrAbortHandler", v)
					}
				}()
				s.abortResponse(httptest.NewRequest(http.MethodGet, "/search.csv?q=x", nil), "export", tt.err)
			}()
			if len(levels) != 1 || levels[0] != tt.level {
				t.Errorf("logged at %v, want one line at %v", levels, tt.level)
			}
			if tt.reason != "" {
				if got := counterValue(t, s, "archive_http_clients_gone_total", tt.reason); got != 1 {
					t.Errorf("archive_http_clients_gone_total{reason=%q} = %v, want 1", tt.reason, got)
				}
			}
		})
	}
}

// levelRecorder is a slog handler that keeps each record's level.
type levelRecorder struct {
	mu     *sync.Mutex
	levels *[]slog.Level
}

func (l levelRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l levelRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	*l.levels = append(*l.levels, r.Level)
	return nil
}
func (l levelRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l levelRecorder) WithGroup(string) slog.Handler      { return l }

// counterValue reads one labelled counter from the server's metrics.
func counterValue(t *testing.T, s *Server, name, label string) float64 {
	t.Helper()
	families, err := s.metrics.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetValue() == label {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// "OPTIONS *" carries the security headers every other answer does.
func TestOptionsStarHasSecurityHeaders(t *testing.T) {
	addr := runLimited(t, newTestServer(t), RunOptions{})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "OPTIONS * HTTP/1.1\r\nHost: archive.test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("OPTIONS * = %d, Allow %q; want 200, GET, HEAD", resp.StatusCode, resp.Header.Get("Allow"))
	}
	for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(name) == "" {
			t.Errorf("OPTIONS * has no %s", name)
		}
	}
}

// A row's JSON checks lang as its page does: one validation, one answer.
func TestRowLanguageIsCheckedAlike(t *testing.T) {
	h := newTestServer(t)
	page := get(t, h, "/statements/"+seedID+"/1?lang=xx")
	api := get(t, h, "/api/statements/"+seedID+"/1?lang=xx")
	if page.Code != http.StatusBadRequest || api.Code != http.StatusBadRequest {
		t.Errorf("lang=xx: page %d, API %d; want 400 for both", page.Code, api.Code)
	}
	if !strings.Contains(api.Body.String(), "not published in") {
		t.Errorf("the API's 400 does not say why: %s", api.Body.String())
	}
	if rec := get(t, h, "/api/statements/"+seedID+"/1?lang=en"); rec.Code != http.StatusOK {
		t.Errorf("lang=en: API %d, want 200", rec.Code)
	}
}

// An export, up to 165 MB for one reader, is never kept by a shared cache.
func TestExportsAreNotCached(t *testing.T) {
	h := newTestServer(t)
	for _, path := range []string{"/search.csv?q=cyber", "/search.jsonl?q=cyber"} {
		rec := get(t, h, path)
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != cacheNever {
			t.Errorf("GET %s = %d, Cache-Control %q; want 200, %q", path, rec.Code, rec.Header().Get("Cache-Control"), cacheNever)
		}
	}
}

// A server whose generation an ingest deleted is not ready, and says why.
func TestReadyzSaysTheGenerationIsGone(t *testing.T) {
	idx := indextest.Build(t, corpus(t))
	gone := fmt.Errorf("generation gen-7: %w; the server moves to the current one", index.ErrGenerationGone)
	s := New(Config{Archive: fakeArchive{Archive: NewArchive(idx, nil), ready: func(context.Context) error { return gone }},
		BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	rec := get(t, s.Handler(), "/readyz")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "gen-7") || !strings.Contains(rec.Body.String(), "deleted") {
		t.Errorf("/readyz on a deleted generation = %d %q; want a 503 naming it", rec.Code, rec.Body.String())
	}
}

// jsonLen is the length encoding/json gives a string's contents.
func TestJSONLen(t *testing.T) {
	for _, s := range []string{"", "plain", "<b>&amp;</b>", "quote \" and \\ back", "line\nbreak\ttab\rcr", "\x00\x1f\x7f",
		"é ü 中文 😀", "\u2028\u2029", "bad \xff\xfe bytes", strings.Repeat("<&>\"", 1000)} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := jsonLen(s), len(b)-2; got != want {
			t.Errorf("jsonLen(%q) = %d, want %d", s, got, want)
		}
	}
}

// Once read, a row's JSON keeps of the budget what it needs, not the
// bound taken before reading: with room for one bound, several rows fit.
func TestRowJSONKeepsWhatItNeeds(t *testing.T) {
	files := corpus(t)
	files["wide.txt"] = wideStatement()
	idx := indextest.Build(t, files)
	s := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	h := s.Handler()
	meta, _ := idx.Lookup("wide")
	bound, _ := answerSize{Source: rowBound(meta), Expansion: jsonExpansion}.holds()
	var held []int64
	s.shrunk = func(n int64) { held = append(held, n) }
	if rec := get(t, h, "/api/statements/wide/1"); rec.Code != http.StatusOK {
		t.Fatalf("GET /api/statements/wide/1 = %d", rec.Code)
	}
	if len(held) == 0 || held[len(held)-1] >= bound/2 {
		t.Errorf("the row's JSON held %v of the budget at the end, want well under its bound %d", held, bound)
	}
}
