package web

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// TrendPage is the term-over-time page: the form, and for terms, their
// chart and the table of the same numbers.
type TrendPage struct {
	// Request is the trend as asked: it fills the form, and every link of
	// the page is built from it.
	Request search.TrendRequest
	// Languages are every language of the archive, for the form.
	Languages []string
	// Trend is nil when there are no terms or the request was refused.
	Trend *search.Trend
	// Error explains a refused request.
	Error string
	// Renderings are, per term, how the paragraphs that match it render
	// it in the archive's other languages (a search's renderings), for
	// the page to offer the term and its renderings as one series.
	Renderings map[string][]search.Rendering
}

// TermAcross is a term with its renderings in other languages, and the
// trend with the term counted together with them, as one series.
type TermAcross struct {
	Term string
	// Renderings are the most distinctive word of each other language.
	Renderings []RenderedIn
	URL        string
}

// RenderedIn is a word in a language.
type RenderedIn struct{ Text, Lang string }

// TermsAcross lists, for each term the page has renderings for, the
// term joined with the first rendering in each other language, and the
// trend with that one series in place of the term: a word of one
// language ("Russia") counts its own language's paragraphs only, and
// "Russia Russie Russland" (any of them) counts every language's.
func TermsAcross(p TrendPage) []TermAcross {
	if p.Trend == nil {
		return nil
	}
	var out []TermAcross
	for _, term := range p.Trend.Terms {
		a := TermAcross{Term: term}
		words := []string{term}
		for _, r := range p.Renderings[term] {
			if len(r.Terms) == 0 {
				continue
			}
			w := r.Terms[0].Text
			if strings.EqualFold(w, term) || slices.Contains(words, w) {
				continue
			}
			a.Renderings = append(a.Renderings, RenderedIn{Text: w, Lang: r.Lang})
			if strings.ContainsAny(w, " \t") {
				w = `"` + w + `"`
			}
			words = append(words, w)
		}
		if len(a.Renderings) == 0 {
			continue
		}
		terms := slices.Clone(p.Trend.Terms)
		terms[slices.Index(terms, term)] = strings.Join(words, " ")
		tr := p.Request
		tr.Request.Query = search.JoinTerms(terms)
		tr.Terms = terms
		a.URL = TrendURL(tr)
		out = append(out, a)
	}
	return out
}

// TrendURL returns the trend page's address for a trend request; the
// search page links to it with its own request.
func TrendURL(tr search.TrendRequest) string { return "/trend?" + tr.Values().Encode() }

// TrendAPIURL returns the address of the same trend as JSON.
func TrendAPIURL(tr search.TrendRequest) string { return "/api/trend?" + tr.Values().Encode() }

// trendPalette is Okabe and Ito's palette, which people with any common
// colour blindness tell apart, the colours of most contrast first; every
// bar also has a dark outline, and the table gives every number.
var trendPalette = [search.MaxTrendSeries]string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#F0E442"}

// The chart's geometry, in SVG user units (pixels at scale 1). The SVG
// scales to the width of the page; plotWidth is the width it is drawn
// for, and a chart of many years and series grows past it rather than
// draw bars too thin to point at.
const (
	plotWidth   = 760.0
	plotHeight  = 240
	marginLeft  = 64
	marginEnd   = 16
	axisBelow   = 44 // the years' labels and the axis title
	legendRow   = 20
	minBarW     = 2.0
	maxBarW     = 28
	charWidth   = 7 // the width of a character of the legend, roughly, at 12px
	minLabelGap = 40
)

// TrendView is a trend drawn as an SVG bar chart: a group of bars per
// year, one per series, each a link to that year's search; the axes,
// the legend, a title and a description. Its numbers are positions: the
// templates only place them.
type TrendView struct {
	// ID prefixes the ids of the title and description.
	ID            string
	Title, Desc   string
	Width, Height float64
	// Plot is the area the bars stand in.
	PlotX, PlotY, PlotW, PlotH float64
	// YLabel names what the bars measure.
	YLabel string
	Lines  []TrendLine
	Bars   []TrendBar
	XTicks []TrendTick
	YTicks []TrendTick
	Legend []LegendItem
}

// TrendLine is a series drawn as a line through its years' values, with
// a dot at each year it matches in.
type TrendLine struct {
	Stroke string
	// D is the path's data; Dash its dash pattern ("" for solid), so that
	// the lines differ by more than their colour.
	D, Dash string
	Dots    []TrendTick // At is x; Label holds y
}

