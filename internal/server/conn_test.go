package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// testMaxConns is the connection cap of the tests' servers: small, so that
// reaching it takes a handful of connections.
const testMaxConns = 8

// runLimited runs h with opt on 127.0.0.1 and returns its address; the
// server stops when the test ends.
func runLimited(t *testing.T, h http.Handler, opt RunOptions) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	opt.Ready = func(a net.Addr) { addrc <- a }
	go func() { done <- Run(ctx, "127.0.0.1:0", h, slog.New(slog.NewTextHandler(io.Discard, nil)), opt) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run after shutdown = %v", err)
		}
	})
	select {
	case a := <-addrc:
		return a.String()
	case err := <-done:
		t.Fatalf("Run = %v", err)
	}
	return ""
}

// keepAlive is a client connection that sends requests one after another.
type keepAlive struct {
	net.Conn
	r *bufio.Reader
}

func dialKeepAlive(t *testing.T, addr string) *keepAlive {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	// A safety net against a hung test, not a timing assertion.
	_ = c.SetDeadline(time.Now().Add(time.Minute))
	return &keepAlive{Conn: c, r: bufio.NewReader(c)}
}

func (k *keepAlive) send(t *testing.T, path string) {
	t.Helper()
	if _, err := fmt.Fprintf(k, "GET %s HTTP/1.1\r\nHost: archive.test\r\n\r\n", path); err != nil {
		t.Fatalf("send %s: %v", path, err)
	}
}

func (k *keepAlive) status(t *testing.T) int {
	t.Helper()
	resp, err := http.ReadResponse(k.r, nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// At the cap, idle keep-alive connections are closed, oldest first, to
// admit a new client: idle clients cannot lock readers out.
func TestIdleConnectionsMakeRoom(t *testing.T) {
	idle := make(chan struct{}, 4*testMaxConns)
	addr := runLimited(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok\n")
	}), RunOptions{
		MaxConns:    testMaxConns,
		IdleTimeout: time.Hour, // only the cap may close them here
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateIdle {
				idle <- struct{}{}
			}
		},
	})
	var conns []*keepAlive
	for i := range testMaxConns {
		k := dialKeepAlive(t, addr)
		k.send(t, "/")
		if got := k.status(t); got != http.StatusOK {
			t.Fatalf("connection %d: status %d, want 200", i, got)
		}
		<-idle // idle in this order, so conns[0] is the oldest
		conns = append(conns, k)
	}

	late := dialKeepAlive(t, addr)
	late.send(t, "/")
	if got := late.status(t); got != http.StatusOK {
		t.Fatalf("a new client with %d idle connections open: status %d, want 200", testMaxConns, got)
	}
	// The oldest idle connection was closed to make room.
	if _, err := conns[0].r.ReadByte(); !errors.Is(err, io.EOF) {
		t.Errorf("the oldest idle connection: read = %v, want EOF (closed to admit the new client)", err)
	}
	// The others still serve.
	conns[testMaxConns-1].send(t, "/")
	if got := conns[testMaxConns-1].status(t); got != http.StatusOK {
		t.Errorf("the newest idle connection: status %d, want 200", got)
	}
}

// At the cap with every connection busy, a new client waits for one to
// finish, and is then answered.
func TestBusyConnectionsMakeNewOnesWait(t *testing.T) {
	entered := make(chan struct{}, testMaxConns)
	release := make(chan struct{})
	served := make(chan struct{}, 1)
	waiting := make(chan struct{}, 1)
	addr := runLimited(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/busy" {
			entered <- struct{}{}
			<-release
		} else {
			served <- struct{}{}
		}
		_, _ = io.WriteString(w, "ok\n")
	}), RunOptions{
		MaxConns:   testMaxConns,
		ProbeConns: -1, // TestProbesPassAFullServer has them
		waiting:    func() { waiting <- struct{}{} },
	})
	defer func() {
		close(release)
	}()

	busy := make([]*keepAlive, testMaxConns)
	for i := range busy {
		busy[i] = dialKeepAlive(t, addr)
		busy[i].send(t, "/busy")
		<-entered
	}
	late := dialKeepAlive(t, addr) // the kernel's backlog takes it
	late.send(t, "/")
	select {
	case <-waiting:
	case <-served:
		t.Fatalf("a client beyond the cap of %d busy connections was served at once", testMaxConns)
	}

	release <- struct{}{} // one busy request ends; its connection goes idle
	if got := late.status(t); got != http.StatusOK {
		t.Fatalf("the waiting client: status %d, want 200", got)
	}
}

// At the cap with no connection idle, one that has been trickling its
// request headers for more than SlowHeaderGrace is closed to admit a new
// client, oldest first; within the grace, the new client waits.
func TestSlowHeadersMakeRoom(t *testing.T) {
	var clock atomic.Int64 // the limiter's clock, in nanoseconds
	fresh := make(chan struct{}, testMaxConns+1)
	waiting := make(chan struct{}, 1)
	addr := runLimited(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok\n")
	}), RunOptions{
		MaxConns:   testMaxConns,
		ProbeConns: -1, // TestProbesPassAFullServer has them
		// Only the cap may close these connections in this test.
		ReadHeaderTimeout: time.Hour,
		now:               func() time.Time { return time.Unix(0, clock.Load()) },
		waiting:           func() { waiting <- struct{}{} },
		ConnState: func(_ net.Conn, state http.ConnState) {
			if state == http.StateNew {
				fresh <- struct{}{}
			}
		},
	})
	slow := make([]*keepAlive, testMaxConns)
	for i := range slow {
		slow[i] = dialKeepAlive(t, addr)
		if _, err := io.WriteString(slow[i], "GET / HTTP/1.1\r\nHost: archive.test\r\n"); err != nil {
			t.Fatal(err)
		}
		<-fresh
		clock.Add(int64(time.Millisecond)) // each came a little after the one before
	}
	late := dialKeepAlive(t, addr)
	late.send(t, "/")
	<-waiting // within the grace: the late client waits
	clock.Add(int64(2 * SlowHeaderGrace))
	if got := late.status(t); got != http.StatusOK {
		t.Fatalf("the late client: status %d, want 200", got)
	}
	if _, err := slow[0].r.ReadByte(); err == nil {
		t.Error("the slowest connection was not the one closed")
	}
}
