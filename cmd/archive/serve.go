package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"statementarchive/internal/index"
	"statementarchive/internal/ledger"
	"statementarchive/internal/search"
	"statementarchive/internal/server"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "serve", "[-addr localhost:8080] [-base-url URL] [-index PATH] [-statements DIR]")
	addr := fs.String("addr", "localhost:8080", "address to listen on; beyond localhost, -base-url is required")
	indexPath := fs.String("index", defaultIndex, "index folder to serve; only the default is built from the statements when missing")
	statementsDir := fs.String("statements", "", "folder of statement files to build the default index from when it is missing (default: the statements bundled in this binary)")
	baseURL := fs.String("base-url", "", "public URL of the archive, the only host citations and canonical links carry, e.g. https://archive.example.org (default on localhost: http://localhost:PORT)")
	maxConns := fs.Int("max-conns", server.DefaultMaxConns, "connections open at once; at the cap the longest-idle one is closed to admit a new one")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	reloadEvery := fs.Duration("reload-every", 2*time.Second, "how often to check the index path for a newly ingested index (SIGHUP checks at once, and so does a readiness check that finds the served index deleted by a later ingest)")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "archive serve: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return errUsage
	}
	if *maxConns < 1 {
		fmt.Fprintf(env.stderr, "archive serve: -max-conns %d: give at least 1 (default %d)\n", *maxConns, server.DefaultMaxConns)
		return errUsage
	}
	public, err := checkPublicURL(*baseURL, *addr)
	if err != nil {
		fmt.Fprintf(env.stderr, "archive serve: %v\n", err)
		return errUsage
	}
	log, err := newLogger(env, *logFormat)
	if err != nil {
		return err
	}

	explicit := isSet(fs, "index")
	opened, err := openOrBuild(ctx, env, log, *indexPath, explicit, *statementsDir)
	if err != nil {
		return err
	}
	live := index.NewLive(opened)
	defer live.Close()
	idx, release := live.Acquire()
	log.Info("serving", "index", *indexPath, "statements", len(idx.Statements()), "built", idx.Built())
	release()

	// Follow re-ingests: check the index path every few seconds, and at
	// once on SIGHUP.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watchIndex(watchCtx, log, live, *indexPath, *reloadEvery, hup)
	}()
	// Deferred after live.Close, so it runs first: no reload outlives serve.
	defer func() { stopWatch(); <-watched }()

	ln, err := server.Listen(*addr)
	if err != nil {
		return err
	}
	if public == "" {
		if public, err = loopbackURL(ln.Addr()); err != nil {
			ln.Close()
			return err
		}
	}
	srv := server.New(server.Config{Archive: server.NewLiveArchive(live, search.DefaultGate()), Logger: log, BaseURL: public})
	return server.Serve(ctx, ln, srv.Handler(), log, server.RunOptions{
		MaxConns: *maxConns,
		Ready: func(a net.Addr) {
			log.Info("listening", "addr", a.String(), "url", public, "max_conns", *maxConns)
		},
	})
}

// watchIndex follows re-ingests into path until ctx is done, checking
// every interval, whenever poke receives, and as soon as a readiness check
// finds the served generation deleted (see index.Live). A failing reload
// is logged once per distinct error, not every interval, and its end is
// logged too.
func watchIndex(ctx context.Context, log *slog.Logger, live *index.Live, path string, every time.Duration, poke <-chan os.Signal) {
	live.Watch(ctx, every, poke, func(switched bool, err error) {
		if err != nil {
			log.Error("the index path cannot be opened; still serving the previous index (logged again only if the error changes)", "index", path, "err", err)
			return
		}
		idx, release := live.Acquire()
		defer release()
		if switched {
			log.Info("switched to the new index", "index", path, "statements", len(idx.Statements()), "built", idx.Built())
			return
		}
		log.Info("the index path opens again; still serving the same index", "index", path, "built", idx.Built())
	})
}

