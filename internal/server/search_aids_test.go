package server

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/index/indextest"
)

// aidsHandler serves an archive of the given invented statements.
func aidsHandler(t *testing.T, files map[string]string) http.Handler {
	t.Helper()
	return New(Config{Archive: NewArchive(indextest.Build(t, files), nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
}

// A misspelling French stemming takes for one of its words finds French
// rows: the page says so beside the suggestion, so that the rows below
// "Did you mean terrorism?" are not a puzzle.
func TestSearchSuggestionSaysLanguageOfRows(t *testing.T) {
	h := aidsHandler(t, map[string]string{"2024-05-01-misspelt.txt": `---
title: {en: Three rows, fr: Trois lignes}
date: 2024-05-01
---
[en]
1. Terrorism is condemned by the ministers.
2. Terrorism financing will be tracked.
3. Terrorism online will be removed.
[fr]
1. Les ministres condamnent le terrorisme.
2. Le financement du terrorisme sera suivi.
3. Le terrorisme en ligne sera retiré.
`})
	doc := parse(t, get(t, h, "/search?q=terorism"))
	if got := text(doc.Find(".suggestions a")); got != "terrorism" {
		t.Fatalf("suggestion %q, want terrorism", got)
	}
	if got, want := text(doc.Find(".suggestions .matched-langs")), "The 3 paragraphs below match terorism in French."; got != want {
		t.Errorf("beside the suggestion: %q, want %q", got, want)
	}
	// Filtered on English, the query finds nothing: no rows to explain.
	doc = parse(t, get(t, h, "/search?q=terorism&lang=en"))
	if n := doc.Find(".matched-langs").Length(); n != 0 {
		t.Errorf("a search that finds nothing says which language its rows match in (%d notes)", n)
	}
}

// "7 statements match" names all seven, each a link: the five best with
// what matched, the two others in a disclosure.
func TestSearchLinksEveryMatchingStatement(t *testing.T) {
	files := map[string]string{}
	want := map[string]bool{}
	for i := 1; i <= 7; i++ {
		id := fmt.Sprintf("2024-06-%02d-harbour-%d", i, i)
		files[id+".txt"] = fmt.Sprintf("---\ntitle: {en: Harbour statement %d}\ndate: 2024-06-%02d\n---\n[en]\n1. The ministers met for the %d time.\n", i, i, i)
		want["/statements/"+id] = true
	}
	h := aidsHandler(t, files)
	doc := parse(t, get(t, h, "/search?q=harbour"))
	sec := doc.Find("section.statement-hits")
	if got := text(sec.Find("h2")); !strings.HasPrefix(got, "7 statements match") {
		t.Errorf("heading %q, want 7 statements", got)
	}
	if n := sec.Find("section.statement-hits > details > ul > li").Length(); n != 5 {
		t.Errorf("%d statements listed first, want 5", n)
	}
	if got := text(sec.Find("details.other-statements summary")); got != "2 other statements that match" {
		t.Errorf("disclosure %q, want the 2 others", got)
	}
	got := map[string]bool{}
	sec.Find("a").Each(func(_ int, a *goquery.Selection) { got[a.AttrOr("href", "")] = true })
	for p := range want {
		if !got[p] {
			t.Errorf("no link to %s", p)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d statement links, want %d", len(got), len(want))
	}
}

// A language needs three of the matching rows with text in it for its
// rendering: the French of three rows renders NATO, the Dutch of two
// does not; the rendering says how many rows it rests on.
func TestSearchRenderingsThreshold(t *testing.T) {
	h := aidsHandler(t, map[string]string{
		"2024-07-01-fr.txt": "---\ntitle: {en: French one}\ndate: 2024-07-01\n---\n[en]\n1. NATO meets in spring.\n2. NATO plans the summer.\n3. NATO reviews the autumn.\n4. The weather was mild.\n5. The harvest was late.\n" +
			"[fr]\n1. L’OTAN se réunit au printemps.\n2. L’OTAN prépare l’été.\n3. L’OTAN revoit l’automne.\n4. Le temps était doux.\n5. La récolte fut tardive.\n",
		"2024-07-02-nl.txt": "---\ntitle: {en: Dutch one}\ndate: 2024-07-02\n---\n[en]\n1. NATO opens a depot.\n2. NATO closes a depot.\n3. The river froze.\n4. The bridge held.\n" +
			"[nl]\n1. De NAVO opent een depot.\n2. De NAVO sluit een depot.\n3. De rivier bevroor.\n4. De brug hield stand.\n",
	})
	doc := parse(t, get(t, h, "/search?q=NATO"))
	var langs []string
	doc.Find(".renderings dt").Each(func(_ int, dt *goquery.Selection) { langs = append(langs, text(dt)) })
	if len(langs) != 1 || langs[0] != "français (from 3 paragraphs)" {
		t.Errorf("renderings in %q, want French alone, from 3 paragraphs", langs)
	}
	if got := text(doc.Find(".renderings dd a").First()); got != "OTAN" {
		t.Errorf("first French rendering %q, want OTAN", got)
	}
}

// English stemming keeps terrorism and terrorist apart: the page offers
// the form the archive holds as a link to the same search with the word
// replaced, every filter kept.
func TestSearchOffersRelatedForms(t *testing.T) {
	h := aidsHandler(t, map[string]string{"2024-08-01-forms.txt": `---
title: {en: Forms}
date: 2024-08-01
issuer: North Atlantic Council
---
[en]
1. Terrorism has no excuse.
2. The terrorists were tried.
3. A terrorist fled.
[fr]
1. Le terrorisme n'a aucune excuse.
2. Les terroristes ont été jugés.
3. Un terroriste a fui.
`})
	doc := parse(t, get(t, h, "/search?q=terrorism&lang=en&sort=date&issuer=North+Atlantic+Council"))
	a := doc.Find(".related a")
	if a.Length() != 1 || text(a) != "terrorist" {
		t.Fatalf("related forms %q, want terrorist", text(a))
	}
	u, err := url.Parse(a.AttrOr("href", ""))
	if err != nil {
		t.Fatal(err)
	}
	v := u.Query()
	if u.Path != "/search" || v.Get("q") != "terrorist" || v.Get("lang") != "en" || v.Get("sort") != "date" || v.Get("issuer") != "North Atlantic Council" {
		t.Errorf("related link %q, want the search of terrorist with every filter", a.AttrOr("href", ""))
	}
	if got := text(doc.Find(".related p")); !strings.Contains(got, "English") || !strings.Contains(got, "(2)") {
		t.Errorf("related note %q, want the language and the rows", got)
	}
}