// TrendBar is one year's count of one series: the area from the axis up
// to the line's point, which a pointer follows to that year's search
// (drawn clear: the line shows the value).
type TrendBar struct {
	X, Y, W, H float64
	Fill       string
	// URL is the search of the series' term in that year; Label says the
	// year, the term and the count.
	URL, Label string
	// Series and Year say which number the bar draws.
	Series, Year int
}

// TrendTick is a labelled position on an axis.
type TrendTick struct {
	At    float64
	Label string
}

// LegendItem is a series' colour and name.
type LegendItem struct {
	X, Y  float64
	Fill  string
	Dash  string
	Label string
}

// SeriesLabel names a series: its term, and its language when the
// languages are counted apart.
func SeriesLabel(s search.Series) string {
	if s.Lang == "" {
		return s.Term
	}
	return s.Term + " (" + EnglishName(s.Lang) + ")"
}

// barValue is what a series' bar for its i-th year measures: the count, or
// the share of the year's rows when normalised.
func barValue(t *search.Trend, s search.Series, i int) float64 {
	if t.Normalised {
		return s.Rates[i]
	}
	return float64(s.Counts[i])
}

// NewTrendView lays out a trend's chart. Bars are drawn for the years a
// series matches in: a bar of 0 would be a link to nothing, and the
// table lists the zeros.
func NewTrendView(p TrendPage) TrendView { return layoutTrend(p, "trend", plotWidth, minBarW) }

// NarrowPlotWidth is the width of the chart drawn for a phone, in SVG
// units that a 390-pixel screen shows at about one pixel each: its text
// stays 12 pixels high, and its years fit without scrolling.
const NarrowPlotWidth = 290

// NewNarrowTrendView lays out the chart for a phone: the same lines in a
// narrow plot, where a year is less than a bar's width.
func NewNarrowTrendView(p TrendPage) TrendView {
	return layoutTrend(p, "trend-narrow", NarrowPlotWidth, 0.1)
}

// trendDashes tell the lines apart without colour.
var trendDashes = []string{"", "6 3", "2 2", "8 3 2 3"}

func layoutTrend(p TrendPage, id string, plotWidth, minBarW float64) TrendView {
	t := p.Trend
	v := TrendView{ID: id, Title: trendTitle(t), Desc: trendDesc(t), YLabel: "Matching paragraphs"}
	if t.Normalised {
		v.YLabel = "Share of the year's paragraphs"
	}
	n := max(len(t.Series), 1)
	years := max(len(t.Years), 1)

	// The legend, wrapped in rows above the plot.
	x, y := float64(marginLeft), 0.0
	width := float64(marginLeft) + plotWidth + marginEnd
	for k, s := range t.Series {
		label := statement.Excerpt(SeriesLabel(s), 60)
		w := float64(30 + charWidth*utf8.RuneCountInString(label) + 4)
		if x+w > width-marginEnd && x > marginLeft {
			x, y = marginLeft, y+legendRow
		}
		v.Legend = append(v.Legend, LegendItem{X: x, Y: y + 4, Fill: trendPalette[k%len(trendPalette)], Dash: trendDashes[k%len(trendDashes)], Label: label})
		x += w + 12
	}

	// The bars: a slot per year, the series' bars side by side in it.
	slot := plotWidth / float64(years)
	barW := min(max(slot*0.8/float64(n), minBarW), maxBarW)
	slot = max(slot, barW*float64(n)/0.8)
	v.PlotX, v.PlotY = marginLeft, y+legendRow+12
	v.PlotW, v.PlotH = slot*float64(years), plotHeight
	v.Width = v.PlotX + v.PlotW + marginEnd
	v.Height = v.PlotY + v.PlotH + axisBelow

	top := 0.0
	for _, s := range t.Series {
		for i := range t.Years {
			top = max(top, barValue(t, s, i))
		}
	}
	step, ceiling := niceScale(top, t.Normalised)
	for at := 0.0; at <= ceiling+step/2; at += step {
		v.YTicks = append(v.YTicks, TrendTick{At: v.PlotY + v.PlotH - at/ceiling*v.PlotH, Label: tickLabel(at, step, t.Normalised)})
	}
	every := labelEvery(slot)
	for i, yr := range t.Years {
		if yr%every == 0 || every == 1 {
			v.XTicks = append(v.XTicks, TrendTick{At: v.PlotX + (float64(i)+0.5)*slot, Label: strconv.Itoa(yr)})
		}
	}
	for k, s := range t.Series {
		line := TrendLine{Stroke: trendPalette[k%len(trendPalette)], Dash: trendDashes[k%len(trendDashes)]}
		var d strings.Builder
		for i := range t.Years {
			x := v.PlotX + (float64(i)+0.5)*slot
			y := v.PlotY + v.PlotH - barValue(t, s, i)/ceiling*v.PlotH
			if i == 0 {
				d.WriteString("M" + px(x) + " " + px(y))
			} else {
				d.WriteString(" L" + px(x) + " " + px(y))
			}
			if s.Counts[i] > 0 {
				line.Dots = append(line.Dots, TrendTick{At: x, Label: px(y)})
			}
		}
		if len(t.Years) == 1 {
			line.Dots = append(line.Dots[:0], TrendTick{At: v.PlotX + 0.5*slot, Label: px(v.PlotY + v.PlotH - barValue(t, s, 0)/ceiling*v.PlotH)})
		}
		line.D = d.String()
		v.Lines = append(v.Lines, line)
	}
	group := barW * float64(n)
	for k, s := range t.Series {
		for i, yr := range t.Years {
			if s.Counts[i] == 0 {
				continue
			}
			h := barValue(t, s, i) / ceiling * v.PlotH
			v.Bars = append(v.Bars, TrendBar{
				X: v.PlotX + float64(i)*slot + (slot-group)/2 + float64(k)*barW, Y: v.PlotY + v.PlotH - h, W: barW, H: h,
				Fill: trendPalette[k%len(trendPalette)], URL: YearSearchURL(p.Request.Request, t, s, yr),
				Label: cellLabel(t, s, i), Series: k, Year: yr,
			})
		}
	}
	return v
}

