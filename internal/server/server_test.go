package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const (
	seedID = "2021-07-19-nac-cyber-solidarity"
	rawID  = "000_eb08baf898ac2314"
)

func corpus(t testing.TB) map[string]string {
	raw, err := os.ReadFile(filepath.Join(indextest.ModuleRoot(), "internal", "statement", "testdata", rawID+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		seedID + ".txt": indextest.Seed(t),
		rawID + ".txt":  string(raw),
		"2024-07-10-hostile.txt": `---
title: {en: "Hostile <script>alert('title')</script> statement", fr: Déclaration hostile}
date: 2024-07-10
issuer: Heads of State and Government
source: {en: 'https://example.org/a?b="><script>alert(3)</script>'}
gaps: {fr: [2]}
---
[en]
1. Hostile text: <script>alert("x")</script> and "><img src=x onerror=alert(1)> in a paragraph.
2. Only in English.
3. Third paragraph.
[fr]
1. Texte hostile : <script>alert("x")</script>.
3. Troisième paragraphe.
`,
	}
}

func newTestServer(t *testing.T) http.Handler {
	t.Helper()
	return handlerFor(t, corpus(t))
}

// handlerFor serves an index of the statement files given (name → text).
func handlerFor(t testing.TB, files map[string]string) http.Handler {
	t.Helper()
	idx := indextest.Build(t, files)
	return New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func parse(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

func TestRoutes(t *testing.T) {
	h := newTestServer(t)
	tests := []struct {
		path   string
		status int
		ctype  string
	}{
		{"/", 200, "text/html"},
		{"/search", 200, "text/html"},
		{"/search?q=ransomware", 200, "text/html"},
		{"/search?q=ransomware&lang=fr&lang=en&page=1&per_page=20&sort=date", 200, "text/html"},
		{"/search?q=%22unclosed", 400, "text/html"},
		{"/search?q=cyber&lang=de", 400, "text/html"},
		{"/search?q=cyber&page=abc", 400, "text/html"},
		{"/search?q=cyber&page=0", 400, "text/html"},
		{"/search?q=cyber&per_page=1000", 400, "text/html"},
		{"/search?q=cyber&sort=alpha", 400, "text/html"},
		{"/statements", 200, "text/html"},
		{"/statements?year=2021&issuer=North+Atlantic+Council&lang=fr", 200, "text/html"},
		{"/statements?year=abc", 400, "text/html"},
		{"/statements/" + seedID, 200, "text/html"},
		{"/statements/" + seedID + "?left=fr&right=en", 200, "text/html"},
		{"/statements/" + seedID + "?left=de", 400, "text/html"},
		{"/statements/" + rawID, 200, "text/html"},
		{"/statements/nope", 404, "text/html"},
		{"/statements/UPPER", 404, "text/html"},
		{"/statements/" + seedID + "/1", 200, "text/html"},
		{"/statements/" + seedID + "/4?lang=fr", 200, "text/html"},
		{"/statements/" + seedID + "/1?lang=de", 400, "text/html"},
		{"/statements/" + seedID + "/5", 404, "text/html"},
		{"/statements/" + seedID + "/0", 404, "text/html"},
		{"/statements/" + seedID + "/09", 404, "text/html"},
		{"/statements/" + seedID + "/abc", 404, "text/html"},
		{"/statements/nope/1", 404, "text/html"},
		{"/nowhere", 404, "text/html"},
		{"/healthz", 200, "text/plain"},
		{"/api/search?q=ransomware", 200, "application/json"},
		{"/api/search", 400, "application/json"},
		{"/api/search?q=%22", 400, "application/json"},
		{"/api/search?q=cyber&lang=de", 400, "application/json"},
		{"/api/statements/" + seedID, 200, "application/json"},
		{"/api/statements/nope", 404, "application/json"},
		{"/api/nowhere", 404, "application/json"},
		{web.StaticPath("style.css"), 200, "text/css"},
		{web.StaticPath("copy.js"), 200, "text/javascript"},
		{"/static/style.css", 404, "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, h, tt.path)
			if rec.Code != tt.status {
				t.Errorf("GET %s = %d, want %d\n%.600s", tt.path, rec.Code, tt.status, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("GET %s Content-Type = %q, want %s", tt.path, ct, tt.ctype)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if rec.Header().Get(h) == "" {
					t.Errorf("GET %s lacks %s", tt.path, h)
				}
			}
			if tt.status >= 400 && strings.HasPrefix(tt.ctype, "text/html") && !strings.HasPrefix(tt.path, "/static/") {
				doc := parse(t, rec)
				if msg := text(doc.Find(`main [role=alert]`)); msg == "" {
					t.Errorf("GET %s: error page has no message", tt.path)
				}
			}
			if tt.status >= 400 && tt.ctype == "application/json" {
				var body map[string]string
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body["error"] == "" {
					t.Errorf("GET %s: JSON error body = %s", tt.path, rec.Body.String())
				}
			}
		})
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	h := newTestServer(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, "/search?q=cyber", strings.NewReader("x")))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s /search = %d (Allow %q), want 405 with Allow: GET, HEAD", method, rec.Code, rec.Header().Get("Allow"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/statements/"+seedID, nil))
	if rec.Code != http.StatusOK {
		t.Errorf("HEAD reading view = %d, want 200", rec.Code)
	}
}

func TestHomePage(t *testing.T) {
	doc := parse(t, get(t, newTestServer(t), "/"))
	if got := doc.Find("main form[role=search] input[name=q]").Length(); got != 1 {
		t.Errorf("search boxes = %d, want 1", got)
	}
	var rows []string
	doc.Find("main table.list").First().Find("tbody tr").Each(func(_ int, s *goquery.Selection) {
		rows = append(rows, text(s.Find("td").First())+" = "+text(s.Find("td").Last()))
	})
	if want := []string{"English (en) = 11", "français (fr) = 10"}; strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("paragraph counts = %q, want %q", rows, want)
	}
	var listed []string
	doc.Find("main ul.statements > li > a").Each(func(_ int, s *goquery.Selection) { listed = append(listed, s.AttrOr("href", "")) })
	want := []string{"/statements/2024-07-10-hostile", "/statements/" + seedID, "/statements/" + rawID}
	if strings.Join(listed, " ") != strings.Join(want, " ") {
		t.Errorf("statements listed = %v, want newest first, undated last: %v", listed, want)
	}
}

