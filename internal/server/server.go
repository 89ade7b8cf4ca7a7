// Package server is the archive's HTTP front: every route in one function,
// handlers as methods returning error, one adapter that turns errors into
// error pages or JSON errors, and the middleware around them.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"golang.org/x/sync/semaphore"

	"statementarchive/internal/compare"
	"statementarchive/internal/fault"
	"statementarchive/internal/index"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

// Reader is what a request reads: one generation of the archive, its
// statements and their search, the same from the request's start to its
// end. The server owns this interface; the query engine over an index
// satisfies it (NewArchive), and tests may with fakes, which must then
// answer every method: exports, feeds and the trend are part of it, not
// extras a fake could lose without a compile error.
type Reader interface {
	// Search runs one page of a search (query.Engine.Search).
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	// Export calls fn with every row that matches req, newest first
	// (query.Engine.Export).
	Export(ctx context.Context, req search.Request, fn func(search.Row) error) error
	// Latest returns the n newest rows that match req: a search feed's
	// entries (query.Engine.Latest).
	Latest(ctx context.Context, req search.Request, n int) ([]search.Row, error)
	// Trend counts the rows matching each term, year by year
	// (query.Engine.Trend).
	Trend(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error)
	// Statements returns every statement's metadata, newest first.
	Statements() []*statement.Statement
	// Statement returns a statement with every paragraph's text, or an
	// error wrapping index.ErrNotFound.
	Statement(id string) (*statement.Statement, error)
	// Paragraph returns one row (a paragraph, the preamble, a heading or
	// a footnote) in every language that has it, or an error wrapping
	// index.ErrNotFound.
	Paragraph(id string, ref statement.Ref) (statement.Paragraph, error)
	// Lookup returns a statement's metadata.
	Lookup(id string) (*statement.Statement, bool)
	// Renamed returns the identifier a statement published under id has
	// now, if id is one of its aliases.
	Renamed(id string) (string, bool)
	// FindReferences returns the references of the archive's statements
	// that text holds ("PR(2011)109", "UNSCR 1973").
	FindReferences(text string) []index.RefMatch
	// Revisions returns the revisions of a statement's rows, in the order
	// accepted (statement.Versions reads them).
	Revisions(id string) []statement.Revision
	// AlikeCandidates returns the rows of statements other than id that
	// may be worded like text, a row of id in lang
	// (query.Engine.AlikeCandidates).
	AlikeCandidates(ctx context.Context, id, lang, text string) ([]compare.Candidate, error)
	// PhraseUses returns the statements whose rows hold phrase, oldest
	// first, and how many rows do (query.Engine.PhraseUses).
	PhraseUses(ctx context.Context, phrase string, langs []string) ([]query.PhraseUse, int, error)
	Languages() []string
	ParagraphCounts() map[string]int
	// Built returns when the index being served was built.
	Built() time.Time
	// Ready checks that the index is open and answers a query.
	Ready(ctx context.Context) error
}

// Archive hands out Readers: one per request, released when the request
// ends, so that a page never mixes two index generations across a hot
// swap (a statement's metadata from one, its paragraphs from the next).
type Archive interface {
	Acquire() (Reader, func())
}

// indexArchive serves an index, or the generation of a live index
// current when a request starts. Its searches pass through one gate,
// which bounds how many run at once.
type indexArchive struct {
	acquire func() (*index.Index, func())
	gate    *search.Gate
}

// NewArchive returns the Archive of an open index, its searches admitted
// by gate (nil admits every search at once).
func NewArchive(idx *index.Index, gate *search.Gate) Archive {
	return indexArchive{acquire: func() (*index.Index, func()) { return idx, func() {} }, gate: gate}
}

// NewLiveArchive returns the Archive of a live index: each request reads
// the generation current when it starts, which stays open until it ends.
// Its searches are admitted by gate, as NewArchive's are.
func NewLiveArchive(live *index.Live, gate *search.Gate) Archive {
	return indexArchive{acquire: live.Acquire, gate: gate}
}

