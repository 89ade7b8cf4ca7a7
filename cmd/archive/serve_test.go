package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/server/servertest"
	"statementarchive/internal/statement"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the
// test, which it tells of each write.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{}
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.written != nil {
		select {
		case b.written <- struct{}{}:
		default:
		}
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// An explicit -index that is missing is refused: a deployment whose volume
// failed to mount must not quietly serve the bundled statements.
func TestServeRefusesMissingExplicitIndex(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "not-mounted")
	for _, env := range []map[string]string{nil, {"ARCHIVE_INDEX": missing}} {
		args := []string{"serve", "-addr", "127.0.0.1:0"}
		if env == nil {
			args = append(args, "-index", missing)
		}
		_, _, err := runArchive(t, env, args...)
		if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "archive ingest -index "+missing) {
			t.Errorf("serve with a missing explicit index (env %v) = %v, want a refusal naming the path and the command", env, err)
		}
	}
}

// With no index at the default path, serve builds it from the bundled
// statements and serves them; it stops cleanly when asked to.
func TestServeDefaultIndex(t *testing.T) {
	t.Chdir(t.TempDir())
	stderr := syncBuffer{written: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	env := &environment{stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() { done <- run(ctx, env, []string{"serve", "-addr", "127.0.0.1:0"}) }()

	// Wait for serve to log where it listens, reading its log at each write.
	listening := regexp.MustCompile(`msg=listening addr=(\S+)`)
	var addr string
	safety := time.After(30 * time.Second) // a safety net, not a timing assertion
	for addr == "" {
		select {
		case <-stderr.written:
			if m := listening.FindStringSubmatch(stderr.String()); m != nil {
				addr = m[1]
			}
		case err := <-done:
			t.Fatalf("serve stopped early: %v\n%s", err, stderr.String())
		case <-safety:
			cancel()
			t.Fatalf("serve never said where it listens:\n%s", stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "building the index") {
		t.Errorf("serve did not say it built the default index:\n%s", stderr.String())
	}
	resp, err := http.Get("http://" + addr + "/search?q=ransomware")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `/statements/2021-07-19-nac-cyber-solidarity/1?lang=en`) {
		t.Errorf("GET /search?q=ransomware = %d, without the seed's ¶1", resp.StatusCode)
	}
	// Without -base-url on loopback, the public URL is the listening
	// address, whatever host a request names.
	_, port, _ := net.SplitHostPort(addr)
	public := "http://localhost:" + port
	if !strings.Contains(stderr.String(), "url="+public) {
		t.Errorf("serve did not log its public URL %s:\n%s", public, stderr.String())
	}
	permalink := "/statements/2021-07-19-nac-cyber-solidarity/1"
	for _, tc := range []struct{ name, target, host string }{
		{"Host header", permalink, "evil.example"},
		{"absolute request URI", "http://evil.example" + permalink, "evil.example"},
	} {
		head, body := servertest.RawGet(t, addr, tc.target, tc.host)
		if !strings.HasPrefix(head, "HTTP/1.1 200") {
			t.Errorf("%s: GET %s = %q, want 200", tc.name, tc.target, strings.SplitN(head, "\r\n", 2)[0])
		}
		if strings.Contains(head+body, "evil.example") {
			t.Errorf("%s: the answer carries evil.example", tc.name)
		}
		if !strings.Contains(body, `<link rel="canonical" href="`+public+permalink+`"`) {
			t.Errorf("%s: no canonical link to %s", tc.name, public+permalink)
		}
	}
	// health's own 3 s bound is for a container's check, not under test
	// here: a busy machine may take longer to answer.
	if out, _, err := runArchive(t, nil, "health", "-addr", addr, "-timeout", "1m"); err != nil || strings.TrimSpace(out) != "ready" {
		t.Errorf("health against the running server = %v, %q; want ready", err, out)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after shutdown = %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if !strings.Contains(stderr.String(), "msg=request method=GET path=/search") {
		t.Errorf("no access log line for the request:\n%s", stderr.String())
	}
}

// Beyond loopback, serve needs the public URL: it refuses to start without
// one, or with one that is not an absolute http(s) URL, before it builds
// anything.
func TestServeRequiresBaseURLBeyondLoopback(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"all interfaces", []string{"-addr", ":0"}, nil, []string{"-base-url", "https://archive.example.org", "localhost"}},
		{"unspecified IPv4", []string{"-addr", "0.0.0.0:0"}, nil, []string{"-base-url", "localhost"}},
		{"unspecified IPv6", []string{"-addr", "[::]:0"}, nil, []string{"-base-url", "localhost"}},
		{"a public address", []string{"-addr", "192.0.2.1:8080"}, nil, []string{"-base-url"}},
		{"addr from the environment", nil, map[string]string{"ARCHIVE_ADDR": ":0"}, []string{"-base-url"}},
		{"base URL without a scheme", []string{"-addr", ":0", "-base-url", "archive.example.org"}, nil, []string{"-base-url", "https://"}},
		{"base URL with a query", []string{"-addr", "127.0.0.1:0", "-base-url", "https://archive.example.org/?x=1"}, nil, []string{"-base-url", "query"}},
		{"base URL from the environment", []string{"-addr", ":0"}, map[string]string{"ARCHIVE_BASE_URL": "ftp://archive.example.org"}, []string{"-base-url", "https://"}},
		{"addr without a port", []string{"-addr", "localhost"}, nil, []string{"-addr", "localhost:8080"}},
		{"no connections", []string{"-addr", "localhost:0", "-max-conns", "0"}, nil, []string{"-max-conns", "at least 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			_, errOut, err := runArchive(t, tt.env, append([]string{"serve"}, tt.args...)...)
			if !errors.Is(err, errUsage) {
				t.Fatalf("serve %v = %v, want a usage error; stderr:\n%s", tt.args, err, errOut)
			}
			for _, want := range tt.want {
				if !strings.Contains(errOut, want) {
					t.Errorf("serve %v says %q, want it to mention %q", tt.args, errOut, want)
				}
			}
			if _, err := os.Stat(defaultIndex); err == nil {
				t.Errorf("serve %v built the index before refusing", tt.args)
			}
		})
	}
}

func TestLoopbackURL(t *testing.T) {
	tests := []struct {
		name    string
		addr    string
		want    string
		wantErr bool
	}{
		{"IPv4 loopback", "127.0.0.1:8080", "http://localhost:8080", false},
		{"IPv6 loopback", "[::1]:8080", "http://localhost:8080", false},
		{"other loopback address", "127.0.0.2:8080", "http://127.0.0.2:8080", false},
		{"not loopback", "192.0.2.1:8080", "", true},
		{"unspecified", "0.0.0.0:8080", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := net.ResolveTCPAddr("tcp", tt.addr)
			if err != nil {
				t.Fatal(err)
			}
			got, err := loopbackURL(a)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("loopbackURL(%s) = %q, %v; want %q (error: %v)", tt.addr, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestHealthWithoutServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, _, err = runArchive(t, nil, "health", "-addr", addr)
	if err == nil || !strings.Contains(err.Error(), "not healthy") {
		t.Errorf("health with no server = %v, want not healthy", err)
	}
}

// What serve does with each kind of broken index: only the default path is
// built, and only when missing or from an older mapping; everything else
// is refused with the path and the command that rebuilds it.
func TestServeIndexFaults(t *testing.T) {
	seedDir := filepath.Join(indextest.ModuleRoot(), "statements")
	build := func(t *testing.T) string {
		root := filepath.Join(t.TempDir(), "idx")
		if _, errOut, err := runArchive(t, nil, "ingest", "-index", root, seedDir); err != nil {
			t.Fatalf("ingest: %v\n%s", err, errOut)
		}
		return root
	}
	corrupt := func(t *testing.T, root string) {
		if err := os.WriteFile(filepath.Join(indextest.FirstShard(t, root), "index_meta.json"), []byte("{torn"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stale := func(t *testing.T, root string) {
		b, err := bleve.Open(indextest.FirstShard(t, root))
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if err := b.SetInternal([]byte("archive/mapping-version"), []byte("0")); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		explicit bool
		breakIt  func(*testing.T, string)
		want     string // "" means served after a rebuild
	}{
		{"explicit, corrupt", true, corrupt, "the index is unreadable"},
		{"default, corrupt", false, corrupt, "the index is unreadable"},
		{"explicit, older mapping", true, stale, "built with mapping version 0"},
		{"default, older mapping", false, stale, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := build(t)
			tt.breakIt(t, root)
			var stderr bytes.Buffer
			env := &environment{stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
			log := slog.New(slog.NewTextHandler(&stderr, nil))
			idx, err := openOrBuild(context.Background(), env, log, root, tt.explicit, "")
			if tt.want == "" {
				if err != nil {
					t.Fatalf("openOrBuild = %v, want the default index rebuilt", err)
				}
				defer idx.Close()
				if _, err := idx.Paragraph("2021-07-19-nac-cyber-solidarity", statement.Ref{Key: 1}); err != nil {
					t.Errorf("rebuilt index: %v", err)
				}
				if !strings.Contains(stderr.String(), "building the index") {
					t.Errorf("no word of the rebuild:\n%s", stderr.String())
				}
				return
			}
			if err == nil {
				idx.Close()
				t.Fatalf("openOrBuild served a broken index")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "archive ingest -index "+root) {
				t.Errorf("openOrBuild = %v, want %q and the command that rebuilds it", err, tt.want)
			}
		})
	}
}

// A reload that keeps failing is logged once per distinct error, not every
// interval, and the recovery is logged at INFO.
func TestWatchLogsFailuresOnce(t *testing.T) {
	seedDir := filepath.Join(indextest.ModuleRoot(), "statements")
	root := filepath.Join(t.TempDir(), "idx")
	ingest := func() {
		t.Helper()
		if _, errOut, err := runArchive(t, nil, "ingest", "-index", root, seedDir); err != nil {
			t.Fatalf("ingest: %v\n%s", err, errOut)
		}
	}
	breakCurrent := func(meta string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(indextest.FirstShard(t, root), "index_meta.json"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ingest()
	live, err := index.OpenLive(root)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()

	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	poke := make(chan os.Signal) // unbuffered: a send returns once the watcher is back waiting
	done := make(chan struct{})
	go func() {
		watchIndex(ctx, log, live, root, time.Hour, poke)
		close(done)
	}()
	defer func() { cancel(); <-done }()
	// reload makes the watcher reload n times; when it returns, every
	// reload but the last has finished, and the last is one more of the same.
	reload := func(n int) {
		for range n + 1 {
			poke <- syscall.SIGHUP
		}
	}
	count := func(level string) int { return strings.Count(logs.String(), "level="+level+" ") }

	steps := []struct {
		name       string
		change     func()
		wantErrors int // ERROR lines so far
		wantInfos  int // INFO lines so far
	}{
		{"nothing changed", func() {}, 0, 0},
		{"a torn generation", func() { ingest(); breakCurrent("{torn") }, 1, 0},
		{"the same fault, many intervals", func() {}, 1, 0},
		{"another fault", func() { ingest(); breakCurrent(`{"storage":"nosuchstore"}`) }, 2, 0},
		{"repaired by a new ingest", ingest, 2, 1},
		{"healthy again", func() {}, 2, 1},
	}
	for _, st := range steps {
		st.change()
		reload(5)
		if got := count("ERROR"); got != st.wantErrors {
			t.Errorf("after %q: %d ERROR lines, want %d:\n%s", st.name, got, st.wantErrors, logs.String())
		}
		if got := count("INFO"); got != st.wantInfos {
			t.Errorf("after %q: %d INFO lines, want %d:\n%s", st.name, got, st.wantInfos, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "switched to the new index") {
		t.Errorf("the recovery was not logged:\n%s", logs.String())
	}
}
