//go:build browser

package server

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	gencorpus "statementarchive/internal/corpus"
	"statementarchive/internal/index/indextest"
)

// Every page a reader meets, on a wide window and on a phone, over an
// archive at some size (generated sample statements in three languages
// with the bundled one): each is screenshot and checked by axe-core; none
// is wider than the window; on a phone the first result starts within
// the first screen; the search's columns keep one order from row to row.
func TestBrowserPagesFit(t *testing.T) {
	dir := t.TempDir()
	if _, err := gencorpus.WriteRealistic(dir, gencorpus.RealisticOptions{Statements: 60, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{seedID + ".txt": indextest.Seed(t)}
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("generated statements: %v", err)
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = string(data)
	}
	generated := strings.TrimSuffix(filepath.Base(names[len(names)-1]), ".txt")
	srv := httptest.NewServer(handlerFor(t, files))
	defer srv.Close()

	pages := []struct{ name, path string }{
		{"home", "/"},
		{"search", "/search?q=security"},
		{"statements", "/statements?tag=generated"},
		{"reading", "/statements/" + generated},
		{"permalink", "/statements/" + generated + "/2"},
		{"trend", "/trend?q=cyber+%7C+terrorism"},
		{"follow", "/follow?q=security"},
	}
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			b := newBrowser(t, srv.URL, vp.width, vp.height, vp.name+"-page")
			for i, p := range pages {
				b.run(chromedp.Navigate(srv.URL+p.path), chromedp.WaitReady(css("main")))
				b.step(string(rune('a'+i)) + "-" + p.name)
				wide := value(b, chromedp.Evaluate[string](`(() => {
					const w = document.documentElement.clientWidth;
					if (document.documentElement.scrollWidth <= w) return "";
					const over = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 1);
					const e = over[over.length - 1];
					return document.documentElement.scrollWidth + " px wide for " + w + ", e.g. " + (e ? e.outerHTML.slice(0, 100) : "?");
				})()`))
				if wide != "" {
					t.Errorf("%s %s is wider than the window: %s", vp.name, p.path, wide)
				}
				if p.name != "search" {
					continue
				}
				hits := value(b, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits > li").length`))
				if hits < 2 {
					t.Fatalf("%s: %d hits, want several to compare their columns", p.path, hits)
				}
				order := value(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.hits > li .pair:not(details .pair)")].map(p => [...p.querySelectorAll(":scope > .col")].map(c => c.dataset.lang).join(","))`))
				for _, o := range order[1:] {
					if !strings.HasPrefix(o, strings.Split(order[0], ",")[0]) {
						t.Errorf("%s: the columns change order from row to row: %v", vp.name, order)
						break
					}
				}
				top := value(b, chromedp.Evaluate[float64](`document.querySelector("ol.hits > li").getBoundingClientRect().top`))
				if top >= float64(vp.height) {
					t.Errorf("%s: the first result starts %.0f px down, below the first screen (%d px)", vp.name, top, vp.height)
				}
			}
		})
	}
}