func (a indexArchive) Acquire() (Reader, func()) {
	idx, release := a.acquire()
	return indexReader{idx: idx, eng: query.New(idx, a.gate)}, release
}

// indexReader reads one index generation: its catalog from the index, its
// searches through the query engine.
type indexReader struct {
	idx *index.Index
	eng *query.Engine
}

func (r indexReader) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	return r.eng.Search(ctx, req)
}
func (r indexReader) Export(ctx context.Context, req search.Request, fn func(search.Row) error) error {
	return r.eng.Export(ctx, req, fn)
}
func (r indexReader) Latest(ctx context.Context, req search.Request, n int) ([]search.Row, error) {
	return r.eng.Latest(ctx, req, n)
}
func (r indexReader) Trend(ctx context.Context, req search.Request, terms []string, perLang, normalise bool) (*search.Trend, error) {
	return r.eng.Trend(ctx, req, terms, perLang, normalise)
}
func (r indexReader) Statements() []*statement.Statement { return r.idx.Statements() }
func (r indexReader) Statement(id string) (*statement.Statement, error) {
	return r.idx.Statement(id)
}
func (r indexReader) Paragraph(id string, ref statement.Ref) (statement.Paragraph, error) {
	return r.idx.Paragraph(id, ref)
}
func (r indexReader) Lookup(id string) (*statement.Statement, bool) { return r.idx.Lookup(id) }
func (r indexReader) Renamed(id string) (string, bool)              { return r.idx.Renamed(id) }
func (r indexReader) FindReferences(text string) []index.RefMatch {
	return r.idx.FindReferences(text)
}
func (r indexReader) Revisions(id string) []statement.Revision { return r.idx.Revisions(id) }
func (r indexReader) Languages() []string                      { return r.idx.Languages() }
func (r indexReader) ParagraphCounts() map[string]int          { return r.idx.ParagraphCounts() }
func (r indexReader) Built() time.Time                         { return r.idx.Built() }
func (r indexReader) Ready(ctx context.Context) error          { return r.idx.Ping(ctx) }

func (r indexReader) AlikeCandidates(ctx context.Context, id, lang, text string) ([]compare.Candidate, error) {
	return r.eng.AlikeCandidates(ctx, id, lang, text)
}
func (r indexReader) PhraseUses(ctx context.Context, phrase string, langs []string) ([]query.PhraseUse, int, error) {
	return r.eng.PhraseUses(ctx, phrase, langs)
}

// readerKey is the context key of a request's Reader.
type readerKey struct{}

// withReader gives each request one Reader of the archive for its whole
// length.
func (s *Server) withReader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rd, release := s.archive.Acquire()
		defer release()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), readerKey{}, rd)))
	})
}

// reader returns the request's Reader, taken when the request started.
func (s *Server) reader(r *http.Request) Reader {
	if rd, ok := r.Context().Value(readerKey{}).(Reader); ok {
		return rd
	}
	panic("server: a handler read the archive outside withReader")
}

// Config configures a Server.
type Config struct {
	Archive Archive
	// Logger receives the access log and server faults; slog.Default() if nil.
	Logger *slog.Logger
	// BaseURL is the archive's public URL (https://archive.example.org),
	// the only host citations, permalinks and canonical links carry. It is
	// required, and must pass ParseBaseURL: the server never builds a URL
	// from a request's Host or X-Forwarded-* headers, which any client can
	// set and a shared cache would then serve to everyone.
	BaseURL string
	// RequestTimeout bounds one request's work (10s if zero).
	RequestTimeout time.Duration
}

// Server serves the archive's pages and JSON API.
type Server struct {
	archive Archive
	log     *slog.Logger
	baseURL string
	timeout time.Duration
	metrics *metrics
	// responses is the budget of large responses being written, and
	// responseWait how long one waits for room in it.
	responses    *semaphore.Weighted
	responseWait time.Duration
	// caps bounds the long work running at once (exports, feeds, large
	// answers), in all and per client address.
	caps *workCaps
	// progressTimeout is ProgressTimeout, shorter in tests.
	progressTimeout time.Duration
	// shrunk, if set, is told what a reservation holds once shrunk (tests).
	shrunk func(held int64)
}

