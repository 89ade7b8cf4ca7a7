package web

import (
	"testing"

	"statementarchive/internal/cite"
	"statementarchive/internal/statement"
)

func TestCitationPermalink(t *testing.T) {
	st := &statement.Statement{ID: "s", Title: map[string]string{"en": "T", "fr": "T fr"}, Languages: []string{"en", "fr", "de"}}
	row := statement.Paragraph{Key: 2, Text: map[string]string{"fr": "deux", "de": "zwei"}}
	const p = "https://archive.example.org/statements/s/2"
	tests := []struct {
		name, lang, want string
	}{
		{"the language the permalink shows first", "fr", p},
		{"another language", "de", p + "?lang=de"},
		{"none", "", p},
	}
	for _, tt := range tests {
		if got := CitationPermalink(p, st, row, tt.lang); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCitePath(t *testing.T) {
	if got, want := CitePath("s_1", statement.Ref{Kind: statement.Footnote, Key: 1}, cite.RIS, "fr", 0), "/api/statements/s_1/n1/cite?format=ris&lang=fr"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := CitePath("s_1", statement.Ref{Key: 3}, cite.APA, "en", 2), "/api/statements/s_1/3/cite?format=apa&lang=en&version=2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCitationNote(t *testing.T) {
	st := &statement.Statement{ID: "s", Title: map[string]string{"en": "T"}, Languages: []string{"en", "fr", "ru"}}
	tests := []struct{ lang, want string }{
		{"en", "The citations are written for the English text: the English title, with English dates and words."},
		{"fr", "The citations are written for the French text: the English title (the statement has none in French), with French dates and words."},
		{"ru", "The citations are written for the Russian text: the English title (the statement has none in Russian), with English dates and words (the archive has no citation words in Russian yet)."},
	}
	for _, tt := range tests {
		if got := CitationNote(st, tt.lang); got != tt.want {
			t.Errorf("%s: got %q\nwant %q", tt.lang, got, tt.want)
		}
	}
}
