package server

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	gencorpus "statementarchive/internal/corpus"
	"statementarchive/internal/index/indextest"
)

// realisticFiles is the generated sample corpus (corpus.WriteRealistic)
// as files for handlerFor: statements in English, French and German over
// the decades, with headings, lists and footnotes.
func realisticFiles(t testing.TB, n int) map[string]string {
	t.Helper()
	dir := t.TempDir()
	if _, err := gencorpus.WriteRealistic(dir, gencorpus.RealisticOptions{Statements: n, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// A statement's or row's address as people write it (capitals, a leading
// zero, "p2", "¶2", "H1") redirects permanently to the canonical one, the
// query kept; one that names nothing stays a 404.
func TestCanonicalRedirects(t *testing.T) {
	h := handlerFor(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	upper := strings.ToUpper(seedID)
	for _, tc := range []struct {
		path, want string
	}{
		{"/statements/" + seedID + "/02", "/statements/" + seedID + "/2"},
		{"/statements/" + seedID + "/p2?lang=fr", "/statements/" + seedID + "/2?lang=fr"},
		{"/statements/" + seedID + "/" + url.PathEscape("¶3"), "/statements/" + seedID + "/3"},
		{"/statements/" + seedID + "/P4", "/statements/" + seedID + "/4"},
		{"/statements/" + upper, "/statements/" + seedID},
		{"/statements/" + upper + "/1?lang=fr", "/statements/" + seedID + "/1?lang=fr"},
		{"/statements/" + upper + "/01", "/statements/" + seedID + "/1"},
	} {
		rec := get(t, h, tc.path)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != tc.want {
			t.Errorf("GET %s = %d to %q, want 301 to %q", tc.path, rec.Code, rec.Header().Get("Location"), tc.want)
		}
	}
	for _, path := range []string{"/statements/" + seedID + "/09", "/statements/" + seedID + "/p9", "/statements/NO-SUCH", "/statements/" + seedID + "/x2"} {
		if rec := get(t, h, path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, rec.Code)
		}
	}
}

// The same language on both sides is refused with a 400 that says so, and
// the page shows another language beside it.
func TestReadingViewSameLanguageTwice(t *testing.T) {
	h := handlerFor(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	rec := get(t, h, "/statements/"+seedID+"?left=en&right=en")
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("left=en&right=en = %d, want 400", rec.Code)
	}
	doc := parse(t, rec)
	if got := text(doc.Find(".notice.error")); !strings.Contains(got, "Both sides asked for English") {
		t.Errorf("notice = %q", got)
	}
	if got := doc.Find("#p1 p[lang]").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("lang", "") }); strings.Join(got, ",") != "en,fr" {
		t.Errorf("¶1 shows %v, want en,fr", got)
	}
}

// A search's columns keep their order from row to row: the language
// filtered on, else the one with most matches, on the left; the
// language that matched is marked; a long row shows the passage around
// its match, the whole row in a disclosure; its title links the row.
func TestSearchColumnsAndPassages(t *testing.T) {
	h := handlerFor(t, realisticFiles(t, 80))
	for _, tc := range []struct{ query, wantLeft string }{
		{"q=terrorism&per_page=20", "en"},
		{"q=terrorisme&lang=fr&per_page=20", "fr"},
		{"q=Terrorismus&lang=de&per_page=20", "de"},
	} {
		doc := parse(t, get(t, h, "/search?"+tc.query))
		hits := doc.Find("ol.hits > li")
		if hits.Length() < 5 {
			t.Fatalf("%s: %d rows, want at least 5", tc.query, hits.Length())
		}
		hits.Each(func(i int, li *goquery.Selection) {
			cols := li.ChildrenFiltered(".pair").Children()
			if got := cols.First().AttrOr("data-lang", ""); got != tc.wantLeft {
				t.Errorf("%s: row %d has %q on the left, want %q", tc.query, i+1, got, tc.wantLeft)
			}
			if cols.Filter(".match").Find(".matched-badge").Length() == 0 {
				t.Errorf("%s: row %d marks no column as matching", tc.query, i+1)
			}
			href := li.Find("h3 a").AttrOr("href", "")
			if !strings.HasPrefix(href, "/statements/") || strings.Count(href, "/") != 3 {
				t.Errorf("%s: row %d's title links %q, want the row's permalink", tc.query, i+1, href)
			}
		})
	}

	// ¶1 of the seed is long: its passage is the sentence that matches,
	// and the whole of it is one step away.
	h = handlerFor(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	doc := parse(t, get(t, h, "/search?q=ransomware"))
	li := doc.Find("ol.hits > li").First()
	passage := text(li.ChildrenFiltered(".pair").Find(".match p"))
	whole := text(li.Find("details.whole .match"))
	if !strings.HasPrefix(passage, "… This has been recently illustrated by ransomware incidents") {
		t.Errorf("passage = %q, want the sentence that matches, after …", passage)
	}
	if !strings.Contains(whole, "We observe with increasing concern") || !strings.Contains(whole, "supply chains") {
		t.Errorf("the whole row = %q, want all of it", whole)
	}
	if got := text(li.ChildrenFiltered(".pair").Find(".aligned p[lang=fr]")); !strings.HasPrefix(got, "Nous observons") {
		t.Errorf("French beside the passage = %q, want its sentence in the same place", got)
	}
}

// Filters without words browse the statements list, whose filters are the
// search page's: each value with its count, removable, decades narrowed
// to years.
func TestBrowseByFilters(t *testing.T) {
	h := handlerFor(t, realisticFiles(t, 80))
	rec := get(t, h, "/search?tag=cyber")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/statements?tag=cyber" {
		t.Fatalf("/search?tag=cyber = %d to %q, want 303 to /statements?tag=cyber", rec.Code, rec.Header().Get("Location"))
	}
	doc := parse(t, get(t, h, "/statements?tag=cyber"))
	listed := doc.Find("ul.statements > li").Length()
	if listed == 0 {
		t.Fatal("no statement tagged cyber listed")
	}
	tags := map[string]string{}
	doc.Find(`nav.facet[aria-label=Tag] li`).Each(func(_ int, s *goquery.Selection) {
		tags[text(s.Find("a, strong").First())] = text(s.Find(".count").First())
	})
	if tags["cyber"] == "" || tags["generated"] == "" {
		t.Errorf("tag facet = %v, want cyber and generated with counts", tags)
	}
	if got := text(doc.Find(".selected-filters li")); got != "× Tag: cyber" {
		t.Errorf("filters in force = %q", got)
	}
	decade := doc.Find(`nav.facet[aria-label=Decade] a`).First()
	if decade.Length() == 0 {
		t.Fatal("no decade facet")
	}
	doc = parse(t, get(t, h, decade.AttrOr("href", "")))
	if doc.Find(`nav.facet[aria-label=Year] a, nav.facet[aria-label=Year] strong`).Length() == 0 {
		t.Errorf("within %s, no year to narrow to", text(decade))
	}
	if got := doc.Find(`input[type=hidden][name=tag][value=cyber]`).Length(); got != 1 {
		t.Errorf("the form keeps tag=cyber %d times, want once", got)
	}
}

// The front page leads to the trend and says what the archive covers.
func TestHomeCoverage(t *testing.T) {
	h := handlerFor(t, realisticFiles(t, 40))
	doc := parse(t, get(t, h, "/"))
	if doc.Find(`main a[href="/trend"]`).Length() == 0 || doc.Find(`header nav a[href="/trend"]`).Length() == 0 {
		t.Error("no way to the trend from the front page and the navigation")
	}
	for _, caption := range []string{"Paragraphs by language", "Statements by decade", "Statements by issuer"} {
		if doc.Find("table caption:contains('"+caption+"')").Length() != 1 {
			t.Errorf("no table %q", caption)
		}
	}
	if got := text(doc.Find(`table a[href^="/statements?issuer="]`).First()); got != gencorpus.RealisticIssuer {
		t.Errorf("first issuer = %q, want %q", got, gencorpus.RealisticIssuer)
	}
}

// The trend of a word offers it with its renderings in the other
// languages as one series.
func TestTrendOffersRenderings(t *testing.T) {
	h := handlerFor(t, realisticFiles(t, 120))
	doc := parse(t, get(t, h, "/trend?q=Russia"))
	link := doc.Find(".across a").First()
	u, err := url.Parse(link.AttrOr("href", ""))
	if err != nil || u.Path != "/trend" {
		t.Fatalf("link %q, want a trend", link.AttrOr("href", ""))
	}
	q := u.Query().Get("q")
	if !strings.Contains(q, "Russia") || !strings.Contains(q, "Russie") || !strings.Contains(q, "Russland") {
		t.Errorf("the one series is %q, want Russia with Russie and Russland", q)
	}
	if doc.Find("details.trend-numbers table.trend-table").Length() != 1 {
		t.Error("the table of numbers is not in a disclosure")
	}
	if n := doc.Find("form[action='/trend'] button").Length(); n != 1 {
		t.Errorf("%d buttons in the trend's form, want 1", n)
	}
}