func TestSearchPage(t *testing.T) {
	h := newTestServer(t)
	doc := parse(t, get(t, h, "/search?q=ransomware"))
	if got := doc.Find("#q").AttrOr("value", ""); got != "ransomware" {
		t.Errorf("query box = %q, want the query kept", got)
	}
	hits := doc.Find("ol.hits > li")
	// The seed is in the archive twice: canonical and raw.
	if hits.Length() != 2 {
		t.Fatalf("hits = %d, want 2", hits.Length())
	}
	hit := doc.Find(`ol.hits > li:has(a[href^="/statements/` + seedID + `"])`)
	if got := text(hit.Find("h3 a")); !strings.HasPrefix(got, "Statement by the North Atlantic Council in solidarity") {
		t.Errorf("hit title = %q", got)
	}
	if got := hit.Find("a.permalink").AttrOr("href", ""); got != "/statements/"+seedID+"/1?lang=en" {
		t.Errorf("permalink = %q", got)
	}
	if got := text(hit.Find("a.permalink")); got != "¶ 1" {
		t.Errorf("permalink text = %q, want ¶ 1", got)
	}
	if got := text(hit.Find(`li > .pair .match p[lang=en] mark`)); got != "ransomware" {
		t.Errorf("highlighted match = %q", got)
	}
	if got := text(hit.Find(`li > .pair .aligned p[lang=fr]`)); !strings.HasPrefix(got, "Nous observons avec une préoccupation croissante") {
		t.Errorf("aligned French paragraph = %q", got)
	}
	if got := text(hit.Find(".meta time")); got != "19 July 2021" {
		t.Errorf("date = %q", got)
	}
	facets := map[string]string{}
	doc.Find("fieldset input[name=lang]").Each(func(_ int, s *goquery.Selection) {
		facets[s.AttrOr("value", "")] = text(s.Parent().Find(".count"))
	})
	if facets["en"] != "(2)" || facets["fr"] != "(0)" {
		t.Errorf("facet counts = %v, want en (2), fr (0)", facets)
	}
}

