package web

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// A result names at most search.MaxStatementList statements; the page
// says how many more match and how to reach them.
func TestStatementHitsPastTheList(t *testing.T) {
	hit := func(i int) search.StatementHit {
		id := fmt.Sprintf("2024-01-01-s%d", i)
		return search.StatementHit{Statement: &statement.Statement{ID: id, Title: map[string]string{"en": "Statement " + id}, Languages: []string{"en"}}}
	}
	tests := []struct {
		name      string
		total     int
		wantLinks int
		wantNote  string
	}{
		{"every one named", 7, 7, ""},
		{"past the list", 150, search.MaxStatementList, "50 more statements match past the first 100: add a word or a filter to narrow the search."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &search.Result{Request: search.Request{Query: "statement"}, StatementTotal: tt.total}
			for i := range min(tt.total, search.MaxStatementList) {
				if i < search.MaxStatementHits {
					res.Statements = append(res.Statements, hit(i))
				} else {
					res.OtherStatements = append(res.OtherStatements, hit(i))
				}
			}
			var buf bytes.Buffer
			if err := StatementHits(SearchPage{Request: res.Request, Result: res}).Render(context.Background(), &buf); err != nil {
				t.Fatal(err)
			}
			doc, err := goquery.NewDocumentFromReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if n := doc.Find(`a[href^="/statements/"]`).Length(); n != tt.wantLinks {
				t.Errorf("%d statement links, want %d", n, tt.wantLinks)
			}
			if got := strings.Join(strings.Fields(doc.Find("p.muted").Text()), " "); got != tt.wantNote {
				t.Errorf("note %q, want %q", got, tt.wantNote)
			}
		})
	}
}

// The languages the rows match in are those of the language facet with
// rows, among those filtered on.
func TestMatchedLanguages(t *testing.T) {
	facet := []search.FacetCount{{Value: "en", Count: 0}, {Value: "fr", Count: 9}, {Value: "de", Count: 2}}
	tests := []struct {
		name  string
		langs []string
		total int
		want  []string
	}{
		{"no filter", nil, 11, []string{"French", "German"}},
		{"filtered on French", []string{"fr"}, 9, []string{"French"}},
		{"no rows", []string{"en"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := SearchPage{Request: search.Request{Query: "terorism", Langs: tt.langs}, Result: &search.Result{Total: tt.total, Facets: search.Facets{Lang: facet}}}
			if got := MatchedLanguages(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("MatchedLanguages = %q, want %q", got, tt.want)
			}
		})
	}
}
