package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"statementarchive/internal/index/indextest"
)

// readFeed parses a feed twice: with gofeed's universal parser, which
// must detect Atom 1.0, and with its Atom parser, for what only Atom has
// (link relations, content types).
func readFeed(t *testing.T, rec *httptest.ResponseRecorder) *atom.Feed {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("feed = %d: %.300s", rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("feed Content-Type = %q, want application/atom+xml", ct)
	}
	universal, err := gofeed.NewParser().Parse(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("gofeed cannot parse the feed: %v", err)
	}
	if universal.FeedType != "atom" || universal.FeedVersion != "1.0" {
		t.Errorf("gofeed reads the feed as %s %s, want atom 1.0", universal.FeedType, universal.FeedVersion)
	}
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("gofeed's Atom parser cannot parse the feed: %v", err)
	}
	// What RFC 4287 requires of a feed and of each entry.
	if f.ID == "" || f.Title == "" || f.UpdatedParsed == nil || len(f.Authors) == 0 {
		t.Errorf("feed lacks an id, title, updated or author: %+v", f)
	}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || e.UpdatedParsed == nil || e.Content == nil || e.Content.Type != "html" || link(e.Links, "alternate") == "" {
			t.Errorf("entry lacks an id, title, updated, HTML content or alternate link: %+v", e)
		}
	}
	return f
}

