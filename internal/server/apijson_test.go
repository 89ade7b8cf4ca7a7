package server

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestAPISearchPretty checks that /api/search answers compact JSON, and
// with ?pretty=1 the same JSON indented.
func TestAPISearchPretty(t *testing.T) {
	srv := newTestServer(t)
	for _, q := range []string{"ransomware", "nothingmatchesthis"} {
		compact := get(t, srv, "/api/search?q="+q).Body.Bytes()
		pretty := get(t, srv, "/api/search?q="+q+"&pretty=1").Body.Bytes()
		if !json.Valid(compact) {
			t.Fatalf("%s: the compact answer is not JSON:\n%s", q, compact)
		}
		if bytes.Contains(compact, []byte("\n  ")) {
			t.Errorf("%s: the default answer is indented:\n%.300s", q, compact)
		}
		if !bytes.Contains(pretty, []byte("\n  \"query\": ")) {
			t.Errorf("%s: ?pretty=1 is not indented:\n%.300s", q, pretty)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := bytes.TrimSpace(pretty); !bytes.Equal(got, bytes.TrimSpace(want.Bytes())) {
			t.Errorf("%s: ?pretty=1 = %.300s, want the compact answer indented: %.300s", q, got, want.Bytes())
		}
	}
}
