package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"statementarchive/internal/corpus"
)

// hostileOptions says how hard runHostile pushes.
type hostileOptions struct {
	pid        int           // the server's process, whose memory is read from /proc
	nonReaders int           // sockets that ask for an export and never read
	hold       time.Duration // how long the non-readers are held open
	ceiling    uint64        // the server's memory ceiling, in bytes
}

// The attacks of the "Trust, round 3" issue, at the sizes it gives.
const (
	slowRowReaders   = 30  // non-readers of one large row's page
	atomAtOnce       = 12  // /search.atom of the large statement's word
	rowAPIAtOnce     = 250 // /api/statements/{large}/{ref}, read whole
	sitemapsAtOnce   = 30  // sitemap files, read whole
	probeEvery       = 100 * time.Millisecond
	probeTimeout     = 5 * time.Second
	healthzWithin    = time.Second
	nonReaderRcvBuf  = 2 << 10
	dialConcurrently = 64
)

// politeAddr is the address the polite clients and the prober connect
// from: another loopback address than the attackers' (127.0.0.1), as
// another client on a network would be, so that the server's caps per
// client address tell them apart.
var politeAddr = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}

// politeTransport is a transport whose connections come from politeAddr,
// one per request.
func politeTransport() *http.Transport {
	d := &net.Dialer{Timeout: probeTimeout, LocalAddr: politeAddr}
	return &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}
}

// runHostile attacks a running archive as a hostile client on this
// machine would, while a prober asks /healthz on a fresh connection every
// 100 ms and the server's resident memory is sampled; it prints what each
// attack got and the server's peak, and fails if /healthz ever took 1 s or
// more, a well-behaved client was refused, or the peak passed the ceiling.
// The archive must hold corpus.WriteLarge's statement (archivegen -large).
func runHostile(base string, opt hostileOptions) error {
	if err := checkLoopback(base); err != nil {
		return err
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if _, err := readStatus(opt.pid); err != nil {
		return fmt.Errorf("-pid %d: %w (give the server's process ID)", opt.pid, err)
	}
	client := &http.Client{Timeout: 60 * time.Second, Transport: politeTransport()}
	if resp, err := client.Get(base + "/api/statements/" + corpus.LargeID); err != nil {
		return fmt.Errorf("is the archive running at %s? %w", base, err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("the archive at %s has no statement %s (status %d): ingest archivegen -large's output", base, corpus.LargeID, resp.StatusCode)
		}
	}

	mon := startMonitor(base, opt.pid)
	var failures []string
	fail := func(format string, args ...any) {
		failures = append(failures, fmt.Sprintf(format, args...))
	}
	fmt.Printf("hostile clients against %s (server pid %d, memory ceiling %s)\n\n", base, opt.pid, mib(opt.ceiling))

	// 1. Non-readers of an export, then a well-behaved client.
	phase := mon.phase("non-readers")
	held := openNonReaders(u.Host, "/search.csv?q="+corpus.LargeWord, opt.nonReaders)
	fmt.Printf("1. %d sockets asked for /search.csv?q=%s with a %d-byte receive buffer and never read (%d connected)\n",
		opt.nonReaders, corpus.LargeWord, nonReaderRcvBuf, len(held))
	good := wellBehaved(client, base, opt.hold)
	answers := statusLines(held)
	fmt.Printf("   after %s: the non-readers had %s\n", opt.hold, answers)
	fmt.Printf("   a well-behaved client meanwhile: %s\n", good)
	if good.failed > 0 {
		fail("a well-behaved client was refused %d times while non-readers held the server", good.failed)
	}
	mon.end(phase)

	// 2. Non-readers of a large row, then another client's large response.
	phase = mon.phase("slow row readers")
	row := "/statements/" + corpus.LargeID + "/1"
	held = openNonReaders(u.Host, row, slowRowReaders)
	settle := time.Now()
	status, n, err := getAll(client, base+"/api/statements/"+corpus.LargeID+"/2")
	fmt.Printf("2. %d sockets asked for %s and never read; another client's /api/statements/%s/2 got %s (%s, %s)\n",
		len(held), row, corpus.LargeID, statusText(status, err), mib(uint64(n)), time.Since(settle).Round(time.Millisecond))
	if status != http.StatusOK {
		fail("another client's large response got %s while %d non-readers held a large row", statusText(status, err), slowRowReaders)
	}
	fmt.Printf("   the non-readers had %s\n", statusLines(held))
	mon.end(phase)

	// 3. Many large answers at once, each read whole.
	sitemap := "/sitemap.xml"
	if body, err := getBody(client, base+sitemap); err == nil && strings.Contains(body, "<sitemapindex") {
		sitemap = "/sitemap-1.xml" // the first file of a sitemap index
	}
	phase = mon.phase("large answers at once")
	counts := burst(base, []burstKind{
		{"/search.atom?q=" + corpus.LargeWord, atomAtOnce, func(i int) string { return "/search.atom?q=" + corpus.LargeWord }},
		{"/api/statements/{large}/{ref}", rowAPIAtOnce, func(i int) string {
			return fmt.Sprintf("/api/statements/%s/%d", corpus.LargeID, 1+i%10)
		}},
		{"/api/statements/{large}", 1, func(int) string { return "/api/statements/" + corpus.LargeID }},
		{sitemap, sitemapsAtOnce, func(int) string { return sitemap }},
	})
	fmt.Println("3. at once, each read whole:")
	for _, c := range counts {
		fmt.Printf("   %-32s %s\n", c.name, c.statuses)
		if c.errors > 0 {
			fail("%d requests for %s failed without an answer", c.errors, c.name)
		}
	}
	mon.end(phase)

	rep := mon.stop()
	fmt.Printf("\n%-24s %12s %12s %10s\n", "phase", "healthz max", "over 1 s", "RSS max")
	for _, p := range rep.phases {
		fmt.Printf("%-24s %12s %12d %10s\n", p.name, p.healthMax.Round(time.Millisecond), p.slow, mib(p.rssMax))
	}
	fmt.Printf("\n/healthz: %d probes, slowest %s, %d took 1 s or more or failed; server peak RSS (VmHWM) %s of a %s ceiling\n",
		rep.probes, rep.healthMax.Round(time.Millisecond), rep.slow, mib(rep.peak), mib(opt.ceiling))
	if rep.slow > 0 {
		fail("/healthz took 1 s or more, or failed, %d times (slowest %s)", rep.slow, rep.healthMax.Round(time.Millisecond))
	}
	if rep.peak >= opt.ceiling {
		fail("the server's peak RSS %s reached its ceiling %s", mib(rep.peak), mib(opt.ceiling))
	}
	if len(failures) > 0 {
		return errors.New(strings.Join(failures, "; "))
	}
	fmt.Println("hostile run passed")
	return nil
}

// openNonReaders opens n connections to host, each with a tiny receive
// buffer, and sends on each a GET of path that it never reads.
func openNonReaders(host, path string, n int) []net.Conn {
	d := net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, nonReaderRcvBuf)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
		sem   = make(chan struct{}, dialConcurrently)
	)
	req := "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n"
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := d.Dial("tcp", host)
			if err != nil {
				return
			}
			if _, err := io.WriteString(c, req); err != nil {
				c.Close()
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return conns
}