// The language filter narrows the hits, keeps counts as if unfiltered, and
// sets the language shown beside each hit.
func TestSearchPageLanguageFilter(t *testing.T) {
	h := newTestServer(t)
	doc := parse(t, get(t, h, "/search?q=securite&lang=fr"))
	if n := doc.Find(`ol.hits > li > .pair .match p[lang=fr]`).Length(); n != 6 || doc.Find("ol.hits > li").Length() != 6 {
		t.Errorf("French hits = %d of %d, want 6 of 6", n, doc.Find("ol.hits > li").Length())
	}
	if n := doc.Find(`ol.hits > li > .pair .aligned p[lang=en]`).Length(); n != 6 {
		t.Errorf("English beside French = %d, want 6", n)
	}
	checked := doc.Find(`input[name=lang][checked]`)
	if checked.Length() != 1 || checked.AttrOr("value", "") != "fr" {
		t.Errorf("checked languages = %d (%s), want fr", checked.Length(), checked.AttrOr("value", ""))
	}
	// Counts as if unfiltered: English has matches even while filtered out.
	doc = parse(t, get(t, h, "/search?q=security+securite&lang=fr"))
	en := text(doc.Find(`input[name=lang][value=en]`).Parent().Find(".count"))
	if en != "(8)" {
		t.Errorf("English count under a French filter = %q, want (8)", en)
	}

	doc = parse(t, get(t, h, "/search?q=zzqqxx"))
	if doc.Find("ol.hits > li").Length() != 0 || !strings.Contains(text(doc.Find("main [role=status]")), "No paragraph matches zzqqxx") {
		t.Errorf("no-result state missing: %s", text(doc.Find("main")))
	}
}

// Filtering to a language with no match, while others have some, says
// which languages match, each a link to search it.
func TestSearchPageOtherLanguages(t *testing.T) {
	h := newTestServer(t)
	doc := parse(t, get(t, h, "/search?q=rançonneur&lang=en"))
	notice := doc.Find("main .notice[role=status]").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "No paragraph matches")
	})
	if got := text(notice); !strings.Contains(got, "No paragraph matches rançonneur with these filters") || !strings.Contains(got, "These languages do: français (2)") {
		t.Errorf("notice = %q", got)
	}
	if href := notice.Find(`a[lang=fr]`).AttrOr("href", ""); href != "/search?lang=fr&q=ran%C3%A7onneur" {
		t.Errorf("link to the French matches = %q", href)
	}
	if n := doc.Find("ol.hits > li").Length(); n != 0 {
		t.Errorf("rows = %d, want none under the English filter", n)
	}
	if got := doc.Find(`input[name=lang][checked]`).AttrOr("value", ""); got != "en" {
		t.Errorf("checked language = %q, want en kept", got)
	}
}

func TestSearchPaging(t *testing.T) {
	h := newTestServer(t)
	doc := parse(t, get(t, h, "/search?q=security+securite&per_page=5&page=2"))
	if got := doc.Find("ol.hits").AttrOr("start", ""); got != "6" {
		t.Errorf("second page starts at %s, want 6", got)
	}
	if got := doc.Find(`nav.pages [aria-current=page]`).Text(); got != "2" {
		t.Errorf("current page = %q", got)
	}
	if got := doc.Find(`nav.pages a[rel=prev]`).AttrOr("href", ""); got != "/search?page=1&per_page=5&q=security+securite" && got != "/search?per_page=5&q=security+securite" {
		t.Errorf("previous link = %q", got)
	}
	if doc.Find(`select[name=per_page] option[selected]`).AttrOr("value", "") != "5" && doc.Find(`select[name=per_page] option[selected]`).Length() != 0 {
		t.Errorf("per_page select shows a size the form does not offer")
	}
}

