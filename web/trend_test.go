package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/search"
)

// svgDoc is what the tests read of a chart, parsed back with encoding/xml:
// the drawing (an image with a title and a description, holding the
// legend and axes) and the bars beside it.
type svgDoc struct {
	XMLName xml.Name   `xml:"svg"`
	Groups  []svgGroup `xml:"g"`
}

type svgText struct {
	ID   string  `xml:"id,attr"`
	X    float64 `xml:"x,attr"`
	Text string  `xml:",chardata"`
}

type svgGroup struct {
	Class       string     `xml:"class,attr"`
	Role        string     `xml:"role,attr"`
	LabelledBy  string     `xml:"aria-labelledby,attr"`
	DescribedBy string     `xml:"aria-describedby,attr"`
	Hidden      string     `xml:"aria-hidden,attr"`
	Title       svgText    `xml:"title"`
	Desc        svgText    `xml:"desc"`
	Groups      []svgGroup `xml:"g"`
	Texts       []svgText  `xml:"text"`
	Links       []svgBar   `xml:"a"`
}

// svgBar is a bar: a link around a rectangle with its title.
type svgBar struct {
	Href     string `xml:"href,attr"`
	TabIndex string `xml:"tabindex,attr"`
	Rect     struct {
		Width  float64 `xml:"width,attr"`
		Height float64 `xml:"height,attr"`
		Fill   string  `xml:"fill,attr"`
		Series int     `xml:"data-series,attr"`
		Year   int     `xml:"data-year,attr"`
		Title  string  `xml:"title"`
	} `xml:"rect"`
}

// group finds a group by its class, at any depth.
func (d svgDoc) group(class string) svgGroup {
	var find func([]svgGroup) (svgGroup, bool)
	find = func(gs []svgGroup) (svgGroup, bool) {
		for _, g := range gs {
			if g.Class == class {
				return g, true
			}
			if found, ok := find(g.Groups); ok {
				return found, true
			}
		}
		return svgGroup{}, false
	}
	g, _ := find(d.Groups)
	return g
}

// renderChart renders a page's chart and parses it back as XML.
func renderChart(t *testing.T, p TrendPage) svgDoc {
	t.Helper()
	var buf bytes.Buffer
	if err := TrendChart(NewTrendView(p)).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	var doc svgDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("the chart is not well-formed XML: %v\n%s", err, buf.String())
	}
	return doc
}

// sampleTrend is two terms over four years, filtered by issuer.
func sampleTrend() TrendPage {
	req := search.Request{Query: "cyber | terrorism", Issuer: "North Atlantic Council", PerPage: 20}
	return TrendPage{
		Request: search.TrendRequest{Request: req, Terms: []string{"cyber", "terrorism"}},
		Trend: &search.Trend{
			Request: req, Terms: []string{"cyber", "terrorism"},
			Years: []int{2019, 2020, 2021, 2022},
			Series: []search.Series{
				{Term: "cyber", Counts: []int{2, 0, 4, 1}, Total: 7},
				{Term: "terrorism", Counts: []int{1, 3, 0, 0}, Total: 6},
			},
		},
	}
}