// statusLines reads what the server answered on each held connection (its
// status line, or that it closed the connection, or nothing), closes them
// all, and counts each outcome.
func statusLines(conns []net.Conn) string {
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			defer c.Close()
			_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
			line, err := bufio.NewReaderSize(c, 64).ReadString('\n')
			what := ""
			switch {
			case strings.HasPrefix(line, "HTTP/1.1 "):
				what = strings.TrimSpace(line[len("HTTP/1.1 "):])
			case errors.Is(err, os.ErrDeadlineExceeded):
				what = "no answer yet"
			default:
				what = "closed by the server"
			}
			mu.Lock()
			counts[what]++
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	return countsText(counts)
}

func countsText(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d × %s", counts[k], k))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// wellBehavedResult counts a polite client's answers.
type wellBehavedResult struct {
	ok, failed int
	slowest    time.Duration
	firstError string
}

func (w wellBehavedResult) String() string {
	s := fmt.Sprintf("%d answered 200, %d refused or failed, slowest %s", w.ok, w.failed, w.slowest.Round(time.Millisecond))
	if w.firstError != "" {
		s += " (first: " + w.firstError + ")"
	}
	return s
}

// wellBehaved searches through the API twice a second for dur, on fresh
// connections, and counts the answers.
func wellBehaved(client *http.Client, base string, dur time.Duration) wellBehavedResult {
	var res wellBehavedResult
	c := &http.Client{Timeout: 5 * time.Second, Transport: politeTransport()}
	end := time.Now().Add(dur)
	for time.Now().Before(end) {
		t0 := time.Now()
		status, _, err := getAll(c, base+"/api/search?q=alliance")
		res.slowest = max(res.slowest, time.Since(t0))
		if status == http.StatusOK {
			res.ok++
		} else {
			res.failed++
			if res.firstError == "" {
				res.firstError = statusText(status, err)
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	return res
}

// getAll GETs target and reads the whole body.
func getAll(c *http.Client, target string) (int, int64, error) {
	resp, err := c.Get(target)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, n, err
}

// getBody GETs target and returns its body.
func getBody(c *http.Client, target string) (string, error) {
	resp, err := c.Get(target)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func statusText(status int, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return strconv.Itoa(status) + " " + http.StatusText(status)
}

// burstKind is one kind of request a burst sends n of at once.
type burstKind struct {
	name   string
	n      int
	target func(i int) string
}

type burstCount struct {
	name     string
	statuses string
	errors   int
}

// burst sends every request of every kind at once, each on its own
// connection from the attackers' address, reads every answer whole, and
// counts the statuses.
func burst(base string, kinds []burstKind) []burstCount {
	c := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: 300}}
	out := make([]burstCount, len(kinds))
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := make([]map[string]int, len(kinds))
	for k, kind := range kinds {
		counts[k] = map[string]int{}
		out[k].name = kind.name
		for i := 0; i < kind.n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, _, err := getAll(c, base+kind.target(i))
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					out[k].errors++
					counts[k]["error"]++
					return
				}
				counts[k][statusText(status, nil)]++
			}()
		}
	}
	wg.Wait()
	for k := range kinds {
		out[k].statuses = countsText(counts[k])
	}
	return out
}