// checkPublicURL returns the archive's public URL from -base-url, or ""
// when it is to be derived from a loopback listening address once listening
// (so that port 0 works). The server never takes it from a request: any
// client can set the Host header, and a shared cache would pass the page
// with that host to every reader. Beyond loopback, there is no safe
// default, so -base-url is required.
func checkPublicURL(baseURL, addr string) (string, error) {
	if baseURL != "" {
		u, err := server.ParseBaseURL(baseURL)
		if err != nil {
			return "", fmt.Errorf("-base-url: %w", err)
		}
		return u, nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("-addr %q: %v; write host:port, e.g. localhost:8080", addr, err)
	}
	if !isLoopback(host) {
		return "", fmt.Errorf("-addr %q listens beyond this machine, so -base-url is required: "+
			"set -base-url (or ARCHIVE_BASE_URL) to the public URL citations should carry, e.g. -base-url https://archive.example.org; "+
			"or listen on localhost for a local try (-addr localhost:8080)", addr)
	}
	return "", nil
}

// isLoopback reports whether an -addr host is reachable from this machine
// only.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackURL is the public URL of a server listening on a loopback
// address: http://localhost:PORT, or the address itself for a loopback
// address other than 127.0.0.1 and ::1. It refuses an address that is not
// loopback (a name such as localhost resolved elsewhere).
func loopbackURL(a net.Addr) (string, error) {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "", fmt.Errorf("listening address %s: %v", a, err)
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil || !ip.IsLoopback():
		return "", fmt.Errorf("listening on %s, which is not loopback: set -base-url to the public URL citations should carry, e.g. -base-url https://archive.example.org", a)
	case ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback):
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// openOrBuild opens the index to serve. Only the default path is
// built from the statements when it is missing or from an older mapping: an
// explicit path that fails is refused, so that a deployment whose volume
// did not mount never quietly serves the bundled statements instead.
func openOrBuild(ctx context.Context, env *environment, log *slog.Logger, path string, explicit bool, statementsDir string) (*index.Index, error) {
	idx, openErr := index.Open(path)
	if openErr == nil || explicit || !(errors.Is(openErr, index.ErrNoIndex) || errors.Is(openErr, index.ErrStale)) {
		return idx, openErr
	}
	var sources []statement.Source
	var err error
	from := "the statements bundled in this binary"
	lf := ledgerFile{bundled: true}
	if statementsDir != "" {
		sources, err = statement.Sources(statementsDir)
		from = statementsDir
		lf = ledgerFile{path: filepath.Join(statementsDir, ledger.FileName)}
	} else {
		sources, err = statement.SourcesFS(statements.FS, "statements")
	}
	if err != nil {
		return nil, err
	}
	// The default index is this binary's own copy of the statements it
	// serves, so it is compared with their ledger alone: a newer binary's
	// statements replace it, their revisions recorded in their ledger.
	book, _, err := lf.load()
	if _, statErr := os.Stat(lf.path); !lf.bundled && errors.Is(statErr, os.ErrNotExist) {
		// A folder of statements without a ledger: nothing is on record,
		// and serve keeps none for it (archive ingest does).
		book, err = ledger.New(), nil
	}
	if err != nil {
		return nil, err
	}
	log.Info("building the index", "index", path, "from", from, "ledger", lf.String(), "reason", openErr)
	sum, err := index.Ingest(ctx, path, sources, index.IngestOptions{Ledger: book, LedgerName: lf.String(), LedgerOnly: true})
	if err != nil {
		var ps statement.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				fmt.Fprintln(env.stderr, p.Error())
			}
			return nil, fmt.Errorf("%d problems in %s; fix them, or serve an index built with `archive ingest`", len(ps), from)
		}
		return nil, err
	}
	printSummary(env.stderr, sum)
	return index.Open(path)
}

// isSet reports whether a flag was given on the command line or by its
// environment variable.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func newLogger(env *environment, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(env.stderr, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(env.stderr, nil)), nil
	}
	return nil, fmt.Errorf("-log-format %q: choose text or json", format)
}