// New returns a Server for cfg. It panics if cfg.BaseURL is not a valid
// public URL: callers check one given by a user with ParseBaseURL first.
func New(cfg Config) *Server {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		panic("server.New: Config.BaseURL: " + err.Error())
	}
	s := &Server{archive: cfg.Archive, log: cfg.Logger, baseURL: base, timeout: cfg.RequestTimeout, responses: semaphore.NewWeighted(ResponseBudget), responseWait: defaultResponseWait,
		caps: newWorkCaps(), progressTimeout: ProgressTimeout}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.timeout == 0 {
		s.timeout = 10 * time.Second
	}
	s.metrics = newMetrics(cfg.Archive)
	return s
}

// ParseBaseURL checks a public URL for Config.BaseURL and returns it
// without a trailing slash: an absolute http or https URL with a host,
// and no user, query or fragment.
func ParseBaseURL(raw string) (string, error) {
	const example = "e.g. https://archive.example.org"
	if raw == "" {
		return "", fmt.Errorf("the archive's public URL is not set: give the URL citations should carry, %s", example)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("the public URL %q does not parse (%v): give an absolute URL, %s", raw, err, example)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("the public URL %q must start with https:// or http://, %s", raw, example)
	case u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("the public URL %q has no host: give an absolute URL, %s", raw, example)
	case u.User != nil:
		return "", fmt.Errorf("the public URL %q holds a user name: citations would carry it; remove it", raw)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#"):
		return "", fmt.Errorf("the public URL %q has a query or fragment: give the URL up to its path only, %s", raw, example)
	}
	return strings.TrimRight(raw, "/"), nil
}

// Handler returns the server's routes, with its middleware. Every route of
// the archive is listed here.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.progress, cacheControl, s.recoverPanics, s.accessLog, s.metrics.instrument, securityHeaders, optionsStar, s.strictQuery, middleware.GetHead, s.withReader)
	r.NotFound(s.page(func(w http.ResponseWriter, r *http.Request) error {
		return notFound("There is no page at this address.")
	}))
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD")
		s.writeError(w, r, &fault.Error{Kind: fault.NotAllowed, Msg: "Only GET and HEAD are served here."}, wantsJSON(r))
	})

	// Exports stream every row of a search, for longer than any other
	// request may take: they are bounded by ExportTimeout instead of
	// s.timeout, outside the group below.
	r.Get("/search.csv", s.page(s.exportCSV))
	r.Get("/search.jsonl", s.page(s.exportJSONL))

	r.Group(func(r chi.Router) {
		r.Use(middleware.Timeout(s.timeout))
		r.Get("/", s.page(s.home))
		r.Get("/search", s.page(s.searchPage))
		r.Get("/trend", s.page(s.trendPage))
		r.Get("/compare", s.page(s.comparePage))
		r.Get("/compare.csv", s.page(s.compareCSV))
		r.Get("/alike", s.page(s.phraseUsesPage))
		r.Get("/statements", s.page(s.statements))
		r.With(s.followRenames).Get("/statements/{id}", s.page(s.statement))
		r.With(s.followRenames).Get("/statements/{id}/{key}", s.page(s.paragraph))
		r.With(s.followRenames).Get("/statements/{id}/{key}/v{n:[0-9]+}", s.page(s.paragraph))
		r.Get(web.StaticPrefix+"{name}", s.page(s.static))
		r.With(noStore).Get("/healthz", s.healthz)
		r.With(noStore).Get("/readyz", s.readyz)
		r.With(noStore).Method(http.MethodGet, "/metrics", s.metrics.handler())

		r.Route("/api", func(r chi.Router) {
			r.NotFound(s.api(func(w http.ResponseWriter, r *http.Request) error {
				return notFound("no such API endpoint: see /api/openapi.json for the API's endpoints")
			}))
			r.Get("/openapi.json", s.api(s.apiOpenAPI))
			r.Get("/search", s.api(s.apiSearch))
			r.Get("/trend", s.api(s.apiTrend))
			r.Get("/statements", s.api(s.apiStatements))
			r.With(s.followRenames).Get("/statements/{id}", s.api(s.apiStatement))
			r.With(s.followRenames).Get("/statements/{id}/{key}", s.api(s.apiParagraph))
			r.With(s.followRenames).Get("/statements/{id}/{key}/v{n:[0-9]+}", s.api(s.apiParagraph))
			r.With(s.followRenames).Get("/statements/{id}/{key}/cite", s.api(s.apiCite))
			r.Get("/compare", s.api(s.apiCompare))
			r.With(s.followRenames).Get("/statements/{id}/{key}/alike", s.api(s.apiAlike))
		})

		r.Get("/search.atom", s.page(s.searchFeed))
		r.Get("/follow", s.page(s.follow))
		r.Get("/feed.atom", s.page(s.newStatementsFeed))
		r.Get("/opensearch.xml", s.page(s.openSearch))
		r.Get("/sitemap.xml", s.page(s.sitemap))
		r.Get("/sitemap-{n:[0-9]+}.xml", s.page(s.sitemapPart))
	})
	s.metrics.knownRoutes(r)
	return r
}

