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
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

// Archive is what the server reads: the statements and their search.
type Archive interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	// Statements returns every statement's metadata, newest first.
	Statements() []*statement.Statement
	// Statement returns a statement with every paragraph's text, or an
	// error wrapping index.ErrNotFound.
	Statement(id string) (*statement.Statement, error)
	// Paragraph returns one paragraph in every language that has it, or an
	// error wrapping index.ErrNotFound.
	Paragraph(id string, key int) (statement.Paragraph, error)
	// Lookup returns a statement's metadata.
	Lookup(id string) (*statement.Statement, bool)
	Languages() []string
	ParagraphCounts() map[string]int
	// Built returns when the index being served was built.
	Built() time.Time
	// Ready checks that the index is open and answers a query.
	Ready(ctx context.Context) error
}

// indexArchive serves an index, taking it afresh for each call so that a
// live index can swap generations between requests.
type indexArchive struct {
	acquire func() (*index.Index, func())
}

// NewArchive returns the Archive of an open index.
func NewArchive(idx *index.Index) Archive {
	return indexArchive{acquire: func() (*index.Index, func()) { return idx, func() {} }}
}

// NewLiveArchive returns the Archive of a live index: each call reads the
// generation current when it starts, which stays open until the call ends.
func NewLiveArchive(live *index.Live) Archive {
	return indexArchive{acquire: live.Acquire}
}

func (a indexArchive) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	idx, release := a.acquire()
	defer release()
	return search.New(idx).Search(ctx, req)
}

func (a indexArchive) Statements() []*statement.Statement {
	idx, release := a.acquire()
	defer release()
	return idx.Statements()
}

func (a indexArchive) Statement(id string) (*statement.Statement, error) {
	idx, release := a.acquire()
	defer release()
	return idx.Statement(id)
}

func (a indexArchive) Paragraph(id string, key int) (statement.Paragraph, error) {
	idx, release := a.acquire()
	defer release()
	return idx.Paragraph(id, key)
}

func (a indexArchive) Lookup(id string) (*statement.Statement, bool) {
	idx, release := a.acquire()
	defer release()
	return idx.Lookup(id)
}

func (a indexArchive) Languages() []string {
	idx, release := a.acquire()
	defer release()
	return idx.Languages()
}

func (a indexArchive) ParagraphCounts() map[string]int {
	idx, release := a.acquire()
	defer release()
	return idx.ParagraphCounts()
}

func (a indexArchive) Built() time.Time {
	idx, release := a.acquire()
	defer release()
	return idx.Built()
}

func (a indexArchive) Ready(ctx context.Context) error {
	idx, release := a.acquire()
	defer release()
	return idx.Ping(ctx)
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
}

// New returns a Server for cfg. It panics if cfg.BaseURL is not a valid
// public URL: callers check one given by a user with ParseBaseURL first.
func New(cfg Config) *Server {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		panic("server.New: Config.BaseURL: " + err.Error())
	}
	s := &Server{archive: cfg.Archive, log: cfg.Logger, baseURL: base, timeout: cfg.RequestTimeout}
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
	r.Use(cacheControl, s.recoverPanics, s.accessLog, s.metrics.instrument, securityHeaders, s.strictQuery, middleware.GetHead, middleware.Timeout(s.timeout))
	r.NotFound(s.page(func(w http.ResponseWriter, r *http.Request) error {
		return notFound("There is no page at this address.")
	}))
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD")
		s.writeError(w, r, &statusError{status: http.StatusMethodNotAllowed, msg: "Only GET and HEAD are served here."}, wantsJSON(r))
	})

	r.Get("/", s.page(s.home))
	r.Get("/search", s.page(s.searchPage))
	r.Get("/statements", s.page(s.statements))
	r.Get("/statements/{id}", s.page(s.statement))
	r.Get("/statements/{id}/{key}", s.page(s.paragraph))
	r.Get(web.StaticPrefix+"{name}", s.page(s.static))
	r.With(noStore).Get("/healthz", s.healthz)
	r.With(noStore).Get("/readyz", s.readyz)
	r.With(noStore).Method(http.MethodGet, "/metrics", s.metrics.handler())

	r.Route("/api", func(r chi.Router) {
		r.NotFound(s.api(func(w http.ResponseWriter, r *http.Request) error {
			return notFound("no such API endpoint: the API has /api/search and /api/statements/{id}")
		}))
		r.Get("/search", s.api(s.apiSearch))
		r.Get("/statements/{id}", s.api(s.apiStatement))
	})
	s.metrics.knownRoutes(r)
	return r
}

// RunOptions tunes Run; the zero value gives the defaults.
type RunOptions struct {
	// Ready, if set, is called with the address once the server listens.
	Ready func(net.Addr)
	// ReadHeaderTimeout bounds how long a client may take to send its
	// request headers (5s): slow clients are cut off.
	ReadHeaderTimeout time.Duration
	// ShutdownTimeout bounds how long requests in flight may take to finish
	// once shutdown starts (10s).
	ShutdownTimeout time.Duration
}

// MaxHeaderBytes bounds a request's line and headers. It leaves room for a
// query far over the search's own limit, so that such a query gets the
// archive's explanation rather than a bare 431.
const MaxHeaderBytes = 256 << 10

// Run serves h on addr until ctx is done, then shuts down gracefully,
// letting requests in flight finish.
func Run(ctx context.Context, addr string, h http.Handler, log *slog.Logger, opt RunOptions) error {
	if opt.ReadHeaderTimeout == 0 {
		opt.ReadHeaderTimeout = 5 * time.Second
	}
	if opt.ShutdownTimeout == 0 {
		opt.ShutdownTimeout = 10 * time.Second
	}
	shutdownTimeout := opt.ShutdownTimeout
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: opt.ReadHeaderTimeout,
		ReadTimeout:       opt.ReadHeaderTimeout + 10*time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server using it? choose another with -addr)", addr, err)
	}
	if opt.Ready != nil {
		opt.Ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
