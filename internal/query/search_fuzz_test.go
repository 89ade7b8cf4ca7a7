package query_test

import (
	"context"
	"errors"
	"testing"

	"statementarchive/internal/fault"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// FuzzSearch checks that no query makes a search panic or fail with
// anything but a fault.Invalid error the user can act on. Its seed corpus is in
// testdata/fuzz/FuzzSearch.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"ransomware", `"Cyber Defence Pledge"`, "+china -exchange", "cyber*", `"unclosed`, "a:b", "*", "sécurité~2^3"} {
		f.Add(q)
	}
	s := query.New(indextest.Build(f, corpus(f)), nil)
	f.Fuzz(func(t *testing.T, q string) {
		res, err := s.Search(context.Background(), search.Request{Query: q})
		if err != nil {
			var se *fault.Error
			if !errors.As(err, &se) || se.Msg == "" || se.Kind != fault.Invalid {
				t.Fatalf("Search(%q) = %v, want a fault.Invalid error", q, err)
			}
			return
		}
		if res.Total < len(res.Rows) {
			t.Fatalf("Search(%q): total %d below %d rows", q, res.Total, len(res.Rows))
		}
	})
}