func TestSearchPageBadInput(t *testing.T) {
	h := newTestServer(t)
	rec := get(t, h, "/search?q=%22cyber+defence")
	doc := parse(t, rec)
	if rec.Code != 400 {
		t.Errorf("status = %d, want 400", rec.Code)
	}
	if msg := text(doc.Find("main [role=alert]")); !strings.Contains(msg, "never closed") {
		t.Errorf("message = %q", msg)
	}
	if got := doc.Find("#q").AttrOr("value", ""); got != `"cyber defence` {
		t.Errorf("query box = %q, want the query kept to correct it", got)
	}
}

func TestReadingView(t *testing.T) {
	h := newTestServer(t)
	doc := parse(t, get(t, h, "/statements/"+seedID))
	if got := doc.Find("html").AttrOr("lang", ""); got != "en" {
		t.Errorf("<html lang> = %q, want en", got)
	}
	rows := doc.Find("section.row")
	if rows.Length() != 4 {
		t.Fatalf("rows = %d, want 4", rows.Length())
	}
	rows.Each(func(i int, row *goquery.Selection) {
		n := strconv.Itoa(i + 1)
		if got := row.AttrOr("id", ""); got != "p"+n {
			t.Errorf("row %d id = %q, want p%s", i, got, n)
		}
		if got := row.Find(".key a").AttrOr("href", ""); got != "/statements/"+seedID+"/"+n {
			t.Errorf("row %d permalink = %q", i, got)
		}
		langs := row.Find("p[lang]").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("lang", "") })
		if strings.Join(langs, ",") != "en,fr" {
			t.Errorf("row %d languages = %v, want en,fr", i, langs)
		}
	})
	if got := doc.Find("a.swap").AttrOr("href", ""); got != "/statements/"+seedID+"?left=fr&right=en" {
		t.Errorf("swap link = %q", got)
	}

	doc = parse(t, get(t, h, "/statements/"+seedID+"?left=fr&right=en"))
	langs := doc.Find("#p1 p[lang]").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("lang", "") })
	if strings.Join(langs, ",") != "fr,en" {
		t.Errorf("swapped row languages = %v, want fr,en", langs)
	}
	if doc.Find("html").AttrOr("lang", "") != "fr" {
		t.Errorf("<html lang> of the French-first view = %q", doc.Find("html").AttrOr("lang", ""))
	}
	if got := doc.Find("a.swap").AttrOr("href", ""); got != "/statements/"+seedID+"?left=en&right=fr" {
		t.Errorf("swap link back = %q", got)
	}
	if got := doc.Find(`select[name=left] option[selected]`).AttrOr("value", ""); got != "fr" {
		t.Errorf("left selector = %q, want fr", got)
	}
}

// A paragraph missing in one language shows as missing, and the rows below
// keep their pairs.
func TestReadingViewGap(t *testing.T) {
	doc := parse(t, get(t, newTestServer(t), "/statements/2024-07-10-hostile"))
	if got := text(doc.Find("#p2 .missing")); got != "Not in the French text." {
		t.Errorf("gap cell = %q", got)
	}
	if got := text(doc.Find(`#p3 p[lang=fr]`)); got != "Troisième paragraphe." {
		t.Errorf("row 3 French = %q, want the French ¶3 beside the English ¶3", got)
	}
	if got := text(doc.Find(`#p3 p[lang=en]`)); got != "Third paragraph." {
		t.Errorf("row 3 English = %q", got)
	}
}