// monitor probes /healthz and samples the server's memory until stopped,
// keeping the worst of each per phase.
type monitor struct {
	cancel context.CancelFunc
	done   chan struct{}
	pid    int

	mu     sync.Mutex
	phases []*phaseStats
	cur    *phaseStats
	probes int
	slow   int
	worst  time.Duration
}

type phaseStats struct {
	name      string
	healthMax time.Duration
	slow      int
	rssMax    uint64
}

type monitorReport struct {
	phases    []*phaseStats
	probes    int
	slow      int
	healthMax time.Duration
	peak      uint64
}

func startMonitor(base string, pid int) *monitor {
	ctx, cancel := context.WithCancel(context.Background())
	m := &monitor{cancel: cancel, done: make(chan struct{}), pid: pid}
	probe := &http.Client{Timeout: probeTimeout, Transport: politeTransport()}
	go func() {
		defer close(m.done)
		t := time.NewTicker(probeEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			t0 := time.Now()
			status, _, err := getAll(probe, base+"/healthz")
			took := time.Since(t0)
			bad := err != nil || status != http.StatusOK || took >= healthzWithin
			st, _ := readStatus(pid)
			m.mu.Lock()
			m.probes++
			m.worst = max(m.worst, took)
			if bad {
				m.slow++
			}
			if p := m.cur; p != nil {
				p.healthMax = max(p.healthMax, took)
				if bad {
					p.slow++
				}
				p.rssMax = max(p.rssMax, st.rss)
			}
			m.mu.Unlock()
		}
	}()
	return m
}

func (m *monitor) phase(name string) *phaseStats {
	p := &phaseStats{name: name}
	m.mu.Lock()
	m.phases = append(m.phases, p)
	m.cur = p
	m.mu.Unlock()
	return p
}

func (m *monitor) end(*phaseStats) {
	m.mu.Lock()
	m.cur = nil
	m.mu.Unlock()
}

func (m *monitor) stop() monitorReport {
	m.cancel()
	<-m.done
	st, _ := readStatus(m.pid)
	m.mu.Lock()
	defer m.mu.Unlock()
	return monitorReport{phases: m.phases, probes: m.probes, slow: m.slow, healthMax: m.worst, peak: st.hwm}
}

// procStatus is what /proc/PID/status says of a process's memory.
type procStatus struct{ rss, hwm uint64 }

func readStatus(pid int) (procStatus, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procStatus{}, err
	}
	defer f.Close()
	var st procStatus
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) == 0 {
			continue
		}
		kb, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			st.rss = kb << 10
		case "VmHWM":
			st.hwm = kb << 10
		}
	}
	return st, sc.Err()
}