// RunOptions tunes Run and Serve; the zero value gives the defaults.
type RunOptions struct {
	// Ready, if set, is called with the address once the server listens.
	Ready func(net.Addr)
	// ReadHeaderTimeout bounds how long a client may take to send its
	// request headers (5s): slow clients are cut off.
	ReadHeaderTimeout time.Duration
	// ShutdownTimeout bounds how long requests in flight may take to finish
	// once shutdown starts (10s).
	ShutdownTimeout time.Duration
	// MaxConns caps the connections open at once (DefaultMaxConns if zero).
	MaxConns int
	// ProbeConns is how many connections may open past MaxConns to answer
	// the probes (ProbeConns if zero, none if negative).
	ProbeConns int
	// IdleTimeout is how long a keep-alive connection may wait for its next
	// request (IdleTimeout if zero).
	IdleTimeout time.Duration
	// ConnState, if set, is called after each change of a connection's
	// state, as http.Server.ConnState is.
	ConnState func(net.Conn, http.ConnState)
	// waiting, if set, is called when a new connection has to wait for
	// one to close: the cap is reached and none is idle.
	waiting func()
	// now, if set, is the clock the connection cap reads (tests).
	now func() time.Time
}

// MaxHeaderBytes bounds a request's line and headers. It leaves room for a
// query far over the search's own limit, so that such a query gets the
// archive's explanation rather than a bare 431.
const MaxHeaderBytes = 256 << 10

// DefaultMaxConns is how many connections the server keeps open at once:
// 1024. Each costs a file descriptor and some memory; idle keep-alive
// connections would otherwise pile up until the process runs out of
// descriptors and new readers time out. At the cap, the connection idle
// longest is closed to admit a new one; when none is idle, new connections
// wait in the kernel's listen backlog until one closes.
const DefaultMaxConns = 1024

// IdleTimeout is how long a keep-alive connection may wait for its next
// request: 30s. A reader's next click usually comes within that, and a
// reconnection after it costs one round trip; an idle client cannot hold a
// descriptor for longer. A proxy in front that keeps its connections to the
// archive alive must close idle ones sooner than this (nginx:
// keepalive_timeout in the upstream block), or it may reuse one the archive
// has just closed.
const IdleTimeout = 30 * time.Second

// Listen listens on addr (host:port) for Serve.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (is another server using it? choose another with -addr)", addr, err)
	}
	return ln, nil
}

// Run listens on addr and serves h there as Serve does.
func Run(ctx context.Context, addr string, h http.Handler, log *slog.Logger, opt RunOptions) error {
	ln, err := Listen(addr)
	if err != nil {
		return err
	}
	return Serve(ctx, ln, h, log, opt)
}

