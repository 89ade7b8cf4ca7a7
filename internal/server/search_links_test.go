package server

import (
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/index/indextest"
)

// Every link of a filtered, sorted second page keeps every filter: the
// pages, the facets (which change their own filter only), the removal
// links (which drop theirs only), the suggestions and renderings.
func TestSearchLinksKeepEveryFilter(t *testing.T) {
	files := map[string]string{}
	for i, y := range []string{"2019", "2020", "2021"} {
		files["s"+y+".txt"] = "---\ntitle: {en: Statement " + y + ", fr: Déclaration " + y + "}\ndate: " + y + "-05-01\nissuer: North Atlantic Council\ntags: [maritime, t" + y + "]\n---\n" +
			"[en]\n1. NATO ships patrol the sea.\n2. NATO Allies meet.\n3. NATO ministers agree.\n" +
			"[fr]\n1. Les navires de l'OTAN patrouillent en mer.\n2. Les Alliés de l'OTAN se réunissent.\n3. Les ministres de l'OTAN s'accordent.\n"
		_ = i
	}
	h := New(Config{Archive: NewArchive(indextest.Build(t, files), nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	const target = "/search?q=NATO&lang=en&issuer=North+Atlantic+Council&tag=maritime&from=2019-01-01&to=2021-12-31&sort=date&per_page=2&page=2"
	doc := parse(t, get(t, h, target))
	if doc.Find("ol.hits > li").Length() != 2 {
		t.Fatalf("second page shows %d rows, want 2", doc.Find("ol.hits > li").Length())
	}
	want, _ := url.ParseQuery(strings.SplitN(target, "?", 2)[1])
	filters := []string{"lang", "issuer", "tag", "from", "to"}
	checked := 0
	doc.Find(`main a[href^="/search?"]`).Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		got, err := url.ParseQuery(strings.SplitN(href, "?", 2)[1])
		if err != nil {
			t.Errorf("link %q: %v", href, err)
			return
		}
		if a.Text() == "Clear every filter" {
			for _, f := range filters {
				if got.Has(f) {
					t.Errorf("clear link %q keeps %s", href, f)
				}
			}
			return
		}
		checked++
		if got.Get("q") == "" || got.Get("sort") != "date" || got.Get("per_page") != "2" {
			t.Errorf("link %q (%s) drops the query, sort or page size", href, strings.TrimSpace(a.Text()))
		}
		changed := 0
		for _, f := range filters {
			if strings.Join(got[f], ",") != strings.Join(want[f], ",") {
				changed++
				if f == "to" && got.Has("from") == got.Has("to") && changed == 2 {
					changed-- // a year link sets from and to together
				}
			}
		}
		if changed > 1 {
			t.Errorf("link %q (%s) changes %d filters; a link may change one", href, strings.TrimSpace(a.Text()), changed)
		}
	})
	if checked < 8 {
		t.Errorf("checked %d links, want the pages, facets and removal links (8 or more)", checked)
	}
	// The form keeps what the links set: the issuer and tag as hidden
	// fields, the page size among the choices.
	for _, sel := range []string{`input[type=hidden][name=issuer][value="North Atlantic Council"]`, `input[type=hidden][name=tag][value=maritime]`, `select[name=per_page] option[value="2"][selected]`, `input[name=from][value="2019-01-01"]`, `select[name=sort] option[value=date][selected]`} {
		if doc.Find(sel).Length() != 1 {
			t.Errorf("the form lacks %s", sel)
		}
	}
}
