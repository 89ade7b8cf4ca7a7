package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// costlyQueries are the request shapes that once held both cores and a
// gigabyte each: the archive must answer each within a few seconds, with
// results, a 400 that names a limit, or a 503 that says when to come back.
func costlyQueries() []struct{ name, query string } {
	twoLetter := "co* dé* de* me* pr* re* ca* pa* ma* in* al* na* se* su* di* fo* po* ac* ad* ap* ar* as* at* be* bo* br* ch* ci* cl* cr* cu* da*"
	common := "cyber security alliance defence nato member states allies support continue international partners threats cooperation capabilities political stability russia ukraine commitment operations forces military strategic deterrence collective peace region council ministers summit"
	return []struct{ name, query string }{
		{"32 two-letter prefixes", "q=" + url.QueryEscape(twoLetter)},
		{"phrase of 165 words", "q=" + url.QueryEscape(`"`+strings.TrimSpace(strings.Repeat("cyber ", 165))+`"`)},
		{"32 words, page 100 of 100", "q=" + url.QueryEscape(common) + "&page=100&per_page=100"},
		{"one two-letter prefix", "q=" + url.QueryEscape("co*")},
		{"phrase of 16 words", "q=" + url.QueryEscape(`"`+strings.TrimSpace(strings.Repeat("cyber ", 16))+`"`)},
		{"32 common words", "q=" + url.QueryEscape(common)},
	}
}

// runCostly sends every costly query at once, each from its own client in
// a loop, while one more client sends cheap requests one after another,
// and samples the server's resident memory from /metrics. It reports how
// each was answered and fails if any request failed or got a 5xx other
// than 503.
func runCostly(client *http.Client, base string, dur time.Duration) error {
	idle, err := residentBytes(client, base)
	if err != nil {
		return err
	}
	costly := costlyQueries()
	fmt.Printf("%d costly queries at once against %s for %s, one cheap client beside them; server RSS idle %s\n",
		len(costly), base, dur, mib(idle))

	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	type answer struct {
		status  int
		latency time.Duration
		err     error
	}
	answers := make([][]answer, len(costly)+2)
	get := func(target string) answer {
		t0 := time.Now()
		resp, err := client.Get(target)
		a := answer{err: err}
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			a.status = resp.StatusCode
		}
		a.latency = time.Since(t0)
		return a
	}
	var wg sync.WaitGroup
	for i, q := range costly {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				answers[i] = append(answers[i], get(base+"/api/search?"+q.query))
			}
		}()
	}
	cheap := []string{"/api/search?q=ransomware", "/statements/2021-07-19-nac-cyber-solidarity/1"}
	for j, path := range cheap {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				answers[len(costly)+j] = append(answers[len(costly)+j], get(base+path))
			}
		}()
	}
	peak := idle
	for ctx.Err() == nil {
		if rss, err := residentBytes(client, base); err == nil {
			peak = max(peak, rss)
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	wg.Wait()

	fmt.Printf("\n%-28s %7s %-22s %10s %10s\n", "request", "answers", "statuses", "p50", "max")
	bad := 0
	for i, as := range answers {
		name := "cheap: " + strings.SplitN(cheap[max(0, i-len(costly))], "?", 2)[0]
		if i < len(costly) {
			name = costly[i].name
		}
		statuses := map[int]int{}
		var lat []time.Duration
		for _, a := range as {
			if a.err != nil || (a.status >= 500 && a.status != http.StatusServiceUnavailable) || (i >= len(costly) && a.status != http.StatusOK) {
				bad++
			}
			statuses[a.status]++
			lat = append(lat, a.latency)
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		var codes []string
		for _, c := range sortedKeys(statuses) {
			codes = append(codes, fmt.Sprintf("%d×%d", c, statuses[c]))
		}
		if len(lat) == 0 {
			fmt.Printf("%-28s %7d\n", name, 0)
			continue
		}
		fmt.Printf("%-28s %7d %-22s %10s %10s\n", name, len(as), strings.Join(codes, " "), round(lat[len(lat)/2]), round(lat[len(lat)-1]))
	}
	fmt.Printf("\nserver RSS: idle %s, peak %s (+%s)\n", mib(idle), mib(peak), mib(peak-idle))
	if bad > 0 {
		return fmt.Errorf("%d requests failed, got a 5xx other than 503, or (cheap ones) were not answered 200", bad)
	}
	return nil
}

// residentBytes reads the server's resident memory from its /metrics.
func residentBytes(client *http.Client, base string) (uint64, error) {
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return uint64(f), err
		}
	}
	return 0, fmt.Errorf("%s/metrics has no process_resident_memory_bytes", base)
}

func mib(b uint64) string { return fmt.Sprintf("%d MiB", b>>20) }

func sortedKeys(m map[int]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}
