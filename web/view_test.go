package web

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/statement"
)

func TestPages(t *testing.T) {
	tests := []struct {
		name           string
		current, total int
		want           []int
	}{
		{"one page", 1, 1, nil},
		{"few pages", 2, 4, []int{1, 2, 3, 4}},
		{"gap after", 1, 10, []int{1, 2, 3, 0, 10}},
		{"gaps both sides", 6, 12, []int{1, 0, 4, 5, 6, 7, 8, 0, 12}},
		{"gap before", 12, 12, []int{1, 0, 10, 11, 12}},
	}
	for _, tt := range tests {
		if got := Pages(tt.current, tt.total); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Pages(%d, %d) = %v, want %v", tt.name, tt.current, tt.total, got, tt.want)
		}
	}
}

func TestCitation(t *testing.T) {
	st := &statement.Statement{
		ID: "2024-07-10-summit_x", Title: map[string]string{"en": "Summit {Declaration} & 100% $ #1"},
		Date: time.Date(2024, 7, 10, 0, 0, 0, 0, time.UTC), Issuer: "Heads of State", Reference: map[string]string{"": "(2024) 001"},
		Languages: []string{"en"},
	}
	url := "https://archive.example.org/statements/2024-07-10-summit_x/3"
	if got, want := Citation(st, statement.Ref{Key: 3}, "en", url), "Heads of State, “Summit {Declaration} & 100% $ #1”, (2024) 001, 10 July 2024, para. 3, "+url+"."; got != want {
		t.Errorf("Citation = %q\nwant %q", got, want)
	}
	bib := BibTeX(st, statement.Ref{Key: 3}, "en", url)
	for _, want := range []string{"@misc{2024-07-10-summit-x-para3,", `title = {Summit \{Declaration\} \& 100\% \$ \#1}`, "author = {{Heads of State}}", "year = {2024}", "month = {jul}", "note = {para. 3}", "url = {" + url + "}"} {
		if !strings.Contains(bib, want) {
			t.Errorf("BibTeX lacks %q:\n%s", want, bib)
		}
	}
	undated := &statement.Statement{ID: "raw", Languages: []string{"en"}}
	if got, want := Citation(undated, statement.Ref{Key: 1}, "en", "u"), "“raw”, para. 1, u."; got != want {
		t.Errorf("Citation of an undated, untitled statement = %q, want %q", got, want)
	}
}

func TestStaticPaths(t *testing.T) {
	for _, name := range []string{"style.css", "copy.js"} {
		p := StaticPath(name)
		body, ctype, ok := Asset(strings.TrimPrefix(p, StaticPrefix))
		if !ok || len(body) == 0 || ctype == "" {
			t.Errorf("%s served at %s: ok=%v type=%q", name, p, ok, ctype)
		}
	}
	if _, _, ok := Asset("style.css"); ok {
		t.Errorf("an unhashed name is served; it could be cached stale")
	}
}
