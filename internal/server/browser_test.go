//go:build browser

// The browser test drives Debian's Chromium through the new user's path.
// It needs Chromium and axe-core, which .ci/run installs:
//
//	AXE_CORE_JS=/path/to/axe.min.js go test -tags browser -run Browser ./internal/server
//
// Screenshots of each step go to $E2E_OUT (default: a folder under the
// system's temporary directory), which is not committed.
package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"statementarchive/internal/index/indextest"
)

type browser struct {
	t      *testing.T
	ctx    context.Context
	base   string
	out    string
	axe    string
	prefix string
}

func newBrowser(t *testing.T, base string, width, height int, prefix string) *browser {
	t.Helper()
	exe := os.Getenv("CHROMIUM")
	if exe == "" {
		exe = "/usr/bin/chromium"
	}
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("no Chromium at %s (set CHROMIUM, or apt-get install chromium): %v", exe, err)
	}
	axePath := os.Getenv("AXE_CORE_JS")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core: set AXE_CORE_JS to axe.min.js from the npm package axe-core: %v", err)
	}
	out := os.Getenv("E2E_OUT")
	if out == "" {
		out = filepath.Join(os.TempDir(), "archive-e2e")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: base, out: out, axe: string(axe), prefix: prefix}
	// The first action starts the browser, which lives as long as the
	// context of that call: run it without a step timeout.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return b
}

// stepTimeout bounds how long one step may wait for the page (a page that
// never shows what a step waits for fails the test instead of hanging it).
const stepTimeout = 30 * time.Second

