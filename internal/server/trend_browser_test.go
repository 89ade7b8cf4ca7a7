//go:build browser

package server

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The trend in Chromium: from a search to its chart, normalised with the
// keyboard, then a count of the table followed to the search that finds
// that many paragraphs; axe-core checks each page.
func TestBrowserTrend(t *testing.T) {
	srv := httptest.NewServer(handlerFor(t, trendFiles(t)))
	defer srv.Close()

	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			b := newBrowser(t, srv.URL, vp.width, vp.height, vp.name+"-trend")

			// A wide window draws the wide chart, a phone the narrow one.
			chart := ".chart-wide svg g[role=img]"
			if vp.width < 600 {
				chart = ".chart-narrow svg g[role=img]"
			}
			b.run(chromedp.Navigate(srv.URL+"/search?q=cyber+%7C+terrorism"), chromedp.WaitReady(css(`a[href^="/trend?"]`)))
			b.openFilters() // the link to the trend is with the filters
			b.run(chromedp.WaitVisible(css(`a[href^="/trend?"]`)))
			b.run(chromedp.Click(css(`a[href^="/trend?"]`)), chromedp.WaitVisible(css(chart)))
			if got := b.location(); got != "/trend?q=cyber+%7C+terrorism" {
				t.Errorf("the search's trend link led to %q", got)
			}
			// The name a screen reader gives the chart.
			name := value(b, chromedp.Evaluate[string](`(() => { const g = document.querySelector("`+chart+`"); return document.getElementById(g.getAttribute("aria-labelledby")).textContent })()`))
			if got := name; !strings.HasPrefix(got, "Paragraphs matching “cyber”, “terrorism”, per year") {
				t.Errorf("chart title = %q", got)
			}
			b.step("1-chart")

			// How to count is folded under its summary: open it, tick
			// normalise with the keyboard, draw again.
			b.run(chromedp.Click(css(`details.trend-options > summary`)), chromedp.WaitVisible(css(`input[name=normalise]`)))
			b.run(chromedp.Focus(css(`input[name=normalise]`)), chromedp.KeyEvent(" "),
				chromedp.Click(css(`form[action="/trend"] .search button[type=submit]`)),
				chromedp.WaitReady(css(`input[name=normalise][checked]`)), chromedp.WaitVisible(css(chart)))
			if got := b.location(); !strings.Contains(got, "normalise=1") {
				t.Errorf("after ticking normalise, location = %q", got)
			}
			b.run(chromedp.Click(css(`details.trend-numbers > summary`)), chromedp.WaitVisible(css(`table.trend-table caption`)))
			if got := b.text(`table.trend-table caption`); !strings.Contains(got, "share") {
				t.Errorf("normalised table caption = %q", got)
			}
			b.step("2-normalised")

			// The bars are for a pointer; the keyboard reaches the same
			// searches through the table, and never stops inside the image.
			if n := value(b, chromedp.Evaluate[int](`document.querySelectorAll('svg a:not([tabindex="-1"])').length`)); n != 0 {
				t.Errorf("%d links of the chart are in the tab order", n)
			}
			link := `table.trend-table tbody td a`
			want, err := strconv.Atoi(b.text(link))
			if err != nil {
				t.Fatalf("the first count of the table: %v", err)
			}
			b.run(chromedp.Click(css(link)), chromedp.WaitVisible(css(`p.summary`)))
			summary := b.text(`p.summary`)
			if !strings.HasPrefix(summary, strconv.Itoa(want)+" paragraph") {
				t.Errorf("the table's %d led to a search saying %q", want, summary)
			}
			b.step("3-year-search")
		})
	}
}
