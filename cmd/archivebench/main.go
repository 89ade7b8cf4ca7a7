// Command archivebench puts the archive beside SQLite FTS5 and Xapian on
// one corpus in one run: ingest time, peak memory and size; a fixed query
// mix through the search layer, through the HTTP server, through FTS5 and
// through Xapian, with p50 and p99 per class; the server's cold start and
// memory after the mix. It prints one table of figures and their ratios,
// and the same figures in Go's benchmark format for benchstat.
//
//	go run ./cmd/archivebench -paragraphs 1000000
//
// Xapian runs in a Python child (xapian_peer.py, Debian's python3-xapian);
// without the bindings its column is left out with a note. Every engine is
// warmed alike and timed on its first answer to each query: the mix is
// built twice as large and split, each class's queries alternately, into a
// warm-up half that every engine answers untimed (with -warmup, the
// default) and the timed half, so a timed query has not been asked
// before. No engine keeps a result cache, so no cache stands in for the
// engine.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"statementarchive/internal/corpus"
	"statementarchive/internal/index"
	"statementarchive/internal/query"
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
	warmup := flag.Bool("warmup", true, "have every engine answer a warm-up mix (as many other queries of each class), untimed, before the timed one")
	withXapian := flag.Bool("xapian", true, "put Xapian beside the archive (needs Python with Debian's python3-xapian)")
	python := flag.String("python", "", "the Python that imports xapian (default: python3 on PATH, else /usr/bin/python3)")
	exactTotal := flag.Bool("xapian-exact-total", false, "have Xapian count every match, as the archive and FTS5 do, instead of estimating the total")
	reuse := flag.Bool("reuse-index", false, "with -work: search the archive index a previous run left there instead of ingesting again (the ingest figures are then left out)")
	reusePeers := flag.Bool("reuse-peers", false, "with -work: search the FTS5 and Xapian databases a previous run left there (same -paragraphs and -seed) instead of building them again (their ingest figures are then left out)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the in-process query mix (-inprocess-rounds rounds of it) to this file, for go tool pprof")
	rounds := flag.Int("inprocess-rounds", 1, "how many times the in-process mix runs (the figures are the last round's): more rounds make a steadier profile")
	answers := flag.String("answers", "", "write each timed /api/search answer, compacted, to this folder (NNN.json), to compare two builds' answers byte for byte")
	flag.Parse()
	o := options{paragraphs: *paragraphs, work: *work, perClass: *perClass, seed: *seed, warmup: *warmup, xapian: *withXapian, python: *python, xapianExactTotal: *exactTotal, reuseIndex: *reuse, reusePeers: *reusePeers, answers: *answers, cpuProfile: *cpuProfile, rounds: max(1, *rounds)}
	if err := run(o); err != nil {
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

// options are the benchmark's flags.
type options struct {
	paragraphs int
	work       string
	perClass   int
	seed       int64
	warmup     bool
	xapian     bool
	python     string
	// xapianExactTotal has Xapian count every match rather than estimate.
	xapianExactTotal bool
	// reuseIndex searches the index left in work instead of ingesting.
	reuseIndex bool
	// reusePeers searches the FTS5 and Xapian databases left in work.
	reusePeers bool
	// answers, if set, is the folder the timed answers are written to.
	answers string
	// cpuProfile, if set, is where the in-process mix's CPU profile goes.
	cpuProfile string
	// rounds is how many times the in-process mix runs.
	rounds int
}

// splitMix splits a mix of twice the queries per class into the queries
// that warm the engines and those timed, alternately within each class,
// so that both halves span each class alike and no timed query has been
// asked before. Without warm-up, the warm-up half is dropped.
func splitMix(all []mixQuery, warmup bool) (warm, timed []mixQuery) {
	n := map[string]int{}
	for _, q := range all {
		if n[q.class]%2 == 0 {
			timed = append(timed, q)
		} else if warmup {
			warm = append(warm, q)
		}
		n[q.class]++
	}
	return warm, timed
}

type figures struct {
	ingest, ftsIngest         time.Duration
	ingestRSS                 int64 // KiB
	size, ftsSize             int64
	rows                      int
	coldStart                 time.Duration
	serverRSS                 int64 // KiB
	inproc, api, page, ftsLat map[string][]time.Duration
	// phases holds, per class and part of the search, the in-process
	// time each timed query spent in it (search.Result.Timings).
	phases     map[string]map[string][]time.Duration
	classes    []string
	warmup     bool
	xapian     *xapianFigures // nil when Xapian was left out
	xapianNote string         // why it was left out
}

func run(o options) error {
	ctx := context.Background()
	paragraphs, work, perClass, seed := o.paragraphs, o.work, o.perClass, o.seed
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
	f := figures{phases: map[string]map[string][]time.Duration{}, inproc: map[string][]time.Duration{}, api: map[string][]time.Duration{}, page: map[string][]time.Duration{}, ftsLat: map[string][]time.Duration{}, warmup: o.warmup}
	// Found before anything is built, so that a missing binding is said at once.
	python := ""
	if o.xapian {
		var err error
		if python, err = findXapianPython(o.python); err != nil {
			f.xapianNote = err.Error()
			step("Xapian left out: %s", f.xapianNote)
		}
	} else {
		f.xapianNote = "left out with -xapian=false"
	}

	// 1. Ingest, in a child process.
	idxPath := filepath.Join(work, "index")
	_, reuseErr := os.Readlink(filepath.Join(idxPath, "current"))
	if o.reuseIndex && reuseErr == nil {
		step("archive index reused from %s: no ingest figures", idxPath)
	} else {
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
	}
	gen, err := os.Readlink(filepath.Join(idxPath, "current"))
	if err != nil {
		return err
	}
	if f.size, err = dirSize(filepath.Join(idxPath, gen)); err != nil {
		return err
	}

	// 2. FTS5.
	dbPath := filepath.Join(work, "fts.db")
	var db *fts
	var rows int
	if o.reusePeers {
		db, rows, err = openFTS(ctx, dbPath)
	}
	if o.reusePeers && err == nil {
		step("SQLite FTS5 database reused from %s: no ingest figures", dbPath)
	} else {
		os.Remove(dbPath)
		step("SQLite FTS5 ingest")
		start := time.Now()
		if db, rows, err = buildFTS(ctx, dbPath, sources); err != nil {
			return err
		}
		f.ftsIngest = time.Since(start)
	}
	f.rows = rows
	if st, err := os.Stat(dbPath); err == nil {
		f.ftsSize = st.Size()
	}

	// 3. The query mix, from a sample of the corpus.
	idx, err := index.Open(idxPath)
	if err != nil {
		return err
	}
	// Every engine must hold the same rows: a reused database of another
	// corpus would be timed against this one's index.
	archiveRows := 0
	for _, l := range idx.Languages() {
		archiveRows += idx.RowsIn(l)
	}
	if archiveRows != f.rows {
		idx.Close()
		return fmt.Errorf("the archive's index holds %d rows and the FTS5 database %d: they come from different corpora; run without -reuse-peers (or -reuse-index)", archiveRows, f.rows)
	}
	var sample []*statement.Statement
	for i := 0; i < len(sources); i += max(1, len(sources)/400) {
		st, err := sources[i].Load()
		if err != nil {
			return err
		}
		sample = append(sample, st)
	}
	all, err := buildMix(sample, "en", idx.Analyzer("en"), 2*perClass)
	if err != nil {
		return err
	}
	warm, mix := splitMix(all, o.warmup)
	for _, q := range mix {
		if len(f.classes) == 0 || f.classes[len(f.classes)-1] != q.class {
			f.classes = append(f.classes, q.class)
		}
	}

	step("query mix in-process (%d warm-up queries, %d timed)", len(warm), len(mix))
	s := query.New(idx, nil)
	if o.cpuProfile != "" {
		pf, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
	}
	for round := 1; round <= o.rounds; round++ {
		clear(f.inproc)
		clear(f.phases)
		if err := inprocessMix(ctx, s, warm, mix, &f); err != nil {
			return err
		}
	}
	if o.cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	idx.Close()

	step("query mix through FTS5")
	for i, q := range append(slices.Clone(warm), mix...) {
		d, _, err := db.search(ctx, q)
		if err != nil {
			return err
		}
		if i >= len(warm) {
			f.ftsLat[q.class] = append(f.ftsLat[q.class], d)
		}
	}
	db.db.Close()

	if python != "" {
		step("Xapian (%s): ingest and the query mix", python)
		if f.xapian, err = runXapian(python, work, sources, warm, mix, o.xapianExactTotal, o.reusePeers); err != nil {
			return fmt.Errorf("xapian: %w", err)
		}
		if f.xapian.docs != f.rows {
			return fmt.Errorf("xapian: %d documents built from %d paragraph rows", f.xapian.docs, f.rows)
		}
		if x := f.xapian; x.reused {
			step("Xapian %s database reused: %d documents, %d MB", x.version, x.docs, x.size>>20)
		} else {
			step("Xapian %s built %d documents in %s in Python (%.0f/s), compaction %s of it: %d MB → %d MB",
				x.version, x.docs, x.built.Round(time.Millisecond), float64(x.docs)/x.built.Seconds(), x.compact.Round(time.Millisecond), x.staged>>20, x.size>>20)
		}
	}

	// 4. The server, in a child process: cold start, HTTP mix, RSS.
	step("archive serve: cold start and the mix over HTTP")
	start := time.Now()
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
	if o.answers != "" {
		if err := os.MkdirAll(o.answers, 0o755); err != nil {
			return err
		}
	}
	for i, q := range append(slices.Clone(warm), mix...) {
		v := url.Values{"q": {q.text}}
		if q.lang != "" {
			v.Set("lang", q.lang)
		}
		// /api/search, the figure the targets compare, is the query's
		// first answer; the page follows (no result cache serves it).
		for _, target := range []struct {
			path string
			into map[string][]time.Duration
		}{{"/api/search?", f.api}, {"/search?", f.page}} {
			t0 := time.Now()
			body, err := fetch(base + target.path + v.Encode())
			if err != nil {
				return err
			}
			if i >= len(warm) {
				target.into[q.class] = append(target.into[q.class], time.Since(t0))
				if o.answers != "" && target.path == "/api/search?" {
					var c bytes.Buffer
					if err := json.Compact(&c, body); err != nil {
						return fmt.Errorf("answer to %q: %w", q.text, err)
					}
					if err := os.WriteFile(filepath.Join(o.answers, fmt.Sprintf("%03d.json", i-len(warm))), c.Bytes(), 0o644); err != nil {
						return err
					}
				}
			}
		}
	}
	f.serverRSS = rss(srv.Process.Pid)
	_ = srv.Process.Kill()
	_ = srv.Wait()

	report(os.Stdout, f, paragraphs)
	return nil
}

// inprocessMix runs the warm-up mix, then the timed one, through the
// search layer in this process, into f's in-process figures.
func inprocessMix(ctx context.Context, s *query.Engine, warm, mix []mixQuery, f *figures) error {
	for i, q := range append(slices.Clone(warm), mix...) {
		req := search.Request{Query: q.text}
		if q.lang != "" {
			req.Langs = []string{q.lang}
		}
		t0 := time.Now()
		res, err := s.Search(ctx, req)
		if err != nil {
			return fmt.Errorf("search %q: %w", q.text, err)
		}
		if i >= len(warm) {
			f.inproc[q.class] = append(f.inproc[q.class], time.Since(t0))
			if f.phases[q.class] == nil {
				f.phases[q.class] = map[string][]time.Duration{}
			}
			// A part a query skips (suggestions above ten rows) costs it 0.
			for _, p := range searchPhases {
				var d time.Duration
				for _, t := range res.Timings {
					if t.Phase == p {
						d = t.Duration
					}
				}
				f.phases[q.class][p] = append(f.phases[q.class][p], d)
			}
		}
	}
	return nil
}

// searchPhases are the parts of a search the report times apart.
var searchPhases = []string{search.PhaseStatements, search.PhaseRows, search.PhaseFacets, search.PhaseHighlights, search.PhaseSuggestions, search.PhaseRenderings}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func get(u string) error {
	_, err := fetch(u)
	return err
}

// fetch returns the body of a GET of u, which must answer 200.
func fetch(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return body, nil
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

// cell is one figure of the table: as printed, and as a number for the
// ratios (0: no ratio).
type cell struct {
	text string
	v    float64
}

func msCell(d time.Duration) cell { return cell{ms(d), float64(d)} }

// mbCell shows a size in KiB as MB, or nothing for 0 (not measured).
func mbCell(kib int64) cell {
	if kib == 0 {
		return cell{}
	}
	return cell{fmt.Sprintf("%d MB", kib/1024), float64(kib)}
}

// geomean is the geometric mean of xs, the mean of ratios.
func geomean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

func report(w io.Writer, f figures, paragraphs int) {
	fmt.Fprintf(w, "\nCorpus: %d paragraph rows (%d requested), machine: %d cores, %s\n", f.rows, paragraphs, runtime.NumCPU(), runtime.GOOS+"/"+runtime.GOARCH)
	if f.warmup {
		fmt.Fprintln(w, "Warm-up: every engine answered a warm-up mix of other queries of each class, untimed; each timed query is its first answer")
	} else {
		fmt.Fprintln(w, "No warm-up: every engine timed on its first answer to each query, cold")
	}
	peers := []string{"FTS5"}
	if x := f.xapian; x != nil {
		peers = append(peers, "Xapian")
		total := "estimated total"
		if x.exactTotal {
			total = "exact total"
		}
		fmt.Fprintf(w, "Xapian %s, in a Python child: queries timed inside it (parse, top 10 with document data, %s)\n", x.version, total)
	} else {
		fmt.Fprintf(w, "Xapian left out: %s\n", f.xapianNote)
	}
	fmt.Fprintln(w, "ratio: the archive's figure divided by the peer's")
	fmt.Fprintln(w)

	row := func(name string, archive cell, peerCells ...cell) {
		fmt.Fprintf(w, "%-28s %14s", name, archive.text)
		for _, c := range peerCells[:len(peers)] {
			fmt.Fprintf(w, " %14s", c.text)
		}
		for _, c := range peerCells[:len(peers)] {
			r := ""
			if archive.v != 0 && c.v != 0 {
				r = ratio(archive.v, c.v)
			}
			fmt.Fprintf(w, " %10s", r)
		}
		fmt.Fprintln(w)
	}
	header := []any{"figure", "archive"}
	format := "%-28s %14s"
	for _, p := range peers {
		header = append(header, p)
		format += " %14s"
	}
	for _, p := range peers {
		header = append(header, "vs "+p)
		format += " %10s"
	}
	fmt.Fprintf(w, format+"\n", header...)

	x := f.xapian
	if x == nil {
		x = &xapianFigures{} // its cells are never printed
	}
	rate := func(d time.Duration) cell {
		if d == 0 {
			return cell{}
		}
		r := float64(f.rows) / d.Seconds()
		return cell{fmt.Sprintf("%.0f", r), r}
	}
	dur := func(d time.Duration) cell {
		if d == 0 {
			return cell{} // not measured: an index or database reused
		}
		return cell{d.Round(time.Millisecond).String(), d.Seconds()}
	}
	row("ingest paragraphs/s", rate(f.ingest), rate(f.ftsIngest), rate(x.ingest))
	row("ingest time", dur(f.ingest), dur(f.ftsIngest), dur(x.ingest))
	row("ingest peak RSS", mbCell(f.ingestRSS), cell{text: "(in-process)"}, mbCell(x.ingestRSS))
	row("size on disk", cell{fmt.Sprintf("%d MB", f.size>>20), float64(f.size)}, cell{fmt.Sprintf("%d MB", f.ftsSize>>20), float64(f.ftsSize)}, cell{fmt.Sprintf("%d MB", x.size>>20), float64(x.size)})
	for _, c := range f.classes {
		for _, p := range []struct {
			name string
			v    float64
		}{{"p50", 0.5}, {"p99", 0.99}} {
			xc := cell{}
			if len(x.lat[c]) > 0 {
				xc = msCell(pct(x.lat[c], p.v))
			}
			row("query "+c+" "+p.name, msCell(pct(f.inproc[c], p.v)), msCell(pct(f.ftsLat[c], p.v)), xc)
		}
	}

	fmt.Fprintf(w, "\n%-28s %16s %16s %10s\n", "HTTP vs in-process (p50)", "/api/search", "/search", "")
	for _, c := range f.classes {
		in := float64(pct(f.inproc[c], 0.5))
		fmt.Fprintf(w, "%-28s %16s %16s\n", "  "+c, ratio(float64(pct(f.api[c], 0.5)), in), ratio(float64(pct(f.page[c], 0.5)), in))
	}

	// What each part of the answer costs, in-process: the rows alone are
	// what the peers answer; the rest is the archive's own.
	fmt.Fprintf(w, "\n%-28s", "in-process p50 by part (ms)")
	for _, p := range searchPhases {
		fmt.Fprintf(w, " %11s", p)
	}
	fmt.Fprintln(w)
	for _, c := range f.classes {
		fmt.Fprintf(w, "%-28s", "  "+c)
		for _, p := range searchPhases {
			fmt.Fprintf(w, " %11.2f", float64(pct(f.phases[c][p], 0.5))/float64(time.Millisecond))
		}
		fmt.Fprintln(w)
	}

	// The targets read from here: /api/search over HTTP against each
	// peer's in-process p50, and its p99.
	fmt.Fprintf(w, "\n%-28s %14s %14s", "/api/search over HTTP", "p50", "p99")
	for _, p := range peers {
		fmt.Fprintf(w, " %14s", "p50 vs "+p)
	}
	fmt.Fprintln(w)
	ratios := make([][]float64, len(peers))
	for _, c := range f.classes {
		api := pct(f.api[c], 0.5)
		fmt.Fprintf(w, "%-28s %14s %14s", "  "+c, ms(api), ms(pct(f.api[c], 0.99)))
		for i, lat := range []map[string][]time.Duration{f.ftsLat, x.lat}[:len(peers)] {
			peer := float64(pct(lat[c], 0.5))
			ratios[i] = append(ratios[i], float64(api)/peer)
			fmt.Fprintf(w, " %14s", ratio(float64(api), peer))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-28s %14s %14s", "  geometric mean", "", "")
	for i := range peers {
		fmt.Fprintf(w, " %14.2f", geomean(ratios[i]))
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "\n%-28s %16s\n", "cold start to /readyz 200", f.coldStart.Round(time.Millisecond))
	fmt.Fprintf(w, "%-28s %13d MB\n", "server RSS after the mix", f.serverRSS/1024)
	if f.xapian != nil {
		fmt.Fprintf(w, "%-28s %13d MB\n", "Xapian RSS after the mix", f.xapian.rss/1024)
	}

	// The same figures for benchstat.
	fmt.Fprintln(w)
	for _, c := range f.classes {
		name := strings.ReplaceAll(c, "/", "-")
		engines := map[string][]time.Duration{"archive": f.inproc[c], "fts5": f.ftsLat[c], "http-api": f.api[c], "http-page": f.page[c]}
		if f.xapian != nil {
			engines["xapian"] = f.xapian.lat[c]
		}
		for _, engine := range []string{"archive", "fts5", "xapian", "http-api", "http-page"} {
			for _, d := range engines[engine] {
				fmt.Fprintf(w, "BenchmarkQuery/%s/%s 1 %d ns/op\n", name, engine, d.Nanoseconds())
			}
		}
	}
	for _, in := range []struct {
		name string
		d    time.Duration
	}{{"archive", f.ingest}, {"fts5", f.ftsIngest}, {"xapian", x.ingest}} {
		if in.d > 0 { // 0: reused, not measured
			fmt.Fprintf(w, "BenchmarkIngest/%s 1 %d ns/op\n", in.name, in.d.Nanoseconds())
		}
	}
}