// run runs the steps in order, failing the test on the first error.
func (b *browser) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// value runs an action that returns a value.
func value[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// viewports are the windows each path is walked in: a desktop's and a
// phone's.
var viewports = []struct {
	name          string
	width, height int
}{{"desktop", 1280, 900}, {"phone", 390, 844}}

// step saves a screenshot and runs axe-core on the page, failing on any
// serious or critical violation.
func (b *browser) step(name string) {
	b.t.Helper()
	png := value(b, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(b.out, b.prefix+"-"+name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	value(b, chromedp.Evaluate[bool](b.axe+";true"))
	raw := value(b, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify({
		passes: r.passes.length,
		violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))}))`,
		chromedp.EvalAwaitPromise))
	var result struct {
		Passes     int
		Violations []struct {
			ID, Impact, Help string
			Nodes            []string
		}
	}
	if err := json.Unmarshal([]byte(raw), &result); err != nil {
		b.t.Fatalf("axe result: %v", err)
	}
	if result.Passes == 0 {
		b.t.Fatalf("%s %s: axe-core checked nothing; it did not run", b.prefix, name)
	}
	violations := result.Violations
	for _, v := range violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Errorf("%s %s: accessibility %s (%s): %s at %v", b.prefix, name, v.Impact, v.ID, v.Help, v.Nodes)
		} else {
			b.t.Logf("%s %s: accessibility %s (%s): %s", b.prefix, name, v.Impact, v.ID, v.Help)
		}
	}
}

// openFilters unfolds the search page's filters where they are folded
// (a phone's window): a person taps their summary.
func (b *browser) openFilters() {
	b.t.Helper()
	folded := value(b, chromedp.Evaluate[bool](`(() => { const d = document.querySelector("details.filter-panel"); return !!d && !d.open && getComputedStyle(d, "::details-content").contentVisibility === "hidden" })()`))
	if folded {
		b.run(chromedp.Click(css("details.filter-panel > summary")), chromedp.WaitVisible(css(".filters")))
	}
}

// shownControlsJS lists the page's controls a keyboard can reach: those
// rendered, and not inside a folded <details> whose content is hidden
// (its summary is reached; a panel the style sheet keeps open when
// folded, as the search's filters on a wide window, is reached too).
const shownControlsJS = `(() => {
	const shown = e => {
		for (let d = e.parentElement && e.parentElement.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
			const summary = d.querySelector(":scope > summary");
			if (d.open || (summary && summary.contains(e))) continue;
			const c = getComputedStyle(d, "::details-content");
			if (c.contentVisibility === "hidden" || c.display === "none") return false;
		}
		return e.getClientRects().length > 0 || e.classList.contains("skip");
	};
	return [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")].filter(shown).map(e => e.outerHTML.slice(0, 80));
})()`

func (b *browser) text(sel string) string {
	b.t.Helper()
	return strings.Join(strings.Fields(value(b, chromedp.Text(css(sel)))), " ")
}

func (b *browser) location() string {
	b.t.Helper()
	return strings.TrimPrefix(value(b, chromedp.Location()), b.base)
}

// The new user's path, with the keyboard as far as a person would use it:
// open /, search, tick French, open the permalink, read its citation,
// follow it to the reading view, swap the languages; on a desktop window
// and on a phone.
func TestBrowserNewUserPath(t *testing.T) {
	srv := httptest.NewServer(handlerFor(t, map[string]string{seedID + ".txt": indextest.Seed(t)}))
	defer srv.Close()

	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			b := newBrowser(t, srv.URL, vp.width, vp.height, vp.name)

			b.run(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(css("#q")))
			if got := b.text("h1"); got != "Statement archive" {
				t.Errorf("/ heading = %q", got)
			}
			b.step("1-home")

			b.run(chromedp.SendKeys(css("#q"), "ransomware"+kb.Enter), chromedp.WaitVisible(css("ol.hits")))
			if got := b.text("ol.hits > li .match mark"); got != "ransomware" {
				t.Errorf("highlighted match = %q", got)
			}
			if got := b.text("ol.hits > li .aligned p[lang=fr]"); !strings.HasPrefix(got, "Nous observons") {
				t.Errorf("French beside the hit = %q", got)
			}
			b.step("2-search")

			// Tick French with the keyboard, then apply: ransomware is not
			// a French word, and the page says which language has it. On a
			// phone the filters are folded under their summary: open it.
			b.openFilters()
			b.run(chromedp.Focus(css(`input[name=lang][value=fr]`)), chromedp.KeyEvent(" "),
				chromedp.Click(css(`.filters button[type=submit]`)),
				// Only the page the server renders next has the attribute
				// (ticking sets the property): wait for the new page.
				chromedp.WaitVisible(css(`input[name=lang][value=fr][checked]`)), chromedp.WaitVisible(css(`.notice a[lang=en]`)))
			if got := b.location(); !strings.Contains(got, "lang=fr") {
				t.Errorf("after ticking French, location = %q", got)
			}
			if got := b.text(".notice a[lang=en]"); got != "English" {
				t.Errorf("the language that matches = %q, want English", got)
			}
			b.step("3-french-none")

			// The French word, with French still chosen: French first.
			value(b, chromedp.Evaluate[bool](`document.querySelector("#q").value = ""; true`))
			b.run(chromedp.SendKeys(css("#q"), "rançonneurs"+kb.Enter),
				chromedp.WaitVisible(css("ol.hits")))
			firstLang := value(b, chromedp.Evaluate[string](`document.querySelector("ol.hits > li .pair > div p").getAttribute("lang")`))
			if firstLang != "fr" {
				t.Errorf("filtered to French, the row shows %q first", firstLang)
			}
			b.step("3-french")

			b.run(chromedp.Click(css("ol.hits > li a.permalink")), chromedp.WaitVisible(css("#citation-text")))
			if got := b.location(); got != "/statements/"+seedID+"/1?lang=fr" {
				t.Errorf("permalink location = %q", got)
			}
			citation := value(b, chromedp.Value(css("#citation-text")))
			if !strings.Contains(citation, "paragr. 1") || !strings.Contains(citation, testBaseURL+"/statements/"+seedID+"/1?lang=fr") {
				t.Errorf("citation = %q", citation)
			}
			b.step("4-permalink")

			b.run(chromedp.Click(css(`a[href$="#p1"]`)), chromedp.WaitVisible(css("#p1")))
			if got := b.location(); !strings.HasSuffix(got, "#p1") {
				t.Errorf("reading view location = %q", got)
			}
			langs := value(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#p1 p[lang]")].map(p => p.lang)`))
			if strings.Join(langs, ",") != "fr,en" {
				t.Errorf("reading view ¶1 languages = %v, want fr,en", langs)
			}
			lefts := value(b, chromedp.Evaluate[[]float64](`[...document.querySelectorAll("#p1 .cell")].map(c => Math.round(c.getBoundingClientRect().left))`))
			stacked := len(lefts) == 2 && lefts[0] == lefts[1]
			if wantStacked := vp.width < 600; stacked != wantStacked {
				t.Errorf("%s: cells of ¶1 at x=%v; stacked=%v, want %v", vp.name, lefts, stacked, wantStacked)
			}
			b.step("5-reading")

			b.run(chromedp.Click(css("a.swap")), chromedp.WaitReady(css(`select[name=left] option[value=en][selected]`)), chromedp.WaitVisible(css("#p1")))
			langs = value(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#p1 p[lang]")].map(p => p.lang)`))
			if strings.Join(langs, ",") != "en,fr" {
				t.Errorf("after the swap, ¶1 languages = %v, want en,fr", langs)
			}
			b.step("6-swapped")
		})
	}
}