func TestTrendChart(t *testing.T) {
	p := sampleTrend()
	doc := renderChart(t, p)
	img := doc.group("drawing")
	if img.Role != "img" {
		t.Errorf("the drawing's role = %q, want img", img.Role)
	}
	if img.LabelledBy != img.Title.ID || img.DescribedBy != img.Desc.ID || img.Title.ID == "" || img.Desc.ID == "" {
		t.Errorf("labelled by %q, described by %q; want the ids of its title (%q) and description (%q)", img.LabelledBy, img.DescribedBy, img.Title.ID, img.Desc.ID)
	}
	if want := "Paragraphs matching “cyber”, “terrorism”, per year, 2019–2022"; img.Title.Text != want {
		t.Errorf("title = %q, want %q", img.Title.Text, want)
	}
	for _, want := range []string{"cyber: 7 paragraphs, most in 2021 (4)", "terrorism: 4 paragraphs, most in 2020 (3)"} {
		if !strings.Contains(img.Desc.Text, want) {
			t.Errorf("desc = %q, want it to say %q", img.Desc.Text, want)
		}
	}
	// The bars' links are the pointer's: out of the image (whose parts
	// are presentational), hidden from screen readers and the tab order.
	if g := doc.group("bars"); g.Hidden != "true" || len(img.Links) != 0 {
		t.Errorf("bars aria-hidden %q, %d links in the image; want the links apart and hidden", g.Hidden, len(img.Links))
	}

	bars := doc.group("bars").Links
	// One bar per year a series matches in: 3 for cyber, 2 for terrorism.
	if len(bars) != 5 {
		t.Fatalf("%d bars, want 5", len(bars))
	}
	var perRow float64
	for _, b := range bars {
		s := p.Trend.Series[b.Rect.Series]
		i := b.Rect.Year - p.Trend.Years[0]
		count := s.Counts[i]
		// Heights are proportional to the counts: the same height per row.
		if perRow == 0 {
			perRow = b.Rect.Height / float64(count)
		}
		if got := b.Rect.Height / float64(count); math.Abs(got-perRow) > 0.1 {
			t.Errorf("%s %d: %g units for %d rows, others %g a row", s.Term, b.Rect.Year, b.Rect.Height, count, perRow)
		}
		if want := s.Term + ", " + strconv.Itoa(b.Rect.Year) + ": " + Count(count, "paragraph", "paragraphs"); b.Rect.Title != want {
			t.Errorf("bar title = %q, want %q", b.Rect.Title, want)
		}
		if want := trendPalette[b.Rect.Series]; b.Rect.Fill != want {
			t.Errorf("%s's bar is %s, want %s", s.Term, b.Rect.Fill, want)
		}
		if b.TabIndex != "-1" {
			t.Errorf("bar link tabindex = %q, want -1: an image's parts are not read, the table's links are the keyboard's", b.TabIndex)
		}
		// Each bar links to the year's search of its term, the filters kept.
		u, err := url.Parse(b.Href)
		if err != nil || u.Path != "/search" {
			t.Fatalf("bar link %q, want a /search URL", b.Href)
		}
		q := u.Query()
		y := strconv.Itoa(b.Rect.Year)
		for k, want := range map[string]string{"q": s.Term, "from": y + "-01-01", "to": y + "-12-31", "issuer": "North Atlantic Council", "per_page": "20"} {
			if q.Get(k) != want {
				t.Errorf("bar link %s: %s = %q, want %q", b.Href, k, q.Get(k), want)
			}
		}
	}
	// The tallest bar (cyber, 2021) reaches the top of the axis: 4 rows
	// on an axis of 0 to 4.
	ticks := doc.group("y-axis").Texts
	if top := ticks[len(ticks)-2].Text; top != "4" { // the last text is the axis title
		t.Errorf("the value axis tops at %q, want 4", top)
	}
	legend := doc.group("legend").Texts
	if len(legend) != 2 || legend[0].Text != "cyber" || legend[1].Text != "terrorism" {
		t.Errorf("legend = %+v, want cyber and terrorism", legend)
	}
}

