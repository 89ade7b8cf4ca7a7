package server

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
	"statementarchive/web"
)

// The sitemap protocol (sitemaps.org, 0.9), as its schema has it: a
// urlset of url elements, each with one loc (an absolute URL of at most
// 2,048 characters), or a sitemapindex of sitemap elements, each with one
// loc; at most 50,000 of them and 50 MB a file.
const (
	sitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
	sitemapMaxLoc    = 2048
	sitemapMaxBytes  = 50 << 20
)

// sitemapDoc is either kind of sitemap file, read element by element so
// that anything the schema does not allow shows.
type sitemapDoc struct {
	XMLName xml.Name
	Entries []struct {
		XMLName xml.Name
		Locs    []string   `xml:"loc"`
		Other   []xml.Name `xml:",any"`
	} `xml:",any"`
}

// readSitemap parses a sitemap file and checks it against the protocol:
// its root (urlset or sitemapindex, in the protocol's namespace), its
// entries (url or sitemap, each with exactly one loc and nothing the
// schema does not know), its sizes. It returns the root's name and the
// locs.
func readSitemap(t *testing.T, rec *httptest.ResponseRecorder) (string, []string) {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("sitemap = %d: %.300s", rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Errorf("sitemap Content-Type = %q", ct)
	}
	if !strings.HasPrefix(rec.Body.String(), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("sitemap does not declare UTF-8: %.60q", rec.Body.String())
	}
	if rec.Body.Len() > sitemapMaxBytes {
		t.Errorf("sitemap is %d bytes, over the protocol's 50 MB", rec.Body.Len())
	}
	var d sitemapDoc
	if err := xml.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatalf("sitemap does not parse: %v", err)
	}
	if d.XMLName.Space != sitemapNamespace {
		t.Errorf("sitemap namespace = %q, want %q", d.XMLName.Space, sitemapNamespace)
	}
	entry := map[string]string{"urlset": "url", "sitemapindex": "sitemap"}[d.XMLName.Local]
	if entry == "" {
		t.Fatalf("sitemap root = %q, want urlset or sitemapindex", d.XMLName.Local)
	}
	if len(d.Entries) > 50_000 {
		t.Errorf("sitemap lists %d entries, over the protocol's 50,000", len(d.Entries))
	}
	var locs []string
	for _, e := range d.Entries {
		if e.XMLName.Local != entry || e.XMLName.Space != sitemapNamespace || len(e.Locs) != 1 || len(e.Other) > 0 {
			t.Errorf("%s holds %v with locs %q and %v; want %s elements of one loc each", d.XMLName.Local, e.XMLName, e.Locs, e.Other, entry)
			continue
		}
		loc := e.Locs[0]
		if u, err := url.Parse(loc); err != nil || !u.IsAbs() || len(loc) > sitemapMaxLoc {
			t.Errorf("loc %q is not an absolute URL of at most %d characters", loc, sitemapMaxLoc)
		}
		locs = append(locs, loc)
	}
	return d.XMLName.Local, locs
}

// wantSitemap lists every statement's and row's permalink, as the
// catalog has them, newest statement first.
func wantSitemap(t *testing.T, files map[string]string) []string {
	idx := indextest.Build(t, files)
	var out []string
	for _, st := range idx.Statements() {
		out = append(out, testBaseURL+web.StatementPath(st.ID))
		for _, p := range st.Paragraphs {
			out = append(out, testBaseURL+web.ParagraphPath(st.ID, p.Ref()))
		}
	}
	return out
}

// The sitemap lists every statement and row permalink, each a page that
// answers, at the public URL.
func TestSitemap(t *testing.T) {
	h := outputServer(t)
	root, locs := readSitemap(t, get(t, h, "/sitemap.xml"))
	if root != "urlset" {
		t.Fatalf("sitemap of a small archive is a %s, want a urlset", root)
	}
	want := wantSitemap(t, outputCorpus(t))
	if !slices.Equal(locs, want) {
		t.Errorf("sitemap =\n%q\nwant\n%q", locs, want)
	}
	for _, loc := range locs {
		if code := get(t, h, pathOf(t, loc)).Code; code != http.StatusOK {
			t.Errorf("%s = %d", loc, code)
		}
	}
	for _, path := range []string{"/sitemap-1.xml", "/sitemap-0.xml", "/sitemap-x.xml"} {
		if code := get(t, h, path).Code; code != http.StatusNotFound {
			t.Errorf("GET %s of an archive that needs one file = %d, want 404", path, code)
		}
	}
}

// Past sitemapMaxURLs URLs, /sitemap.xml is an index of files that
// together list every URL once, each within the limit.
func TestSitemapIndex(t *testing.T) {
	h := outputServer(t)
	want := wantSitemap(t, outputCorpus(t))
	defer func(n int) { sitemapMaxURLs = n }(sitemapMaxURLs)
	sitemapMaxURLs = 6
	files := (len(want) + sitemapMaxURLs - 1) / sitemapMaxURLs
	if files < 3 || len(want)%sitemapMaxURLs == 0 {
		t.Fatalf("%d URLs in files of %d; the test wants three files or more, the last one part full", len(want), sitemapMaxURLs)
	}

	root, locs := readSitemap(t, get(t, h, "/sitemap.xml"))
	if root != "sitemapindex" {
		t.Fatalf("sitemap of %d URLs past a limit of %d is a %s, want a sitemapindex", len(want), sitemapMaxURLs, root)
	}
	var wantFiles []string
	for n := 1; n <= files; n++ {
		wantFiles = append(wantFiles, testBaseURL+"/sitemap-"+strconv.Itoa(n)+".xml")
	}
	if !slices.Equal(locs, wantFiles) {
		t.Fatalf("sitemap index = %q, want %q", locs, wantFiles)
	}
	var all []string
	for _, loc := range locs {
		root, part := readSitemap(t, get(t, h, pathOf(t, loc)))
		if root != "urlset" || len(part) == 0 || len(part) > sitemapMaxURLs {
			t.Errorf("%s is a %s of %d URLs, want a urlset of 1 to %d", loc, root, len(part), sitemapMaxURLs)
		}
		all = append(all, part...)
	}
	if !slices.Equal(all, want) {
		t.Errorf("the files together list\n%q\nwant\n%q", all, want)
	}
	for _, path := range []string{"/sitemap-0.xml", "/sitemap-" + strconv.Itoa(files+1) + ".xml", "/sitemap-01x.xml"} {
		if code := get(t, h, path).Code; code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, code)
		}
	}
}

// The sitemap's URLs come from the public URL, never from the request.
func TestSitemapHostNeverEchoed(t *testing.T) {
	h := outputServer(t)
	req := httptest.NewRequest(http.MethodGet, "/sitemap.xml", nil)
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Host", "evil.example")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if where := mentions(rec.Header(), rec.Body.String(), "evil.example"); rec.Code != http.StatusOK || where != "" {
		t.Errorf("GET /sitemap.xml with Host: evil.example = %d, carries it in %q", rec.Code, where)
	}
}