// Every paragraph of the seed has a working permalink with a citation.
func TestPermalinks(t *testing.T) {
	h := newTestServer(t)
	st, err := statement.Parse(seedID+".txt", []byte(indextest.Seed(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Paragraphs {
		n := strconv.Itoa(p.Key)
		path := "/statements/" + seedID + "/" + n
		rec := get(t, h, path)
		if rec.Code != 200 {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		doc := parse(t, rec)
		for _, l := range []string{"en", "fr"} {
			if got := text(doc.Find("blockquote[lang=" + l + "]")); got != strings.Join(strings.Fields(p.Text[l]), " ") {
				t.Errorf("%s [%s] = %q, want the paragraph", path, l, got)
			}
		}
		url := testBaseURL + path
		if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != url {
			t.Errorf("%s canonical = %q, want %q", path, got, url)
		}
		cite := doc.Find("#citation-text").Text()
		for _, want := range []string{"North Atlantic Council", "“Statement by the North Atlantic Council in solidarity", "19 July 2021", "para. " + n, url} {
			if !strings.Contains(cite, want) {
				t.Errorf("%s citation %q lacks %q", path, cite, want)
			}
		}
		bib := doc.Find("#citation-bibtex").Text()
		for _, want := range []string{"@misc{" + seedID + "-para" + n, "year = {2021}", "note = {para. " + n + "}", "url = {" + url + "}"} {
			if !strings.Contains(bib, want) {
				t.Errorf("%s BibTeX lacks %q:\n%s", path, want, bib)
			}
		}
		if got := doc.Find(`a[href*="#p`+n+`"]`).AttrOr("href", ""); got != "/statements/"+seedID+"?left=en&right=fr#p"+n {
			t.Errorf("%s link to the reading view = %q", path, got)
		}
	}
	doc := parse(t, get(t, h, "/statements/"+seedID+"/3?lang=fr"))
	if got := doc.Find("blockquote").First().AttrOr("lang", ""); got != "fr" {
		t.Errorf("?lang=fr: first version is %q", got)
	}
	if got := doc.Find(`a[href*="#p3"]`).AttrOr("href", ""); got != "/statements/"+seedID+"?left=fr&right=en#p3" {
		t.Errorf("?lang=fr: reading-view link = %q", got)
	}
}

// A query and a paragraph holding markup come out as text everywhere.
func TestEscaping(t *testing.T) {
	h := newTestServer(t)
	for _, path := range []string{
		"/search?q=" + urlQuery(`hostile <script>alert(1)</script> "><img src=x onerror=alert(2)>`),
		"/search?q=hostile",
		"/statements/2024-07-10-hostile",
		"/statements/2024-07-10-hostile/1",
		"/statements/2024-07-10-hostile/1?lang=fr",
		"/",
	} {
		rec := get(t, h, path)
		doc := parse(t, rec)
		if n := doc.Find("script").Length(); n != 1 {
			t.Errorf("%s: %d script elements, want only the archive's own", path, n)
		}
		if src := doc.Find("script").AttrOr("src", ""); !strings.HasPrefix(src, "/static/copy.") {
			t.Errorf("%s: script src = %q", path, src)
		}
		if n := doc.Find("img").Length(); n != 0 {
			t.Errorf("%s: %d img elements from hostile text", path, n)
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			if href := a.AttrOr("href", ""); strings.HasPrefix(strings.ToLower(href), "javascript:") {
				t.Errorf("%s: javascript: link %q", path, href)
			}
		})
		if strings.Contains(rec.Body.String(), "<script>alert") {
			t.Errorf("%s: raw hostile script in the page", path)
		}
	}
	doc := parse(t, get(t, h, "/search?q=hostile&lang=en"))
	if got := text(doc.Find(".match p")); !strings.Contains(got, `<script>alert("x")</script>`) {
		t.Errorf("hostile paragraph not shown as text: %q", got)
	}
	rec := get(t, h, "/api/search?q=hostile&lang=en")
	if strings.Contains(rec.Body.String(), "<script>") {
		t.Errorf("JSON holds an unescaped <script>: %s", rec.Body.String())
	}
}

func urlQuery(s string) string {
	r := strings.NewReplacer(" ", "+", "<", "%3C", ">", "%3E", `"`, "%22", "=", "%3D", "(", "%28", ")", "%29", "/", "%2F")
	return r.Replace(s)
}

func TestAPISearch(t *testing.T) {
	rec := get(t, newTestServer(t), "/api/search?q=ransomware&lang=en")
	var res struct {
		Query   string                    `json:"query"`
		Total   int                       `json:"total"`
		Page    int                       `json:"page"`
		PerPage int                       `json:"per_page"`
		Facets  map[string]map[string]int `json:"facets"`
		Rows    []struct {
			Statement string            `json:"statement"`
			Title     string            `json:"title"`
			Date      *string           `json:"date"`
			Kind      string            `json:"kind"`
			Ref       string            `json:"ref"`
			Paragraph int               `json:"paragraph"`
			Matched   []string          `json:"matched"`
			Show      []string          `json:"show"`
			Text      map[string]string `json:"text"`
			Highlight map[string]string `json:"highlight"`
			Permalink string            `json:"permalink"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatalf("decode: %v\n%s", err, rec.Body.String())
	}
	if res.Query != "ransomware" || res.Total != 2 || res.Page != 1 || res.PerPage != 10 || len(res.Rows) != 2 {
		t.Fatalf("result = %+v", res)
	}
	if res.Facets["lang"]["en"] != 2 || res.Facets["lang"]["fr"] != 0 {
		t.Errorf("facets = %v", res.Facets)
	}
	for _, h := range res.Rows {
		if h.Paragraph != 1 || h.Kind != "paragraph" || h.Ref != "1" || h.Permalink != "/statements/"+h.Statement+"/1" || !strings.HasPrefix(h.Text["fr"], "Nous observons") ||
			!strings.Contains(h.Highlight["en"], "<mark>ransomware</mark>") || strings.Join(h.Matched, ",") != "en" || h.Show[0] != "en" {
			t.Errorf("row = %+v", h)
		}
		switch h.Statement {
		case seedID:
			if h.Date == nil || *h.Date != "2021-07-19" {
				t.Errorf("seed date = %v", h.Date)
			}
		case rawID:
			if h.Date != nil || h.Title != rawID {
				t.Errorf("raw statement date = %v, title %q; want null and its ID", h.Date, h.Title)
			}
		}
	}
	if !strings.Contains(rec.Body.String(), `"date":null`) {
		t.Errorf("unknown date is not JSON null:\n%s", rec.Body.String())
	}
	// Each part of the search is timed, in the order it ran: a first page
	// of fewer than ten rows has every part.
	var phases []string
	for _, part := range strings.Split(rec.Header().Get("Server-Timing"), ", ") {
		name, dur, ok := strings.Cut(part, ";dur=")
		if _, err := strconv.ParseFloat(dur, 64); !ok || err != nil {
			t.Errorf("Server-Timing part %q is not name;dur=milliseconds", part)
		}
		phases = append(phases, name)
	}
	if got, want := strings.Join(phases, " "), "statements rows facets highlights suggestions renderings"; got != want {
		t.Errorf("Server-Timing parts: %s, want %s", got, want)
	}
}

func TestAPIStatement(t *testing.T) {
	rec := get(t, newTestServer(t), "/api/statements/2024-07-10-hostile")
	var st struct {
		ID         string            `json:"id"`
		Title      map[string]string `json:"title"`
		Date       *string           `json:"date"`
		Issuer     string            `json:"issuer"`
		Reference  map[string]string `json:"reference"`
		Languages  []string          `json:"languages"`
		Unofficial []string          `json:"unofficial"`
		Numbered   bool              `json:"numbered"`
		Paragraphs []struct {
			Paragraph int               `json:"paragraph"`
			Text      map[string]string `json:"text"`
		} `json:"paragraphs"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	if st.ID != "2024-07-10-hostile" || st.Date == nil || *st.Date != "2024-07-10" || st.Title["fr"] != "Déclaration hostile" || strings.Join(st.Languages, ",") != "en,fr" ||
		st.Reference == nil || st.Unofficial == nil || !st.Numbered {
		t.Errorf("statement = %+v", st)
	}
	if len(st.Paragraphs) != 3 || st.Paragraphs[1].Paragraph != 2 || st.Paragraphs[1].Text["fr"] != "" || len(st.Paragraphs[1].Text) != 1 {
		t.Errorf("paragraphs = %+v, want 3 with ¶2 in English only", st.Paragraphs)
	}
}

// The reading view of the seed, as a whole page, against its golden file
// (refresh with go test ./internal/server -update).
func TestReadingViewGolden(t *testing.T) {
	rec := get(t, newTestServer(t), "/statements/"+seedID)
	got := regexp.MustCompile(`/static/([a-z]+)\.[0-9a-f]+\.(css|js)`).ReplaceAll(rec.Body.Bytes(), []byte("/static/$1.HASH.$2"))
	golden := filepath.Join("testdata", "reading-view-seed.html")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/server -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("reading view differs from %s (if the change is intended, run go test ./internal/server -update):\n%s", golden, got)
	}
}

// fakeArchive fails in the ways a real archive might, to check the error
// adapter.
// fakeArchive hands out the Readers of a real Archive with some methods
// replaced by its function fields (nil keeps the real one), and counts
// the Readers it hands out.
type fakeArchive struct {
	Archive
	search   func(context.Context, search.Request) (*search.Result, error)
	ready    func(context.Context) error
	acquired *atomic.Int64
}

func (f fakeArchive) Acquire() (Reader, func()) {
	if f.acquired != nil {
		f.acquired.Add(1)
	}
	rd, release := f.Archive.Acquire()
	return fakeReader{Reader: rd, search: f.search, ready: f.ready}, release
}

// fakeReader is a Reader whose function fields, where set, replace the
// embedded Reader's methods.
type fakeReader struct {
	Reader
	search func(context.Context, search.Request) (*search.Result, error)
	ready  func(context.Context) error
}

func (f fakeReader) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	if f.search != nil {
		return f.search(ctx, req)
	}
	return f.Reader.Search(ctx, req)
}

func (f fakeReader) Ready(ctx context.Context) error {
	if f.ready != nil {
		return f.ready(ctx)
	}
	return f.Reader.Ready(ctx)
}

func TestServerFaults(t *testing.T) {
	var logged bytes.Buffer
	idx := indextest.Build(t, corpus(t))
	arch := fakeArchive{Archive: NewArchive(idx, nil), search: func(context.Context, search.Request) (*search.Result, error) {
		return nil, errors.New("disk on fire at /var/secret/path")
	}}
	h := New(Config{Archive: arch, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(&logged, nil))}).Handler()
	for _, path := range []string{"/search?q=cyber", "/api/search?q=cyber"} {
		rec := get(t, h, path)
		if rec.Code != 500 {
			t.Errorf("GET %s with a failing archive = %d, want 500", path, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("GET %s leaks the fault's details: %s", path, rec.Body.String())
		}
	}
	if !strings.Contains(logged.String(), "disk on fire") {
		t.Errorf("the fault was not logged:\n%s", logged.String())
	}

	arch.search = func(context.Context, search.Request) (*search.Result, error) { panic("boom") }
	h = New(Config{Archive: arch, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	if rec := get(t, h, "/search?q=cyber"); rec.Code != 500 || !strings.Contains(rec.Body.String(), "Something went wrong") {
		t.Errorf("panicking handler = %d", rec.Code)
	}
	if rec := get(t, h, "/"); rec.Code != 200 {
		t.Errorf("after a panic, / = %d", rec.Code)
	}

	arch.search = func(context.Context, search.Request) (*search.Result, error) {
		return nil, index.ErrNotFound
	}
	h = New(Config{Archive: arch, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	if rec := get(t, h, "/api/search?q=cyber"); rec.Code != 404 {
		t.Errorf("not-found fault = %d, want 404", rec.Code)
	}
}

func TestBaseURL(t *testing.T) {
	idx := indextest.Build(t, corpus(t))
	h := New(Config{Archive: NewArchive(idx, nil), BaseURL: "https://archive.example.org/", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	doc := parse(t, get(t, h, "/statements/"+seedID+"/2"))
	if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "https://archive.example.org/statements/"+seedID+"/2" {
		t.Errorf("canonical with a base URL = %q", got)
	}
}

// A request reads one Reader from its start to its end: a permalink page
// looks the statement up and reads its paragraph from the same index
// generation, however many swaps happen meanwhile.
func TestOneReaderPerRequest(t *testing.T) {
	var acquired atomic.Int64
	arch := fakeArchive{Archive: NewArchive(indextest.Build(t, corpus(t)), nil), acquired: &acquired}
	h := New(Config{Archive: arch, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, path := range []string{"/statements/" + seedID + "/1?lang=fr", "/search?q=cyber&lang=fr", "/api/statements/" + seedID, "/"} {
		acquired.Store(0)
		if rec := get(t, h, path); rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		if n := acquired.Load(); n != 1 {
			t.Errorf("GET %s took %d Readers, want 1", path, n)
		}
	}
}