// niceScale returns the step between the value axis's ticks (1, 2 or 5
// times a power of ten, at most five steps, whole rows for counts) and
// the axis's top, a multiple of the step at or above top.
func niceScale(top float64, share bool) (step, ceiling float64) {
	if top <= 0 {
		top = 1
		if share {
			top = 0.01
		}
	}
	raw := top / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if !share {
		step = max(step, 1)
	}
	return step, math.Ceil(top/step-1e-9) * step
}

// tickLabel writes a value of the axis: rows, or a percentage with as
// many decimals as the step needs.
func tickLabel(at, step float64, share bool) string {
	if !share {
		return strconv.Itoa(int(math.Round(at)))
	}
	decimals := max(0, int(-math.Floor(math.Log10(step*100)+1e-9)))
	return strconv.FormatFloat(at*100, 'f', decimals, 64) + "%"
}

// labelEvery returns how many years apart the years' labels are, so that
// they do not overlap: every year, or every 2, 5, 10, 20, 50 or 100.
func labelEvery(slot float64) int {
	for _, e := range []int{1, 2, 5, 10, 20, 50, 100} {
		if slot*float64(e) >= minLabelGap {
			return e
		}
	}
	return 200
}

// Percent writes a share as a percentage to two significant decimals.
func Percent(share float64) string {
	switch {
	case share == 0:
		return "0%"
	case share >= 0.1:
		return strconv.FormatFloat(share*100, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(share*100, 'g', 2, 64) + "%"
}

// cellLabel says one number of the trend in words: "cyber, 2021: 3
// paragraphs", or "… 3 of 120 paragraphs (2.5%)" when normalised. (The
// page says paragraphs for rows, as the search page does: a row is a
// paragraph, a preamble, a heading or a footnote.)
func cellLabel(t *search.Trend, s search.Series, i int) string {
	label := SeriesLabel(s) + ", " + strconv.Itoa(t.Years[i]) + ": "
	if t.Normalised {
		return label + strconv.Itoa(s.Counts[i]) + " of " + Count(s.Rows[i], "paragraph", "paragraphs") + " (" + Percent(s.Rates[i]) + ")"
	}
	return label + Count(s.Counts[i], "paragraph", "paragraphs")
}

// trendTitle names the chart: what it counts, of which terms, over which
// years.
func trendTitle(t *search.Trend) string {
	what := "Paragraphs matching "
	if t.Normalised {
		what = "Share of paragraphs matching "
	}
	quoted := make([]string, len(t.Terms))
	for i, term := range t.Terms {
		quoted[i] = "“" + statement.Excerpt(term, 60) + "”"
	}
	title := what + strings.Join(quoted, ", ")
	if t.PerLang {
		title += ", per language"
	}
	title += ", per year"
	if len(t.Years) > 0 {
		title += fmt.Sprintf(", %d–%d", t.Years[0], t.Years[len(t.Years)-1])
	}
	return title
}

// trendDesc sums the chart up for those who cannot see it: each series'
// total and its peak year. The table gives every number.
func trendDesc(t *search.Trend) string {
	if len(t.Years) == 0 {
		return "No dated statement is within the filters: there is nothing to chart."
	}
	var parts []string
	for _, s := range t.Series {
		peak, sum := -1, 0
		for i := range t.Years {
			sum += s.Counts[i]
			if s.Counts[i] > 0 && (peak < 0 || barValue(t, s, i) > barValue(t, s, peak)) {
				peak = i
			}
		}
		part := SeriesLabel(s) + ": " + Count(sum, "paragraph", "paragraphs")
		if peak >= 0 {
			part += ", most in " + strconv.Itoa(t.Years[peak]) + " (" + trendNumber(t, s, peak) + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ") + ". The table below gives every year's numbers."
}

// trendNumber writes one year's number of a series as the chart draws it.
func trendNumber(t *search.Trend, s search.Series, i int) string {
	if t.Normalised {
		return Percent(s.Rates[i])
	}
	return strconv.Itoa(s.Counts[i])
}

// YearSearchURL returns the search of a series' term in one year, with
// every filter of the trend's request (the series' language chosen, when
// it has one), its date range narrowed to the year: its total is the
// series' count for the year.
func YearSearchURL(req search.Request, t *search.Trend, s search.Series, year int) string {
	return SearchURL(refine(req, func(r *search.Request) {
		r.Query = s.Term
		if s.Lang != "" {
			r.Langs = []string{s.Lang}
		}
		from, to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		if r.From.After(from) {
			from = r.From
		}
		if !r.To.IsZero() && r.To.Before(to) {
			to = r.To
		}
		r.From, r.To = from, to
	}))
}

// TermSearchURL returns the search of one term with the trend's filters.
func TermSearchURL(req search.Request, term string) string {
	return SearchURL(refine(req, func(r *search.Request) { r.Query = term }))
}

// TrendCell is one number of the trend's table.
type TrendCell struct {
	Count int
	// Rate is set when normalised: "2.5%".
	Rate string
	// URL searches the term in the year, "" for no row.
	URL string
}

// TrendRow is a year of the trend's table.
type TrendRow struct {
	Year  int
	Cells []TrendCell
}

// TrendRows lists the trend's numbers year by year, oldest first, every
// year of the chart included.
func TrendRows(p TrendPage) []TrendRow {
	t := p.Trend
	out := make([]TrendRow, len(t.Years))
	for i, yr := range t.Years {
		out[i].Year = yr
		for _, s := range t.Series {
			c := TrendCell{Count: s.Counts[i]}
			if t.Normalised {
				c.Rate = Percent(s.Rates[i])
			}
			if c.Count > 0 {
				c.URL = YearSearchURL(p.Request.Request, t, s, yr)
			}
			out[i].Cells = append(out[i].Cells, c)
		}
	}
	return out
}

// Undated returns, per series, the matching rows of undated statements,
// which no year counts; nil when there are none.
func Undated(t *search.Trend) []int {
	out := make([]int, len(t.Series))
	some := false
	for k, s := range t.Series {
		sum := 0
		for _, n := range s.Counts {
			sum += n
		}
		out[k] = s.Total - sum
		some = some || out[k] > 0
	}
	if !some {
		return nil
	}
	return out
}

// hiddenValue is a value the trend's form keeps without showing it.
type hiddenValue struct{ Name, Value string }

// hiddenTrendValues are the request's values the form has no control for
// (issuer and tag, chosen through a link; the search's order and page
// size, kept for the links to it), in a fixed order.
func hiddenTrendValues(tr search.TrendRequest) []hiddenValue {
	v := tr.Values()
	var out []hiddenValue
	for _, name := range []string{"issuer", "tag", "sort", "per_page"} {
		if x := v.Get(name); x != "" {
			out = append(out, hiddenValue{name, x})
		}
	}
	return out
}

// trendTerms is the query box's value: the terms as asked.
func trendTerms(p TrendPage) string { return p.Request.Request.Query }

func trendPageTitle(p TrendPage) string {
	if len(p.Request.Terms) == 0 {
		return "How often, year by year"
	}
	return search.JoinTerms(p.Request.Terms) + " — year by year"
}

// px writes a coordinate for an SVG attribute, to a tenth of a unit.
func px(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
