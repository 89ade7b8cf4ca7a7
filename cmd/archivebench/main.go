// Command archivebench puts the archive beside SQLite FTS5 on one corpus in
// one run: ingest time, peak memory and size; a fixed query mix through the
// search layer, through the HTTP server, and through FTS5, with p50 and p99
// per class; the server's cold start and memory after the mix. It prints
// one table of figures and their ratios, and the same figures in Go's
// benchmark format for benchstat.
//
//	go run ./cmd/archivebench -paragraphs 1000000
//
// Each query of the mix is timed on its first answer; the archive keeps no
// result cache, so no cache stands in for the engine.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"statementarchive/internal/corpus"
	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/internal/server"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		if err := child(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "archivebench child:", err)
			os.Exit(1)
		}
		return
	}
	paragraphs := flag.Int("paragraphs", 100000, "corpus size: paragraphs in all languages")
	work := flag.String("work", "", "folder for the corpus, the indexes and the database (default: a temporary one, removed after)")
	perClass := flag.Int("per-class", 12, "distinct queries per class of the mix")
	seed := flag.Int64("seed", 1, "corpus seed")
	flag.Parse()
	if err := run(*paragraphs, *work, *perClass, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "archivebench:", err)
		os.Exit(1)
	}
}

// child runs the archive's own work in a separate process, so that its
// time, peak memory and start-up are measured alone.
func child(args []string) error {
	switch args[0] {
	case "ingest":
		src, err := statement.Sources(args[2])
		if err != nil {
			return err
		}
		_, err = index.Ingest(context.Background(), args[1], src, index.IngestOptions{})
		return err
	case "serve":
		live, err := index.OpenLive(args[1])
		if err != nil {
			return err
		}
		srv := server.New(server.Config{Archive: server.NewLiveArchive(live, search.DefaultGate()), Logger: discardLogger(), BaseURL: "http://localhost"})
		return server.Run(context.Background(), "127.0.0.1:0", srv.Handler(), discardLogger(), server.RunOptions{Ready: func(a net.Addr) {
			fmt.Println("listening", a.String())
		}})
	}
	return fmt.Errorf("unknown child %q", args[0])
}

type figures struct {
	ingest, ftsIngest         time.Duration
	ingestRSS                 int64 // KiB
	size, ftsSize             int64
	rows                      int
	coldStart                 time.Duration
	serverRSS                 int64 // KiB
	inproc, api, page, ftsLat map[string][]time.Duration
	classes                   []string
}

func run(paragraphs int, work string, perClass int, seed int64) error {
	ctx := context.Background()
	if work == "" {
		dir, err := os.MkdirTemp("", "archivebench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	}
	corpusDir := filepath.Join(work, "corpus")
	if _, err := os.Stat(corpusDir); err != nil {
		step("generating %d paragraphs", paragraphs)
		if _, err := corpus.Generate(corpusDir, statements.FS, corpus.Options{Paragraphs: paragraphs, Seed: seed}); err != nil {
			return err
		}
	}
	sources, err := statement.Sources(corpusDir)
	if err != nil {
		return err
	}
	f := figures{inproc: map[string][]time.Duration{}, api: map[string][]time.Duration{}, page: map[string][]time.Duration{}, ftsLat: map[string][]time.Duration{}}

	// 1. Ingest, in a child process.
	idxPath := filepath.Join(work, "index")
	os.RemoveAll(idxPath)
	step("archive ingest")
	start := time.Now()
	cmd := exec.Command(os.Args[0], "child", "ingest", idxPath, corpusDir)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	f.ingest = time.Since(start)
	f.ingestRSS = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	gen, err := os.Readlink(filepath.Join(idxPath, "current"))
	if err != nil {
		return err
	}
	if f.size, err = dirSize(filepath.Join(idxPath, gen)); err != nil {
		return err
	}

	// 2. FTS5.
	dbPath := filepath.Join(work, "fts.db")
	os.Remove(dbPath)
	step("SQLite FTS5 ingest")
	start = time.Now()
	db, rows, err := buildFTS(ctx, dbPath, sources)
	if err != nil {
		return err
	}
	f.ftsIngest = time.Since(start)
	f.rows = rows
	if st, err := os.Stat(dbPath); err == nil {
		f.ftsSize = st.Size()
	}

	// 3. The query mix, from a sample of the corpus.
	idx, err := index.Open(idxPath)
	if err != nil {
		return err
	}
	var sample []*statement.Statement
	for i := 0; i < len(sources); i += max(1, len(sources)/400) {
		st, err := sources[i].Load()
		if err != nil {
			return err
		}
		sample = append(sample, st)
	}
	mix, err := buildMix(sample, "en", idx.Analyzer("en"), perClass)
	if err != nil {
		return err
	}
	for _, q := range mix {
		if len(f.classes) == 0 || f.classes[len(f.classes)-1] != q.class {
			f.classes = append(f.classes, q.class)
		}
	}

	step("query mix in-process (%d queries)", len(mix))
	s := index.NewSearcher(idx, nil)
	for _, q := range mix {
		req := search.Request{Query: q.text}
		if q.lang != "" {
			req.Langs = []string{q.lang}
		}
		t0 := time.Now()
		if _, err := s.Search(ctx, req); err != nil {
			return fmt.Errorf("search %q: %w", q.text, err)
		}
		f.inproc[q.class] = append(f.inproc[q.class], time.Since(t0))
	}
	idx.Close()

	step("query mix through FTS5")
	for _, q := range mix {
		d, _, err := db.search(ctx, q)
		if err != nil {
			return err
		}
		f.ftsLat[q.class] = append(f.ftsLat[q.class], d)
	}
	db.db.Close()

	// 4. The server, in a child process: cold start, HTTP mix, RSS.
	step("archive serve: cold start and the mix over HTTP")
	start = time.Now()
	srv := exec.Command(os.Args[0], "child", "serve", idxPath)
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("server start: %w", err)
	}
	base := "http://" + strings.TrimSpace(strings.TrimPrefix(line, "listening "))
	// Ready: the index is open and has answered a query.
	if err := get(base + "/readyz"); err != nil {
		return err
	}
	f.coldStart = time.Since(start)
	for _, q := range mix {
		v := url.Values{"q": {q.text}}
		if q.lang != "" {
			v.Set("lang", q.lang)
		}
		for _, target := range []struct {
			path string
			into map[string][]time.Duration
		}{{"/api/search?", f.api}, {"/search?", f.page}} {
			t0 := time.Now()
			if err := get(base + target.path + v.Encode()); err != nil {
				return err
			}
			target.into[q.class] = append(target.into[q.class], time.Since(t0))
		}
	}
	f.serverRSS = rss(srv.Process.Pid)
	_ = srv.Process.Kill()
	_ = srv.Wait()

	report(os.Stdout, f, paragraphs)
	return nil
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func get(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return err
	})
	return n, err
}