// Normalised, the bars' heights are proportional to the shares, not the
// counts: a year of few paragraphs is not drowned by one of many.
func TestTrendChartNormalised(t *testing.T) {
	p := sampleTrend()
	p.Trend.Normalised, p.Request.Normalise = true, true
	rows := []int{10, 100, 40, 2}
	for k := range p.Trend.Series {
		s := &p.Trend.Series[k]
		s.Rows = rows
		for i, n := range s.Counts {
			s.Rates = append(s.Rates, float64(n)/float64(rows[i]))
		}
	}
	doc := renderChart(t, p)
	var perShare float64
	for _, b := range doc.group("bars").Links {
		s := p.Trend.Series[b.Rect.Series]
		rate := s.Rates[b.Rect.Year-2019]
		if perShare == 0 {
			perShare = b.Rect.Height / rate
		}
		if got := b.Rect.Height / rate; math.Abs(got-perShare)/perShare > 0.01 {
			t.Errorf("%s %d: height %g for a share of %g, others %g a unit", s.Term, b.Rect.Year, b.Rect.Height, rate, perShare)
		}
	}
	// terrorism in 2019: 1 of 10, the largest share, against cyber's 4
	// of 40 in 2021: the same height.
	if want := "terrorism, 2019: 1 of 10 paragraphs (10.0%)"; !strings.Contains(renderString(t, p), want) {
		t.Errorf("no bar says %q", want)
	}
	ticks := doc.group("y-axis").Texts
	if top := ticks[len(ticks)-2].Text; top != "50%" {
		t.Errorf("the value axis tops at %q, want 50%% (cyber's 2 of 4 in 2022)", top)
	}
}

// A date range that cuts a year narrows that year's link to the range:
// the search it opens finds what the bar counts.
func TestYearSearchURLKeepsTheRange(t *testing.T) {
	p := sampleTrend()
	p.Request.Request.From = time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)
	p.Request.Request.To = time.Date(2022, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		year     int
		from, to string
	}{{2019, "2019-06-01", "2019-12-31"}, {2020, "2020-01-01", "2020-12-31"}, {2022, "2022-01-01", "2022-03-31"}} {
		u, _ := url.Parse(YearSearchURL(p.Request.Request, p.Trend, p.Trend.Series[0], tt.year))
		if q := u.Query(); q.Get("from") != tt.from || q.Get("to") != tt.to {
			t.Errorf("%d: from %s to %s, want %s to %s", tt.year, q.Get("from"), q.Get("to"), tt.from, tt.to)
		}
	}
	lang := search.Series{Term: "cyber", Lang: "fr"}
	u, _ := url.Parse(YearSearchURL(p.Request.Request, p.Trend, lang, 2020))
	if got := u.Query()["lang"]; len(got) != 1 || got[0] != "fr" {
		t.Errorf("a French series' link has lang %v, want [fr]", got)
	}
}

func renderString(t *testing.T, p TrendPage) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Trend(p).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The table gives the chart's numbers for screen readers: a caption,
// headers with their scope, every year (zeros too), each count a link.
func TestTrendTable(t *testing.T) {
	p := sampleTrend()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(renderString(t, p)))
	if err != nil {
		t.Fatal(err)
	}
	table := doc.Find("table.trend-table")
	if got := strings.TrimSpace(table.Find("caption").Text()); got != "Paragraphs matching each term per year" {
		t.Errorf("caption = %q", got)
	}
	var cols []string
	table.Find(`thead th[scope="col"]`).Each(func(_ int, s *goquery.Selection) { cols = append(cols, s.Text()) })
	if strings.Join(cols, ",") != "Year,cyber,terrorism" {
		t.Errorf("column headers = %q, want Year, cyber, terrorism", cols)
	}
	rows := table.Find("tbody tr")
	if rows.Length() != 4 {
		t.Fatalf("%d rows, want one per year, 2019 to 2022", rows.Length())
	}
	rows.Each(func(i int, r *goquery.Selection) {
		year := p.Trend.Years[i]
		if got := r.Find(`th[scope="row"]`).Text(); got != strconv.Itoa(year) {
			t.Errorf("row %d is headed %q, want %d", i, got, year)
		}
		r.Find("td").Each(func(k int, c *goquery.Selection) {
			s := p.Trend.Series[k]
			want := s.Counts[i]
			if got := strings.TrimSpace(c.Text()); got != strconv.Itoa(want) {
				t.Errorf("%s %d = %q, want %d", s.Term, year, got, want)
			}
			href, linked := c.Find("a").Attr("href")
			switch {
			case want == 0 && linked:
				t.Errorf("%s %d: 0 links to %s, want no link", s.Term, year, href)
			case want > 0 && href != YearSearchURL(p.Request.Request, p.Trend, s, year):
				t.Errorf("%s %d links to %q, want the year's search", s.Term, year, href)
			}
		})
	})
	// cyber has no undated row; terrorism has 6 in all, 4 dated.
	var undated []string
	table.Find("tfoot th, tfoot td").Each(func(_ int, c *goquery.Selection) { undated = append(undated, c.Text()) })
	if got := strings.Join(undated, " "); got != "No date 0 2" {
		t.Errorf("undated row = %q, want No date 0 2", got)
	}
	if href, _ := doc.Find(`a[href^="/api/trend"]`).Attr("href"); href != "/api/trend?issuer=North+Atlantic+Council&per_page=20&q=cyber+%7C+terrorism" {
		t.Errorf("JSON link = %q", href)
	}
	for _, name := range []string{"issuer", "per_page"} {
		if doc.Find(`form input[type="hidden"][name="`+name+`"]`).Length() != 1 {
			t.Errorf("the form does not keep %s", name)
		}
	}
}

