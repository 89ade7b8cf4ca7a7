package server

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"statementarchive/internal/index/indextest"
)

// Every kind of bad input gets a 400 or 404 with a message (or the
// documented clamp, a 200), and the server keeps answering.
func TestBadInput(t *testing.T) {
	h := newTestServer(t)
	long := strings.Repeat("cyber ", 100<<10/6)
	longID := strings.Repeat("a", 1000)
	q := url.QueryEscape
	type tc struct {
		name   string
		path   string
		status int
	}
	var tests []tc
	// The search routes take the same parameters.
	for _, route := range []string{"/search", "/api/search"} {
		add := func(name, query string, status int) {
			tests = append(tests, tc{route + " " + name, route + "?" + query, status})
		}
		if route == "/search" {
			add("empty query: the search form", "q=", 200)
		} else {
			add("empty query", "q=", 400)
		}
		add("100 KB query", "q="+q(long), 400)
		add("unbalanced quote", "q="+q(`"cyber defence`), 400)
		add("unbalanced parentheses: text", "q="+q("(cyber defence"), 200)
		add("field syntax", "q="+q("text_en:cyber"), 400)
		add("_all field", "q="+q("_all:cyber"), 400)
		add("regexp delimiters: text", "q="+q("/ransomware/"), 200)
		add("regexp with a wildcard", "q="+q("/ransom.*/"), 400)
		add("fuzzy: ignored", "q="+q("ransomwre~2"), 200)
		add("boost: ignored", "q="+q("cyber^10"), 200)
		add("star alone", "q=*", 400)
		add("one-letter prefix", "q="+q("a*"), 400)
		add("two-letter prefix", "q="+q("co*"), 200)
		add("invalid UTF-8", "q=%ff%fe", 400)
		add("control characters: spaces", "q="+q("\x00\x01ransomware\x7f"), 200)
		add("RTL override", "q="+q("\u202eransomware"), 200)
		add("page 0", "q=cyber&page=0", 400)
		add("page -1", "q=cyber&page=-1", 400)
		add("huge page", "q=cyber&page=99999999999", 400)
		add("page not a number", "q=cyber&page=two", 400)
		add("page overflowing int", "q=cyber&page=999999999999999999999999", 400)
		add("per_page 0", "q=cyber&per_page=0", 400)
		add("per_page over the bound", "q=cyber&per_page=101", 400)
		add("per_page huge", "q=cyber&per_page=100000000", 400)
		add("unknown language", "q=cyber&lang=xx", 400)
		add("language no statement has", "q=cyber&lang=de", 400)
		add("repeated language", "q=cyber&lang=en&lang=en&lang=en,en", 200)
		add("unknown sort", "q=cyber&sort=random", 400)
		add("bad date", "q=cyber&from=yesterday", 400)
		add("dates reversed", "q=cyber&from=2024-01-01&to=2020-01-01", 400)
	}
	for _, id := range []string{"..", "%2e%2e", "a%2Fb", "UPPER", longID, "%00", "a.b", "-x"} {
		tests = append(tests,
			tc{"statement id " + clip(id), "/statements/" + id, 404},
			tc{"api statement id " + clip(id), "/api/statements/" + id, 404},
			tc{"paragraph of id " + clip(id), "/statements/" + id + "/1", 404},
		)
	}
	for _, n := range []string{"0", "-1", "5", "00", "+1", "1.0", "99999999999999999999", "1e3", "%31"} {
		tests = append(tests, tc{"paragraph " + n, "/statements/" + seedID + "/" + n, 404})
	}
	tests = append(tests,
		tc{"slashes", "/statements/a/b/c", 404},
		tc{"dot segments", "/statements/../statements", 404},
		tc{"unknown left language", "/statements/" + seedID + "?left=xx", 400},
		tc{"unknown right language", "/statements/" + seedID + "?right=" + q("<b>"), 400},
		tc{"permalink in an unknown language", "/statements/" + seedID + "/1?lang=xx", 400},
		tc{"year not a number", "/statements?year=" + q("2021'"), 400},
		tc{"year with no statement", "/statements?year=1800", 200},
	)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("GET %.120s = %d, want %d\n%.400s", tt.path, rec.Code, tt.status, rec.Body.String())
			}
			if tt.status == 200 {
				return
			}
			if strings.HasPrefix(tt.path, "/api/") {
				var body map[string]string
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body["error"]) < 10 {
					t.Errorf("JSON error body = %.300s", rec.Body.String())
				}
				return
			}
			if msg := text(parse(t, rec).Find("main [role=alert]")); len(msg) < 10 {
				t.Errorf("error page message = %q", msg)
			}
		})
	}
	if rec := get(t, h, "/search?q=ransomware"); rec.Code != 200 {
		t.Errorf("after the bad input, a good search = %d", rec.Code)
	}
}

// A crafted query with a right-to-left override cannot reorder the page's
// own words: it is isolated in the page and stripped from the title.
func TestQueryBidiIsolated(t *testing.T) {
	doc := parse(t, get(t, newTestServer(t), "/search?q="+url.QueryEscape("\u202eransomware")))
	if title := doc.Find("title").Text(); strings.ContainsRune(title, '\u202e') {
		t.Errorf("title %q holds the override", title)
	}
	if got := doc.Find("main [role=status] bdi").First().Text(); got != "\u202eransomware" {
		t.Errorf("query echoed as %q, want it inside <bdi>", got)
	}
}

// The server as run: a query far over the search's limit gets the
// archive's 400 page, not a bare 431; a client that never finishes its
// headers is cut off; shutdown is graceful (runLimited checks Run's
// return when the test ends).
func TestRunLimits(t *testing.T) {
	idx := indextest.Build(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	h := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()

	t.Run("100 KB query", func(t *testing.T) {
		// Only the size of the request line is under test here. A short
		// header timeout would race the 100 KB write, and on a busy machine
		// cut the request off halfway (broken pipe, connection reset).
		addr := runLimited(t, h, RunOptions{ReadHeaderTimeout: time.Hour})
		resp, err := http.Get("http://" + addr + "/search?q=" + strings.Repeat("x", 100<<10))
		if err != nil {
			t.Fatalf("GET a 100 KB query: %.300v", err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(body), "the limit is 1000") {
			t.Errorf("100 KB query = %d, want the 400 page saying the limit", resp.StatusCode)
		}
	})

	t.Run("unfinished headers", func(t *testing.T) {
		// Short, so that the test is quick: a busy machine can only make the
		// cut-off come later, which the read below waits for.
		addr := runLimited(t, h, RunOptions{ReadHeaderTimeout: 200 * time.Millisecond})
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// Should this goroutine be held up past the timeout, the server has
		// already cut the connection off; the read below then ends at once.
		if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: slow\r\n")); err != nil && !errors.Is(err, syscall.EPIPE) && !errors.Is(err, syscall.ECONNRESET) {
			t.Fatal(err)
		}
		// The server must give up on the unfinished headers and close: the
		// read ends (EOF or a 408) rather than hanging until this deadline,
		// a safety net, not a timing assertion.
		_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		line, err := bufio.NewReader(conn).ReadString('\n')
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("a client that never finished its headers was not cut off")
		} else if line != "" && !strings.Contains(line, "408") {
			t.Errorf("slow client got %q, want the connection closed or a 408", line)
		}
	})
}
