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
	"syscall"
	"time"

	"statementarchive/internal/index"
	"statementarchive/internal/server"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "serve", "[-addr :8080] [-index PATH] [-statements DIR]")
	addr := fs.String("addr", ":8080", "address to listen on")
	indexPath := fs.String("index", defaultIndex, "index folder to serve; only the default is built from the statements when missing")
	statementsDir := fs.String("statements", "", "folder of statement files to build the default index from when it is missing (default: the statements bundled in this binary)")
	baseURL := fs.String("base-url", "", "public URL of the archive, for citations and canonical links (default: taken from each request)")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	reloadEvery := fs.Duration("reload-every", 2*time.Second, "how often to check the index path for a newly ingested index (SIGHUP checks at once)")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "archive serve: unexpected arguments %q\n", fs.Args())
		fs.Usage()
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
	go live.Watch(ctx, *reloadEvery, hup, func(switched bool, err error) {
		if err != nil {
			log.Error("the index changed but cannot be opened; still serving the previous one", "index", *indexPath, "err", err)
			return
		}
		idx, release := live.Acquire()
		defer release()
		log.Info("switched to the new index", "index", *indexPath, "statements", len(idx.Statements()), "built", idx.Built())
	})

	srv := server.New(server.Config{Archive: server.NewLiveArchive(live), Logger: log, BaseURL: *baseURL})
	return server.Run(ctx, *addr, srv.Handler(), log, server.RunOptions{Ready: func(a net.Addr) {
		log.Info("listening", "addr", a.String(), "url", "http://"+displayAddr(a))
	}})
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
	if statementsDir != "" {
		sources, err = statement.Sources(statementsDir)
		from = statementsDir
	} else {
		sources, err = statement.SourcesFS(statements.FS, "statements")
	}
	if err != nil {
		return nil, err
	}
	log.Info("building the index", "index", path, "from", from, "reason", openErr)
	sum, err := index.Ingest(ctx, path, sources, index.IngestOptions{})
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

// displayAddr turns a listening address into one a browser can open.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