// link returns the href of the first link of a relation.
func link(links []*atom.Link, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// pathOf returns the path and query of an absolute URL of the archive,
// failing unless it is under testBaseURL.
func pathOf(t *testing.T, abs string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(abs, testBaseURL+"/")
	if !ok {
		t.Fatalf("URL %q is not under the public URL %s", abs, testBaseURL)
	}
	u, err := url.Parse("/" + rest)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// The new statements' feed lists the newest statements first, each
// linking to its reading view, with its titles in every language.
func TestNewStatementsFeed(t *testing.T) {
	h := outputServer(t)
	f := readFeed(t, get(t, h, "/feed.atom"))
	if got, want := link(f.Links, "self"), testBaseURL+"/feed.atom"; got != want || f.ID != want {
		t.Errorf("self link %q, id %q; want %q", got, f.ID, want)
	}
	var ids []string
	for _, e := range f.Entries {
		ids = append(ids, e.ID)
		if code := get(t, h, pathOf(t, link(e.Links, "alternate"))).Code; code != http.StatusOK {
			t.Errorf("entry %s links to a page that answers %d", e.ID, code)
		}
	}
	want := []string{
		testBaseURL + "/statements/2024-07-10-hostile",
		testBaseURL + "/statements/" + formulaID,
		testBaseURL + "/statements/" + seedID,
		testBaseURL + "/statements/" + rawID, // undated, last
	}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("entries = %q, want the statements newest first %q", ids, want)
	}
	content := f.Entries[0].Content.Value
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if fr := doc.Find(`p[lang=fr]`).Text(); fr != "Déclaration hostile" {
		t.Errorf("the first entry's French title = %q in %s", fr, content)
	}
	if doc.Find("script").Length() > 0 {
		t.Errorf("a title's markup became markup in the feed: %s", content)
	}
	if f.Entries[0].PublishedParsed == nil || !f.Entries[0].PublishedParsed.Equal(time.Date(2024, 7, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the first entry was published %v, want its issue date", f.Entries[0].Published)
	}
}

// A search's feed holds its newest matching rows, every filter kept,
// each entry a row with its text in every language it has, identified by
// its permalink.
func TestSearchFeed(t *testing.T) {
	h := outputServer(t)
	f := readFeed(t, get(t, h, "/search.atom?q=cyber&lang=fr&issuer=North+Atlantic+Council&page=3&per_page=5&sort=relevance"))
	wantSelf := testBaseURL + "/search.atom?issuer=North+Atlantic+Council&lang=fr&q=cyber"
	if got := link(f.Links, "self"); got != wantSelf || f.ID != wantSelf {
		t.Errorf("self link %q, id %q; want %q (the filters kept, page, size and sort dropped)", got, f.ID, wantSelf)
	}
	if got := link(f.Links, "alternate"); got != testBaseURL+"/search?issuer=North+Atlantic+Council&lang=fr&q=cyber&sort=date" {
		t.Errorf("alternate link = %q, want the search page newest first", got)
	}
	if !strings.Contains(f.Title, "cyber") || !strings.Contains(f.Title, "North Atlantic Council") {
		t.Errorf("feed title %q does not name the query and its filters", f.Title)
	}
	api := apiRows(t, h, "q=cyber&lang=fr&issuer=North+Atlantic+Council")
	if len(f.Entries) != len(api) || len(api) < 2 {
		t.Fatalf("entries = %d, want the search's %d rows", len(f.Entries), len(api))
	}
	for _, e := range f.Entries {
		key := strings.TrimPrefix(e.ID, testBaseURL+"/statements/")
		texts, ok := api[key]
		if !ok {
			t.Errorf("entry %s is not a row the search finds", e.ID)
			continue
		}
		if link(e.Links, "alternate") != e.ID {
			t.Errorf("entry %s links to %q, want its permalink", e.ID, link(e.Links, "alternate"))
		}
		if code := get(t, h, pathOf(t, e.ID)).Code; code != http.StatusOK {
			t.Errorf("entry %s: its permalink answers %d", e.ID, code)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(e.Content.Value))
		if err != nil {
			t.Fatal(err)
		}
		for lang, want := range texts {
			got := doc.Find(`div[lang=` + lang + `] p`).Last().Text()
			if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(want), " ") {
				t.Errorf("entry %s in %s = %.80q, want %.80q", e.ID, lang, got, want)
			}
		}
		if doc.Find("div[lang]").Length() != len(texts) {
			t.Errorf("entry %s shows %d languages, want the row's %d", e.ID, doc.Find("div[lang]").Length(), len(texts))
		}
	}
}

// A search feed refuses what the search refuses, with its status.
func TestSearchFeedRefusals(t *testing.T) {
	h := outputServer(t)
	for _, q := range []string{"", "q=", "q=%22open", "q=cyber&lang=de", "q=-cyber"} {
		if rec := get(t, h, "/search.atom?"+q); rec.Code != http.StatusBadRequest {
			t.Errorf("GET /search.atom?%s = %d, want 400", q, rec.Code)
		}
	}
}

// A search feed is an alert: after a re-ingest, the newly ingested
// paragraph that matches is its first entry, and the entries it had keep
// their IDs, so a feed reader shows the one new entry.
func TestSearchFeedShowsANewlyIngestedRow(t *testing.T) {
	root, files, live := liveSeed(t)
	h := New(Config{Archive: NewLiveArchive(live, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	const feed = "/search.atom?q=ransomware&lang=en"
	before := readFeed(t, get(t, h, feed))
	if len(before.Entries) == 0 {
		t.Fatal("the seed's feed has no entry; the test proves nothing")
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	poke := make(chan os.Signal, 1)
	switched := make(chan struct{}, 1)
	go live.Watch(ctx, time.Hour, poke, func(ok bool, err error) {
		if ok {
			switched <- struct{}{}
		}
	})
	files["2025-03-01-ransomware.txt"] = "---\ntitle: {en: New ransomware statement}\ndate: 2025-03-01\n---\n[en]\n1. Allies condemn the ransomware attack on hospitals.\n2. Nothing to match here.\n"
	ingestInto(t, root, files)
	poke <- syscall.SIGHUP
	select {
	case <-switched:
	case <-time.After(20 * time.Second): // a safety net, not a timing assertion
		t.Fatal("the live index did not switch to the re-ingested one")
	}

	after := readFeed(t, get(t, h, feed))
	if len(after.Entries) != len(before.Entries)+1 {
		t.Fatalf("after the re-ingest the feed has %d entries, want %d", len(after.Entries), len(before.Entries)+1)
	}
	if got, want := after.Entries[0].ID, testBaseURL+"/statements/2025-03-01-ransomware/1"; got != want {
		t.Errorf("first entry after the re-ingest = %s, want the new paragraph %s", got, want)
	}
	if !strings.Contains(after.Entries[0].Content.Value, "attack on hospitals") {
		t.Errorf("the new entry's content = %q", after.Entries[0].Content.Value)
	}
	for i, e := range before.Entries {
		if after.Entries[i+1].ID != e.ID {
			t.Errorf("entry %d was %s before the re-ingest, %s after", i+1, e.ID, after.Entries[i+1].ID)
		}
	}
	if !after.UpdatedParsed.After(*before.UpdatedParsed) {
		t.Errorf("feed updated %v after the re-ingest, %v before: want later", after.Updated, before.Updated)
	}
}

// openSearchDoc is an OpenSearch description as a client reads it.
type openSearchDoc struct {
	XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName string   `xml:"ShortName"`
	URLs      []struct {
		Type     string `xml:"type,attr"`
		Rel      string `xml:"rel,attr"`
		Template string `xml:"template,attr"`
	} `xml:"Url"`
}

// The OpenSearch description sends a browser's searches to the search
// page at the public URL, and every page points to it and to the feeds.
func TestOpenSearch(t *testing.T) {
	h := outputServer(t)
	req := httptest.NewRequest(http.MethodGet, "/opensearch.xml", nil)
	req.Host = "evil.example"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/opensearchdescription+xml") {
		t.Fatalf("GET /opensearch.xml = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var d openSearchDoc
	if err := xml.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatalf("the description does not parse: %v", err)
	}
	if d.ShortName == "" || len(d.ShortName) > 16 {
		t.Errorf("ShortName %q: the specification wants 1 to 16 characters", d.ShortName)
	}
	templates := map[string]string{}
	for _, u := range d.URLs {
		templates[u.Type] = u.Template
	}
	if got := templates["text/html"]; got != testBaseURL+"/search?q={searchTerms}" {
		t.Errorf("HTML template = %q", got)
	}
	if got := templates["application/atom+xml"]; got != testBaseURL+"/search.atom?q={searchTerms}" {
		t.Errorf("Atom template = %q", got)
	}
	// A browser fills in the template; the page it gets is the search's.
	filled := strings.ReplaceAll(templates["text/html"], "{searchTerms}", url.QueryEscape("cyber defence"))
	if doc := parse(t, get(t, h, pathOf(t, filled))); !strings.Contains(text(doc.Find(".summary")), "cyber defence") {
		t.Errorf("the filled-in template %s does not search", filled)
	}
	if strings.Contains(rec.Body.String(), "evil.example") {
		t.Errorf("the description carries the request's Host")
	}

	for _, path := range []string{"/", "/statements", "/search?q=cyber", "/statements/" + seedID} {
		doc := parse(t, get(t, h, path))
		if got := doc.Find(`head link[rel=search][type="application/opensearchdescription+xml"]`).AttrOr("href", ""); got != "/opensearch.xml" {
			t.Errorf("%s: link rel=search = %q", path, got)
		}
		if got := doc.Find(`head link[rel=alternate][type="application/atom+xml"][href="/feed.atom"]`).Length(); got != 1 {
			t.Errorf("%s: %d links to the new statements' feed, want 1", path, got)
		}
	}
}

// The search page offers its own feed first, and links its exports and
// feed beside the count of rows, each with every filter.
func TestSearchPageLinksItsOutputs(t *testing.T) {
	h := outputServer(t)
	const query = "q=cyber&lang=fr&issuer=North+Atlantic+Council&from=2021-01-01&page=2&per_page=1&sort=date"
	doc := parse(t, get(t, h, "/search?"+query))
	feeds := doc.Find(`head link[rel=alternate][type="application/atom+xml"]`)
	want := "/search.atom?from=2021-01-01&issuer=North+Atlantic+Council&lang=fr&q=cyber"
	if got := feeds.First().AttrOr("href", ""); got != want {
		t.Errorf("the page's first feed = %q, want its search's %q", got, want)
	}
	links := map[string]string{}
	doc.Find(".outputs a").Each(func(_ int, a *goquery.Selection) { links[text(a)] = a.AttrOr("href", "") })
	for label, want := range map[string]string{
		"CSV":                "/search.csv?from=2021-01-01&issuer=North+Atlantic+Council&lang=fr&q=cyber",
		"JSON Lines":         "/search.jsonl?from=2021-01-01&issuer=North+Atlantic+Council&lang=fr&q=cyber",
		"Follow this search": "/follow?from=2021-01-01&issuer=North+Atlantic+Council&lang=fr&q=cyber",
	} {
		if links[label] != want {
			t.Errorf("link %q = %q, want %q", label, links[label], want)
		}
		if rec := get(t, h, links[label]); rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d", links[label], rec.Code)
		}
	}
	if doc := parse(t, get(t, h, "/search")); doc.Find(".outputs").Length() != 0 || doc.Find(`head link[rel=alternate]`).Length() != 1 {
		t.Errorf("the empty search page offers a search's outputs")
	}
	// A search that finds nothing yet is worth following all the same.
	doc = parse(t, get(t, h, "/search?q=zanzibar&lang=fr"))
	if got := doc.Find(".outputs a").AttrOr("href", ""); got != "/follow?lang=fr&q=zanzibar" {
		t.Errorf("a search that finds nothing links how to follow it as %q", got)
	}
}

// Following a search leads to a page that says how, with the feed's
// address to copy, not to the feed's XML.
func TestFollowPage(t *testing.T) {
	h := handlerFor(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	search := parse(t, get(t, h, "/search?q=ransomware&lang=en"))
	follow := search.Find(`a[href^="/follow?"]`).First().AttrOr("href", "")
	if follow == "" {
		t.Fatal("the search page has no link to follow it")
	}
	page := parse(t, get(t, h, follow))
	if got := page.Find("#feed-url").AttrOr("value", ""); got != testBaseURL+"/search.atom?lang=en&q=ransomware" {
		t.Errorf("the feed address to copy = %q", got)
	}
	if page.Find(`a[type="application/atom+xml"]`).Length() != 1 || !strings.Contains(text(page.Find("main")), "How to subscribe") {
		t.Errorf("the follow page lacks the feed link or the steps")
	}
	if rec := get(t, h, "/follow?q="); rec.Code != 400 {
		t.Errorf("/follow?q= answered %d, want 400", rec.Code)
	}
}
