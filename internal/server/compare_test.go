package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"statementarchive/internal/compare/comparetest"
	"statementarchive/internal/statement"
)

const (
	fixA = comparetest.FixtureAID
	fixB = comparetest.FixtureBID
)

func compareHandler(t *testing.T) http.Handler {
	t.Helper()
	return handlerFor(t, comparetest.FixtureFiles())
}

func lastSegment(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	return u.Path[strings.LastIndex(u.Path, "/")+1:]
}

// TestCompareClassesEveryEdit compares two held-out statements whose rows
// were renumbered, reordered, edited, inserted and deleted, and checks
// that the page, the API and the CSV class every pair as its edit was
// made, in both languages.
func TestCompareClassesEveryEdit(t *testing.T) {
	h := compareHandler(t)
	_, b, err := comparetest.Fixture()
	if err != nil {
		t.Fatal(err)
	}
	want := comparetest.FixtureWant
	for _, lang := range []string{"en", "fr"} {
		q := "?a=" + fixA + "&b=" + fixB + "&lang=" + lang
		t.Run("page "+lang, func(t *testing.T) {
			rec := get(t, h, "/compare"+q)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET /compare = %d: %s", rec.Code, rec.Body.String())
			}
			doc := parse(t, rec)
			var got []comparetest.TruthPair
			doc.Find("section.pair").Each(func(_ int, s *goquery.Selection) {
				var tp comparetest.TruthPair
				for _, c := range strings.Fields(s.AttrOr("class", "")) {
					if st, ok := strings.CutPrefix(c, "status-"); ok {
						tp.Status = st
					}
				}
				cells := s.Find(".pair-sides > .cell")
				if a, ok := cells.Eq(0).Find(".lang a").Attr("href"); ok {
					tp.A = lastSegment(a)
				}
				if b, ok := cells.Eq(1).Find(".lang a").Attr("href"); ok {
					tp.B = lastSegment(b)
				}
				got = append(got, tp)
			})
			if !slices.Equal(got, want) {
				t.Errorf("page pairs\n%v\nwant\n%v", got, want)
			}
			if n := doc.Find("section.pair del").Length(); n == 0 {
				t.Error("no <del> marks a removed word")
			}
			if txt := doc.Find("section.pair ins .visually-hidden").First().Text(); txt != "added: " {
				t.Errorf("an addition is announced as %q, want \"added: \"", txt)
			}
		})
		t.Run("api "+lang, func(t *testing.T) {
			rec := get(t, h, "/api/compare"+q)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET /api/compare = %d: %s", rec.Code, rec.Body.String())
			}
			var out struct {
				Pairs []struct {
					A, B   *string
					Status string
					Diff   []struct{ Op, Text string }
				}
				Counts map[string]int
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			var got []comparetest.TruthPair
			for _, p := range out.Pairs {
				var tp comparetest.TruthPair
				tp.Status = p.Status
				if p.A != nil {
					tp.A = *p.A
				}
				if p.B != nil {
					tp.B = *p.B
					ref, _ := statement.ParseRef(*p.B)
					row, _ := b.Row(ref)
					var joined strings.Builder
					for _, d := range p.Diff {
						if d.Op != "removed" {
							joined.WriteString(d.Text)
						}
					}
					if joined.String() != row.Text[lang] {
						t.Errorf("pair →%s: kept and added runs give %q, want B's text %q", *p.B, joined.String(), row.Text[lang])
					}
				}
				got = append(got, tp)
			}
			if !slices.Equal(got, want) {
				t.Errorf("API pairs\n%v\nwant\n%v", got, want)
			}
			if out.Counts["changed"] != 3 || out.Counts["moved"] != 1 {
				t.Errorf("counts %v", out.Counts)
			}
		})
		t.Run("csv "+lang, func(t *testing.T) {
			rec := get(t, h, "/compare.csv"+q)
			if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
				t.Fatalf("GET /compare.csv = %d %s", rec.Code, rec.Header().Get("Content-Type"))
			}
			records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), utf8BOM))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var got []comparetest.TruthPair
			for _, r := range records[1:] {
				got = append(got, comparetest.TruthPair{A: r[1], B: r[2], Status: r[0]})
			}
			if !slices.Equal(got, want) {
				t.Errorf("CSV pairs\n%v\nwant\n%v", got, want)
			}
		})
	}
}

