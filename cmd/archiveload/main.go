// Command archiveload drives a query mix against a running archive over
// HTTP — /search, /api/search, reading views and permalinks — from many
// connections at once, and reports requests/s and p50/p99 latency per kind
// of request. It exits non-zero if any request failed or got a status other
// than 200 (searches the server sheds with 503 and Retry-After are counted
// apart, and fail the run past 20 in a hundred), so it doubles as a check.
//
//	go run ./cmd/archiveload -url http://127.0.0.1:8080 -c 64 -d 30s
//	go run ./cmd/archiveload -url http://127.0.0.1:8080 -costly -d 20s
//	go run ./cmd/archiveload -url http://127.0.0.1:8080 -hostile -pid PID
//
// It is a benchmark, not a test: run it on loopback against your own server
// (.ci/load does the whole setup).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// queries is the mix: common and rare words, phrases, required and excluded
// words, prefixes, in both languages, with and without a language filter.
var queries = []string{
	"alliance", "security", "cyber", "sécurité", "nations", "défense", "international", "threats",
	"ransomware", "rançonneurs", "pledge", "cybermalveillance", "solidarity", "constructive",
	`"cyber threats"`, `"droit international"`, `"critical infrastructure"`,
	"+china +exchange", "+alliance +security", "cyber -china", "sécurité -alliance",
	"cyber*", "inter*", "secur*", "défens*",
}

var langs = []string{"", "", "en", "fr"}

// maxShedPercent is how many requests in a hundred the server may shed
// (503 with Retry-After) before the run fails. Shedding searches is the
// search gate doing its work when 64 connections share 2 cores (one CI run
// shed 18 of 550 with the machine also running tests); past a fifth, the
// server is not keeping up at all.
const maxShedPercent = 20

type kind int

const (
	kindSearch kind = iota
	kindAPI
	kindReading
	kindPermalink
	kinds
)

var kindNames = [kinds]string{"/search", "/api/search", "reading view", "permalink"}

type paragraphRef struct {
	id  string
	ref string // "3", "preamble", "h2", "n1"
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the archive to load (loopback only: use your own server)")
	conns := flag.Int("c", 64, "concurrent connections")
	dur := flag.Duration("d", 30*time.Second, "how long to run")
	costly := flag.Bool("costly", false, "send the costly query shapes all at once beside a cheap client, and report how each was answered and the server's memory, instead of the mix")
	hostile := flag.Bool("hostile", false, "attack the server as hostile clients would (non-readers of exports and large rows, many large answers at once) while probing /healthz and reading the server's memory, instead of the mix; needs -pid and archivegen -large's statement in the archive")
	pid := flag.Int("pid", 0, "with -hostile: the server's process ID, whose memory is read from /proc")
	nonReaders := flag.Int("non-readers", 1060, "with -hostile: sockets that ask for an export and never read")
	hold := flag.Duration("hold", 30*time.Second, "with -hostile: how long the non-readers are held while a polite client searches")
	ceiling := flag.Int("ceiling-mib", 1024, "with -hostile: the server's memory ceiling in MiB; a peak RSS at or over it fails the run")
	flag.Parse()
	run := run
	if *hostile {
		run = func(base string, _ int, _ time.Duration) error {
			return runHostile(base, hostileOptions{pid: *pid, nonReaders: *nonReaders, hold: *hold, ceiling: uint64(*ceiling) << 20})
		}
	}
	if *costly {
		run = func(base string, _ int, dur time.Duration) error {
			if err := checkLoopback(base); err != nil {
				return err
			}
			return runCostly(&http.Client{Timeout: 30 * time.Second}, base, dur)
		}
	}
	if err := run(*base, *conns, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "archiveload:", err)
		os.Exit(1)
	}
}

// checkLoopback refuses a target that is not on this machine.
func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if h := u.Hostname(); h != "localhost" && h != "::1" && !strings.HasPrefix(h, "127.") {
		return fmt.Errorf("%s is not a loopback address: load only a server of your own on this machine", base)
	}
	return nil
}