// Serve serves h on ln until ctx is done, then shuts down gracefully,
// letting requests in flight finish. It closes ln.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, opt RunOptions) error {
	if opt.ReadHeaderTimeout == 0 {
		opt.ReadHeaderTimeout = 5 * time.Second
	}
	if opt.ShutdownTimeout == 0 {
		opt.ShutdownTimeout = 10 * time.Second
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = DefaultMaxConns
	}
	if opt.IdleTimeout == 0 {
		opt.IdleTimeout = IdleTimeout
	}
	switch {
	case opt.ProbeConns == 0:
		opt.ProbeConns = ProbeConns
	case opt.ProbeConns < 0:
		opt.ProbeConns = 0
	}
	limited := newConnLimiter(ln, opt.MaxConns, opt.ProbeConns, opt.waiting)
	if opt.now != nil {
		limited.now = opt.now
	}
	srv := &http.Server{
		Handler: spareGuard(h),
		// "OPTIONS *" goes to h (optionsStar), with the security headers.
		DisableGeneralOptionsHandler: true,
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
		ReadHeaderTimeout: opt.ReadHeaderTimeout,
		ReadTimeout:       opt.ReadHeaderTimeout + 10*time.Second,
		WriteTimeout:      PageWriteTimeout,
		IdleTimeout:       opt.IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ConnState: func(c net.Conn, state http.ConnState) {
			limited.track(c, state)
			if opt.ConnState != nil {
				opt.ConnState(c, state)
			}
		},
	}
	if opt.Ready != nil {
		opt.Ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(limited) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", opt.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), opt.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// connLimiter is a listener that keeps at most a fixed number of
// connections open. To admit a new one at the cap, it closes the
// connection that has been idle (between keep-alive requests) longest;
// when none is idle, the one that has been sending its request headers
// for longest, if for more than SlowHeaderGrace (a client holding
// connections open by trickling headers, which would otherwise keep
// everyone else waiting until ReadHeaderTimeout); when there is neither,
// it waits for a connection to close or go idle, and accepts nothing
// meanwhile, so further clients wait in the listen backlog.
//
// Closing an idle connection races, as any idle timeout does, with a
// request the client may be sending on it at that moment; HTTP clients
// retry an idempotent request on a reused connection that closes.
type connLimiter struct {
	net.Listener
	slots      chan struct{} // one token per open connection
	spare      chan struct{} // one token per connection open past the cap, for probes
	becameIdle chan struct{} // a connection went idle
	done       chan struct{} // the listener is closed
	closeOnce  sync.Once
	waiting    func()

	now func() time.Time

	mu    sync.Mutex
	seq   uint64
	idle  map[*limitedConn]uint64    // idle connections, by when they went idle
	fresh map[*limitedConn]time.Time // connections sending their first headers, by when they came
}

// SlowHeaderGrace is how long a new connection may take to send its
// request headers before, with the connection cap reached and none idle,
// it may be closed to admit another.
const SlowHeaderGrace = time.Second

func newConnLimiter(ln net.Listener, max, spare int, waiting func()) *connLimiter {
	return &connLimiter{
		Listener:   ln,
		slots:      make(chan struct{}, max),
		spare:      make(chan struct{}, spare),
		becameIdle: make(chan struct{}, 1),
		done:       make(chan struct{}),
		waiting:    waiting,
		idle:       map[*limitedConn]uint64{},
		fresh:      map[*limitedConn]time.Time{},
		now:        time.Now,
	}
}

// Accept accepts a connection once there is room for it.
func (l *connLimiter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	spare, err := l.admit()
	if err != nil {
		c.Close()
		return nil, err
	}
	return &limitedConn{Conn: c, l: l, spare: spare}, nil
}

// admit takes a slot for a new connection, closing idle ones to make room,
// or, when none can be made, a spare slot: it reports which.
func (l *connLimiter) admit() (spare bool, _ error) {
	told := false
	for {
		select {
		case l.slots <- struct{}{}:
			return false, nil
		default:
		}
		if l.closeOldestIdle() || l.closeSlowestNew() {
			continue
		}
		select {
		case l.spare <- struct{}{}:
			return true, nil
		default:
		}
		if !told && l.waiting != nil {
			l.waiting()
			told = true
		}
		// Look again when a connection closes or goes idle, or once a
		// slow one may have passed its grace.
		t := time.NewTimer(SlowHeaderGrace)
		select {
		case l.slots <- struct{}{}:
			t.Stop()
			return false, nil
		case l.spare <- struct{}{}:
			t.Stop()
			return true, nil
		case <-l.becameIdle:
		case <-t.C:
		case <-l.done:
			t.Stop()
			return false, net.ErrClosed
		}
		t.Stop()
	}
}

// closeOldestIdle closes the connection idle longest, if any is idle.
func (l *connLimiter) closeOldestIdle() bool {
	l.mu.Lock()
	var oldest *limitedConn
	for c, seq := range l.idle {
		if oldest == nil || seq < l.idle[oldest] {
			oldest = c
		}
	}
	delete(l.idle, oldest)
	l.mu.Unlock()
	if oldest == nil {
		return false
	}
	oldest.Close()
	return true
}

// closeSlowestNew closes the connection that has been sending its first
// request headers longest, if for more than SlowHeaderGrace.
func (l *connLimiter) closeSlowestNew() bool {
	l.mu.Lock()
	var oldest *limitedConn
	for c, since := range l.fresh {
		if oldest == nil || since.Before(l.fresh[oldest]) {
			oldest = c
		}
	}
	if oldest == nil || l.now().Sub(l.fresh[oldest]) < SlowHeaderGrace {
		l.mu.Unlock()
		return false
	}
	delete(l.fresh, oldest)
	l.mu.Unlock()
	oldest.Close()
	return true
}

// track follows the connections' states, from http.Server.ConnState.
func (l *connLimiter) track(c net.Conn, state http.ConnState) {
	lc, ok := c.(*limitedConn)
	if !ok {
		return
	}
	l.mu.Lock()
	if state == http.StateIdle {
		l.seq++
		l.idle[lc] = l.seq
	} else {
		delete(l.idle, lc)
	}
	if state == http.StateNew {
		l.fresh[lc] = l.now()
	} else {
		delete(l.fresh, lc)
	}
	l.mu.Unlock()
	if state == http.StateIdle {
		select {
		case l.becameIdle <- struct{}{}:
		default:
		}
	}
}

// Close stops accepting, including a connection waiting for room.
func (l *connLimiter) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitedConn is a connection holding one of the limiter's slots until it
// is closed.
type limitedConn struct {
	net.Conn
	l *connLimiter
	// spare is set on a connection admitted past the cap, which serves
	// only the probes (spareGuard).
	spare bool
	once  sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.idle, c)
		c.l.mu.Unlock()
		if c.spare {
			<-c.l.spare
		} else {
			<-c.l.slots
		}
	})
	return err
}

// ProbeConns is how many connections the server opens past its cap
// (RunOptions.MaxConns) when every connection is busy: 16. They answer
// /healthz, /readyz and /metrics, so that a liveness probe or a scrape is
// answered whatever else holds the connections; any other request on one
// gets a 503 that asks to retry, and the connection is closed after it.
const ProbeConns = 16

// probePaths are the routes a spare connection serves.
var probePaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// connKey is the context key of a request's connection.
type connKey struct{}

// spareGuard serves the probes on a connection opened past the cap, and
// refuses everything else there with a 503 and a closed connection.
func spareGuard(h http.Handler) http.Handler {
	refuse := securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Cache-Control", cacheNever)
		http.Error(w, "The archive has every connection it serves at once busy. Try again in a moment.", http.StatusServiceUnavailable)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := r.Context().Value(connKey{}).(*limitedConn); ok && c.spare {
			if !probePaths[r.URL.Path] {
				refuse.ServeHTTP(w, r)
				return
			}
			// One probe a spare connection, so that it is free for the next.
			w.Header().Set("Connection", "close")
		}
		h.ServeHTTP(w, r)
	})
}
