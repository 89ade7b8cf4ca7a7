package query

import (
	"html"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

// analyzerFor returns the archive's analyzer for lang, as an index has it.
func analyzerFor(t *testing.T, lang string) analysis.Analyzer {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(index.AnalyzerName(lang))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		name, lang, query, text, want string
	}{
		{"a word", "en", "ransomware", "Ransomware incidents rose.", "<mark>Ransomware</mark> incidents rose."},
		{"by stem", "en", "threats", "A threat, then threats.", "A <mark>threat</mark>, then <mark>threats</mark>."},
		{"markup escaped", "en", "hostile", `<script>x</script> hostile "text" & more`, `&lt;script&gt;x&lt;/script&gt; <mark>hostile</mark> &#34;text&#34; &amp; more`},
		{"a phrase, whole", "en", `"cyber defence pledge"`, "The Cyber Defence Pledge and cyber defence.", "The <mark>Cyber Defence Pledge</mark> and cyber defence."},
		{"a phrase over a stop word", "en", `"defence of the Alliance"`, "The defence of the Alliance; the Alliance of defence.", "The <mark>defence of the Alliance</mark>; the Alliance of defence."},
		{"a phrase in another order is not marked", "en", `"pledge defence"`, "The defence pledge.", "The defence pledge."},
		{"a prefix", "en", "cyber*", "Cyberattacks and cyber threats.", "<mark>Cyberattacks</mark> and <mark>cyber</mark> threats."},
		{"an excluded word is not marked", "en", "threats -china", "China threats.", "China <mark>threats</mark>."},
		{"French accents and elision", "fr", "securite", "La sécurité de l'Alliance.", "La <mark>sécurité</mark> de l&#39;Alliance."},
		{"no match", "en", "ransomware", "Nothing here.", "Nothing here."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clauses, err := search.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := newMarker(clauses, analyzerFor(t, tt.lang)).highlight(tt.text)
			if got != tt.want {
				t.Errorf("highlight(%q, %q) =\n %q\nwant\n %q", tt.query, tt.text, got, tt.want)
			}
		})
	}
}

// Past MaxHighlightBytes the text is kept whole but not read for matches,
// so a paragraph's length cannot make a page slow.
func TestHighlightReadsABoundedPrefix(t *testing.T) {
	clauses, err := search.ParseQuery("cyber")
	if err != nil {
		t.Fatal(err)
	}
	m := newMarker(clauses, analyzerFor(t, "en"))
	text := strings.Repeat("cyber ", MaxHighlightBytes/6+1000) + "<end>"
	got, _ := m.highlight(text)
	if plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got); html.UnescapeString(plain) != text {
		t.Fatalf("highlight changed the text: %d bytes in, %d bytes of text out", len(text), len(html.UnescapeString(plain)))
	}
	marks := strings.Count(got, "<mark>")
	if max := MaxHighlightBytes / 6; marks > max+1 || marks < max-50 {
		t.Errorf("%d matches marked, want about %d (those in the first %d bytes)", marks, max, MaxHighlightBytes)
	}
	if !strings.HasSuffix(got, "cyber &lt;end&gt;") {
		t.Errorf("the text past the bound should be escaped and unmarked; it ends %q", got[len(got)-40:])
	}
}

// Spans that are not whole characters of the text are dropped, so a
// mismatch between an analyzer's offsets and the text cannot cut a letter.
func TestMarkSpansDropsBadSpans(t *testing.T) {
	text := "défense"
	tests := []struct {
		name  string
		spans []span
		want  string
	}{
		{"whole word", []span{{0, len(text)}}, "<mark>défense</mark>"},
		{"inside a letter", []span{{2, 4}}, "défense"},
		{"past the end", []span{{0, 100}}, "défense"},
		{"empty", []span{{3, 3}}, "défense"},
		{"negative length", []span{{4, 1}}, "défense"},
		{"overlapping merge", []span{{0, 3}, {1, 5}}, "<mark>défe</mark>nse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markSpans(text, tt.spans); got != tt.want {
				t.Errorf("markSpans(%q, %v) = %q, want %q", text, tt.spans, got, tt.want)
			}
		})
	}
}
