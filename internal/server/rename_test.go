package server

import (
	"net/http"
	"testing"
)

// Every address of a renamed statement under its former identifier (an
// alias) answers a permanent redirect to the same address under its
// identifier now, the query kept; an identifier that is neither is 404.
func TestRenamedStatementsRedirect(t *testing.T) {
	files := corpus(t)
	files["2021-01-01-press.txt"] = "---\ntitle: {en: Press statement}\ndate: 2021-01-01\naliases: [press, press-old]\n---\n[en]\n1. The Council met.\n2. It agreed.\n"
	h := handlerFor(t, files)
	tests := []struct{ path, want string }{
		{"/statements/press", "/statements/2021-01-01-press"},
		{"/statements/press-old/2?lang=en", "/statements/2021-01-01-press/2?lang=en"},
		{"/api/statements/press", "/api/statements/2021-01-01-press"},
		{"/api/statements/press/1", "/api/statements/2021-01-01-press/1"},
		{"/api/statements/press/1/cite?format=bibtex", "/api/statements/2021-01-01-press/1/cite?format=bibtex"},
	}
	for _, tt := range tests {
		rec := get(t, h, tt.path)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != tt.want {
			t.Errorf("GET %s = %d, Location %q; want 301 to %s", tt.path, rec.Code, rec.Header().Get("Location"), tt.want)
		}
		if next := get(t, h, tt.want); next.Code != http.StatusOK {
			t.Errorf("GET %s (the redirect's target) = %d, want 200", tt.want, next.Code)
		}
	}
	for _, path := range []string{"/statements/pressed", "/api/statements/unknown/1"} {
		if rec := get(t, h, path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, rec.Code)
		}
	}
}