// Many years: the chart grows rather than draw bars thinner than
// minBarW, and labels a year only every so many, never overlapping.
func TestTrendChartManyYears(t *testing.T) {
	p := sampleTrend()
	tr := p.Trend
	tr.Years = nil
	for y := 1800; y <= 2199; y++ {
		tr.Years = append(tr.Years, y)
	}
	tr.Terms = []string{"a", "b", "c", "d"}
	tr.Series = nil
	for k, term := range tr.Terms {
		s := search.Series{Term: term, Counts: make([]int, len(tr.Years))}
		for i := range s.Counts {
			s.Counts[i] = (i + k) % 7
		}
		tr.Series = append(tr.Series, s)
	}
	doc := renderChart(t, p)
	for _, b := range doc.group("bars").Links {
		if b.Rect.Width < minBarW {
			t.Fatalf("a bar %g wide, want at least %g", b.Rect.Width, minBarW)
		}
	}
	years := doc.group("x-axis").Texts
	years = years[:len(years)-1] // the axis title
	if len(years) < 2 || len(years) > 100 {
		t.Fatalf("%d year labels", len(years))
	}
	for i := 1; i < len(years); i++ {
		if gap := years[i].X - years[i-1].X; gap < minLabelGap {
			t.Errorf("labels %s and %s are %g apart, want at least %d", years[i-1].Text, years[i].Text, gap, minLabelGap)
		}
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct {
		name          string
		top           float64
		share         bool
		step, ceiling float64
		labels        string
	}{
		{"no match", 0, false, 1, 1, "0 1"},
		{"one row", 1, false, 1, 1, "0 1"},
		{"four rows", 4, false, 1, 4, "0 1 2 3 4"},
		{"seventeen rows", 17, false, 5, 20, "0 5 10 15 20"},
		{"hundreds", 730, false, 200, 800, "0 200 400 600 800"},
		{"a share of 37%", 0.37, true, 0.1, 0.4, "0% 10% 20% 30% 40%"},
		{"a share of 0.6%", 0.006, true, 0.002, 0.006, "0.0% 0.2% 0.4% 0.6%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, ceiling := niceScale(tt.top, tt.share)
			if math.Abs(step-tt.step) > 1e-12 || math.Abs(ceiling-tt.ceiling) > 1e-12 {
				t.Errorf("niceScale(%g) = %g, %g; want %g, %g", tt.top, step, ceiling, tt.step, tt.ceiling)
			}
			var labels []string
			for at := 0.0; at <= ceiling+step/2; at += step {
				labels = append(labels, tickLabel(at, step, tt.share))
			}
			if got := strings.Join(labels, " "); got != tt.labels {
				t.Errorf("labels %q, want %q", got, tt.labels)
			}
		})
	}
}