// With the keyboard alone every control of each page is reached, in order,
// and shows where the focus is.
func TestBrowserKeyboard(t *testing.T) {
	idx := indextest.Build(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	srv := httptest.NewServer(New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	defer srv.Close()
	b := newBrowser(t, srv.URL, 1280, 900, "keyboard")

	for _, path := range []string{"/", "/search?q=ransomware", "/statements", "/statements/" + seedID, "/statements/" + seedID + "/1"} {
		b.run(chromedp.Navigate(srv.URL+path), chromedp.WaitReady(css("body")))
		controls := value(b, chromedp.Evaluate[[]string](shownControlsJS))
		reached := map[string]bool{}
		// A date input takes a stop per part (day, month, year).
		for i := 0; i < 2*len(controls)+5; i++ {
			b.run(chromedp.KeyEvent(kb.Tab))
			focus := value(b, chromedp.Evaluate[struct {
				HTML    string `json:"html"`
				Outline string `json:"outline"`
				Width   string `json:"width"`
			}](`(() => { const e = document.activeElement, s = getComputedStyle(e);
				return {html: e.outerHTML.slice(0, 80), outline: s.outlineStyle, width: s.outlineWidth}; })()`))
			if focus.HTML == "" || strings.HasPrefix(focus.HTML, "<body") {
				continue
			}
			reached[focus.HTML] = true
			if focus.Outline == "none" || focus.Width == "0px" {
				t.Errorf("%s: focus on %s is not visible (outline %s %s)", path, focus.HTML, focus.Outline, focus.Width)
			}
		}
		for _, c := range controls {
			if !reached[c] {
				t.Errorf("%s: %s is not reachable with Tab", path, c)
			}
		}
		t.Logf("%s: %d controls, all reached by Tab", path, len(controls))
	}
}

// A long communiqué with a preamble, headings, lettered and dashed items
// and a footnote reads as such, passes axe on a desktop and a phone, and
// its footnote reference leads to the footnote.
func TestBrowserStatementStructure(t *testing.T) {
	srv := httptest.NewServer(handlerFor(t, communiqueFile(t)))
	defer srv.Close()

	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			b := newBrowser(t, srv.URL, vp.width, vp.height, vp.name+"-structure")
			b.run(chromedp.Navigate(srv.URL+"/statements/2019-06-14-bergen"), chromedp.WaitVisible(css("#h1")))
			if got := b.text("#h2 h2[lang=en]"); got != "Resilience and Readiness" {
				t.Errorf("heading 2 = %q", got)
			}
			if got := b.text("#p3 ul.items li"); !strings.HasPrefix(got, "a. to review") {
				t.Errorf("first item of ¶3 = %q", got)
			}
			b.step("1-reading")
			b.run(chromedp.Click(css(`#p4 sup a[href="#n1"]`)), chromedp.WaitVisible(css("#n1")))
			if got := b.location(); !strings.HasSuffix(got, "#n1") {
				t.Errorf("after the footnote reference, location = %q", got)
			}
			b.step("2-footnote")
			b.run(chromedp.Navigate(srv.URL+"/statements/2019-06-14-bergen/preamble?lang=fr"), chromedp.WaitVisible(css("#citation-text")))
			if got := value(b, chromedp.Value(css("#citation-text"))); !strings.Contains(got, ", préambule, ") {
				t.Errorf("preamble citation = %q", got)
			}
			b.step("3-preamble")
		})
	}
}