func run(base string, conns int, dur time.Duration) error {
	if err := checkLoopback(base); err != nil {
		return err
	}
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns},
	}
	refs, err := discover(client, base)
	if err != nil {
		return err
	}
	fmt.Printf("loading %s with %d connections for %s (%d paragraphs to read, %d queries)\n", base, conns, dur, len(refs), len(queries))

	type sample struct {
		kind    kind
		latency time.Duration
		status  int
		// shed is a 503 with Retry-After: the server's search gate
		// turning work away under load, as it is meant to.
		shed bool
		err  error
	}
	results := make([][]sample, conns)
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for n, i := 0, c; ctx.Err() == nil; n, i = n+1, i+conns {
				k := kind((c + n) % int(kinds))
				target := base + path(k, i, refs)
				t0 := time.Now()
				resp, err := client.Get(target)
				s := sample{kind: k, err: err}
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					s.status = resp.StatusCode
					s.shed = resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != ""
				}
				s.latency = time.Since(t0)
				results[c] = append(results[c], s)
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)

	var all []time.Duration
	perKind := make([][]time.Duration, kinds)
	var failures, server5xx, other, shed int
	var firstFailure string
	for _, rs := range results {
		for _, s := range rs {
			switch {
			case s.err != nil:
				failures++
				if firstFailure == "" {
					firstFailure = s.err.Error()
				}
				continue
			case s.shed:
				shed++
			case s.status >= 500:
				server5xx++
			case s.status != http.StatusOK:
				other++
			}
			all = append(all, s.latency)
			perKind[s.kind] = append(perKind[s.kind], s.latency)
		}
	}
	total := len(all) + failures
	fmt.Printf("\n%-14s %9s %10s %10s %10s\n", "request", "count", "p50", "p99", "max")
	for k := kind(0); k < kinds; k++ {
		printRow(kindNames[k], perKind[k])
	}
	printRow("all", all)
	fmt.Printf("\n%d requests in %s: %.0f requests/s; %d errors, %d 5xx, %d other non-200, %d shed (503 with Retry-After)\n",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), failures, server5xx, other, shed)
	// The server sheds searches it has no room for (its search gate);
	// more than maxShed of all requests means it cannot keep up.
	if shed > total*maxShedPercent/100 {
		return fmt.Errorf("%d of %d requests were shed, over %d%%", shed, total, maxShedPercent)
	}
	if failures+server5xx+other > 0 {
		if firstFailure != "" {
			fmt.Println("first error:", firstFailure)
		}
		return fmt.Errorf("%d of %d requests failed", failures+server5xx+other, total)
	}
	return nil
}

func path(k kind, i int, refs []paragraphRef) string {
	q := queries[i/int(kinds)%len(queries)]
	v := url.Values{"q": {q}}
	if l := langs[i/int(kinds)/len(queries)%len(langs)]; l != "" {
		v.Set("lang", l)
	}
	ref := refs[i*7919%len(refs)]
	switch k {
	case kindSearch:
		return "/search?" + v.Encode()
	case kindAPI:
		return "/api/search?" + v.Encode()
	case kindReading:
		return "/statements/" + ref.id
	default:
		return "/statements/" + ref.id + "/" + ref.ref
	}
}

// discover finds paragraphs to read through the API, as any client would.
func discover(client *http.Client, base string) ([]paragraphRef, error) {
	var refs []paragraphRef
	seen := map[paragraphRef]bool{}
	for _, q := range []string{"alliance", "security", "sécurité", "cyber", "international"} {
		resp, err := client.Get(base + "/api/search?per_page=100&q=" + url.QueryEscape(q))
		if err != nil {
			return nil, fmt.Errorf("is the archive running at %s? %w", base, err)
		}
		var res struct {
			Rows []struct {
				Statement string `json:"statement"`
				Ref       string `json:"ref"`
			} `json:"rows"`
		}
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("/api/search: %w", err)
		}
		for _, h := range res.Rows {
			r := paragraphRef{h.Statement, h.Ref}
			if !seen[r] {
				seen[r] = true
				refs = append(refs, r)
			}
		}
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("the archive at %s found no paragraph for common words: is its index empty?", base)
	}
	return refs, nil
}

func printRow(name string, lat []time.Duration) {
	if len(lat) == 0 {
		fmt.Printf("%-14s %9d\n", name, 0)
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	fmt.Printf("%-14s %9d %10s %10s %10s\n", name, len(lat), round(pct(0.5)), round(pct(0.99)), round(lat[len(lat)-1]))
}

func round(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	default:
		return d.Round(10 * time.Microsecond).String()
	}
}