// TestCompareBadInput checks that each request the comparison cannot
// answer gets a status and a message saying what to do.
func TestCompareBadInput(t *testing.T) {
	h := compareHandler(t)
	tests := []struct {
		name, target string
		status       int
		says         string
	}{
		{"unknown a", "/api/compare?a=nowhere&b=" + fixB, 404, "no statement with the identifier"},
		{"unknown b on the page", "/compare?a=" + fixA + "&b=nowhere", 404, "no statement with the identifier"},
		{"same statement twice", "/api/compare?a=" + fixA + "&b=" + fixA, 400, "two different statements"},
		{"a missing", "/api/compare?b=" + fixB, 400, "Give the two statements"},
		{"a language one lacks", "/api/compare?a=" + fixA + "&b=" + fixB + "&lang=de", 400, "choose a language both have (en, fr)"},
		{"threshold 0", "/api/compare?a=" + fixA + "&b=" + fixB + "&threshold=0", 400, "from 1 to 100"},
		{"threshold 101", "/compare.csv?a=" + fixA + "&b=" + fixB + "&threshold=101", 400, "from 1 to 100"},
		{"threshold past int", "/api/compare?a=" + fixA + "&b=" + fixB + "&threshold=99999999999999999999999", 400, "whole number"},
		{"threshold negative past int", "/api/compare?a=" + fixA + "&b=" + fixB + "&threshold=-99999999999999999999999", 400, "whole number"},
		{"word too long", "/api/compare?a=" + fixA + "&b=" + fixB + "&word=" + strings.Repeat("x", MaxCompareWord+1), 400, "at most 100 bytes"},
		{"alike limit 0", "/api/statements/" + fixB + "/3/alike?limit=0", 400, "from 1 to 50"},
		{"alike limit 51", "/api/statements/" + fixB + "/3/alike?limit=51", 400, "from 1 to 50"},
		{"alike threshold huge", "/api/statements/" + fixB + "/3/alike?threshold=1000", 400, "from 1 to 100"},
		{"alike language the row lacks", "/api/statements/" + fixB + "/3/alike?lang=de", 400, "choose one of its languages (en, fr)"},
		{"alike unknown row", "/api/statements/" + fixB + "/99/alike", 404, ""},
		{"phrase missing", "/alike", 400, "Give the wording"},
		{"phrase in a language the archive lacks", "/alike?q=%22task+force%22&lang=xx", 400, "no text in"},
		{"choose by a title nothing has", "/compare?b=" + fixB + "&with=zzzz", 404, "No other statement"},
		{"with too long", "/compare?b=" + fixB + "&with=" + strings.Repeat("x", MaxWith+1), 400, "at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d: %.300s", tt.target, rec.Code, tt.status, rec.Body.String())
			}
			if !strings.Contains(rec.Body.String(), tt.says) {
				t.Errorf("GET %s says %.400s; want it to say %q", tt.target, rec.Body.String(), tt.says)
			}
		})
	}
}