// rss returns a process's resident memory in KiB, from /proc.
func rss(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			n, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return n
		}
	}
	return 0
}

func pct(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(p*float64(len(s)-1)+0.5)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func report(w io.Writer, f figures, paragraphs int) {
	fmt.Fprintf(w, "\nCorpus: %d paragraph rows (%d requested), machine: %d cores, %s\n\n", f.rows, paragraphs, runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH)
	fmt.Fprintf(w, "%-28s %16s %16s %10s\n", "figure", "archive", "FTS5", "ratio")
	rate := func(d time.Duration) float64 { return float64(f.rows) / d.Seconds() }
	fmt.Fprintf(w, "%-28s %16.0f %16.0f %10s\n", "ingest paragraphs/s", rate(f.ingest), rate(f.ftsIngest), ratio(rate(f.ingest), rate(f.ftsIngest)))
	fmt.Fprintf(w, "%-28s %16s %16s %10s\n", "ingest time", f.ingest.Round(time.Millisecond), f.ftsIngest.Round(time.Millisecond), ratio(f.ingest.Seconds(), f.ftsIngest.Seconds()))
	fmt.Fprintf(w, "%-28s %13d MB %16s %10s\n", "ingest peak RSS", f.ingestRSS/1024, "(in-process)", "")
	fmt.Fprintf(w, "%-28s %13d MB %13d MB %10s\n", "size on disk", f.size>>20, f.ftsSize>>20, ratio(float64(f.size), float64(f.ftsSize)))
	for _, c := range f.classes {
		for _, p := range []struct {
			name string
			v    float64
		}{{"p50", 0.5}, {"p99", 0.99}} {
			a, b := pct(f.inproc[c], p.v), pct(f.ftsLat[c], p.v)
			fmt.Fprintf(w, "%-28s %16s %16s %10s\n", "query "+c+" "+p.name, ms(a), ms(b), ratio(float64(a), float64(b)))
		}
	}
	fmt.Fprintf(w, "\n%-28s %16s %16s %10s\n", "HTTP vs in-process (p50)", "/api/search", "/search", "")
	for _, c := range f.classes {
		in := float64(pct(f.inproc[c], 0.5))
		fmt.Fprintf(w, "%-28s %16s %16s\n", "  "+c, ratio(float64(pct(f.api[c], 0.5)), in), ratio(float64(pct(f.page[c], 0.5)), in))
	}
	fmt.Fprintf(w, "\n%-28s %16s\n", "cold start to /readyz 200", f.coldStart.Round(time.Millisecond))
	fmt.Fprintf(w, "%-28s %13d MB\n", "server RSS after the mix", f.serverRSS/1024)

	// The same figures for benchstat.
	fmt.Fprintln(w)
	for _, c := range f.classes {
		name := strings.ReplaceAll(c, "/", "-")
		for engine, lat := range map[string][]time.Duration{"archive": f.inproc[c], "fts5": f.ftsLat[c], "http-api": f.api[c], "http-page": f.page[c]} {
			for _, d := range lat {
				fmt.Fprintf(w, "BenchmarkQuery/%s/%s 1 %d ns/op\n", name, engine, d.Nanoseconds())
			}
		}
	}
	fmt.Fprintf(w, "BenchmarkIngest/archive 1 %d ns/op\n", f.ingest.Nanoseconds())
	fmt.Fprintf(w, "BenchmarkIngest/fts5 1 %d ns/op\n", f.ftsIngest.Nanoseconds())
}