// TestCompareWayIn follows the link from a statement's reading view to
// its comparison with the previous statement of its issuer, and chooses
// another statement by its reference.
func TestCompareWayIn(t *testing.T) {
	h := compareHandler(t)
	doc := parse(t, get(t, h, "/statements/"+fixB))
	link := doc.Find(`a:contains("Compare with the previous statement of this issuer")`)
	href, ok := link.Attr("href")
	if !ok {
		t.Fatal("the reading view has no link to compare with the previous statement")
	}
	rec := get(t, h, href)
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/compare?a="+fixA+"&b="+fixB {
		t.Fatalf("GET %s = %d to %q, want a redirect to the comparison with %s", href, rec.Code, rec.Header().Get("Location"), fixA)
	}
	page := parse(t, get(t, h, rec.Header().Get("Location")))
	if !strings.Contains(page.Find("article p").First().Text(), "previous statement of") {
		t.Errorf("the comparison does not say it is with the previous statement: %q", page.Find("article p").First().Text())
	}
	// The first statement has no previous one: the page asks to choose.
	rec = get(t, h, "/compare?b="+fixA)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "no earlier statement") {
		t.Errorf("GET /compare?b=%s = %d: %.300s", fixA, rec.Code, rec.Body.String())
	}
	rec = get(t, h, "/compare?b="+fixB+"&with="+url.QueryEscape("EX(2021)017"))
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "a="+fixA) {
		t.Errorf("choosing by reference = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = get(t, h, "/compare?b="+fixA+"&with=easton")
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "a="+fixB) {
		t.Errorf("choosing by title = %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}

// TestCompareSummaryWords checks that the summary's words link to the
// rows that hold them.
func TestCompareSummaryWords(t *testing.T) {
	h := compareHandler(t)
	doc := parse(t, get(t, h, "/compare?a="+fixA+"&b="+fixB+"&lang=en"))
	var link string
	doc.Find(".word-changes a").Each(func(_ int, s *goquery.Selection) {
		if s.Text() == "agreement" {
			link = s.AttrOr("href", "")
		}
	})
	if link == "" {
		t.Fatalf("the summary does not list “agreement” (1 → 0): %s", doc.Find(".word-changes").Text())
	}
	filtered := parse(t, get(t, h, link))
	if n := filtered.Find("section.pair").Length(); n != 1 {
		t.Errorf("%s lists %d pairs, want the 1 with the word", link, n)
	}
}

// TestParagraphShowsWordedAlike checks the paragraph page's worded-alike
// list and the API's, with the lineage's first statement and reuse.
func TestParagraphShowsWordedAlike(t *testing.T) {
	h := compareHandler(t)
	doc := parse(t, get(t, h, "/statements/"+fixB+"/3"))
	items := doc.Find("section.alike .alike-list li")
	if items.Length() < 1 {
		t.Fatalf("paragraph 3 of %s lists no row worded alike: %s", fixB, doc.Find("section.alike").Text())
	}
	if href := items.First().Find("a").AttrOr("href", ""); href != "/statements/"+fixA+"/1" {
		t.Errorf("first alike row links to %q, want paragraph 1 of %s", href, fixA)
	}
	if txt := doc.Find("section.alike").Text(); !strings.Contains(txt, "First worded this way in") {
		t.Errorf("no lineage note: %s", txt)
	}

	rec := get(t, h, "/api/statements/"+fixA+"/1/alike?lang=fr")
	var out struct {
		Languages []struct {
			Lang        string
			ReusedLater int  `json:"reused_later"`
			FirstIsThis bool `json:"first_is_this"`
			Alike       []struct {
				Ref   string
				Share float64
			}
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Languages) != 1 {
		t.Fatalf("GET alike = %d %v: %s", rec.Code, err, rec.Body.String())
	}
	l := out.Languages[0]
	if l.Lang != "fr" || !l.FirstIsThis || l.ReusedLater != 1 || len(l.Alike) != 1 || l.Alike[0].Ref != "3" || l.Alike[0].Share != 1 {
		t.Errorf("got %+v, want paragraph 3 of the later statement, all of the wording shared, reused once later", l)
	}
}

// TestPhraseSearchLinksToItsUses follows the link a quoted phrase's
// search offers to the statements using it, oldest first.
func TestPhraseSearchLinksToItsUses(t *testing.T) {
	h := compareHandler(t)
	doc := parse(t, get(t, h, "/search?q="+url.QueryEscape(`"coastal warning network"`)))
	href, ok := doc.Find(".phrase-uses a").Attr("href")
	if !ok {
		t.Fatal("the search of a quoted phrase offers no list of the statements using it")
	}
	uses := parse(t, get(t, h, href))
	var ids []string
	uses.Find("ol.phrase-uses > li > a:first-child").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, lastSegment(s.AttrOr("href", "")))
	})
	if !slices.Equal(ids, []string{fixA, fixB}) {
		t.Errorf("%s lists %v, want %v, oldest first", href, ids, []string{fixA, fixB})
	}
	if doc := parse(t, get(t, h, "/search?q=coastal")); doc.Find(".phrase-uses").Length() != 0 {
		t.Error("a search of a plain word offers the phrase's uses")
	}
}

// TestCompareAPIMatchesItsDescription validates the comparison's and
// worded-alike's answers, errors included, against the OpenAPI
// description.
func TestCompareAPIMatchesItsDescription(t *testing.T) {
	h := compareHandler(t)
	openapi3filter.RegisterBodyDecoder("application/x-bibtex", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/x-research-info-systems", openapi3filter.PlainBodyDecoder)
	doc, err := openapi3.NewLoader().LoadFromData(get(t, h, "/api/openapi.json").Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{
		"/api/compare?a=" + fixA + "&b=" + fixB,
		"/api/compare?a=" + fixA + "&b=" + fixB + "&lang=fr&threshold=80",
		"/api/compare?a=" + fixA + "&b=" + fixA,
		"/api/compare?a=nowhere&b=" + fixA,
		"/api/statements/" + fixB + "/3/alike",
		"/api/statements/" + fixA + "/1/alike?lang=en&limit=1&threshold=90",
		"/api/statements/" + fixB + "/h1/alike",
		"/api/statements/" + fixB + "/3/alike?limit=0",
		"/api/statements/" + fixB + "/99/alike",
	} {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Errorf("GET %s: no route in the description: %v", target, err)
			continue
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("GET %s = %d does not match the description: %v\n%.400s", target, rec.Code, err, rec.Body.String())
		}
	}
}
