package search

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"statementarchive/internal/statement"
)

// A trend ("term over time") counts, year by year, the rows that match
// each of a few terms, like an n-gram viewer for statements. Its request
// is a search request whose query holds the terms compared, separated by
// a | ("cyber | terrorism"); the index package counts them
// (query.Engine.Trend) with the same filters and limits as a search.
const (
	// MaxTrendTerms is the most terms one trend compares.
	MaxTrendTerms = 4
	// MaxTrendSeries is the most series one trend counts and one chart
	// draws: terms, times languages when each language is counted apart.
	// It is also the number of colours a chart has that people with any
	// common colour blindness tell apart (Okabe and Ito's palette).
	MaxTrendSeries = 8
	// TermSeparator separates the terms of a trend's query.
	TermSeparator = "|"
)

// TrendRequest is one trend: the search request whose filters it keeps
// (its query holds the terms, its page is ignored), the terms parsed from
// that query, and how to count them.
type TrendRequest struct {
	Request Request
	// Terms are the terms compared, in the order given, each a query of
	// its own (words, "phrases", +required, -excluded, prefix*).
	Terms []string
	// PerLang counts each term's rows in each language searched apart,
	// as the language facet does, rather than in all of them together.
	PerLang bool
	// Normalise divides each year's count by the rows the archive holds
	// for that year (within the filters): coverage varies by year.
	Normalise bool
}

// ParseTrendValues reads a trend from a URL's query values: those of a
// search (see ParseValues), whose q holds up to MaxTrendTerms terms
// separated by |, and per_lang and normalise (1 or 0). Values it cannot
// read give a fault.Invalid error saying what to write instead; an empty
// q gives a request without terms, for a page to show its form.
func ParseTrendValues(v url.Values) (TrendRequest, error) {
	req, err := ParseValues(v)
	tr := TrendRequest{Request: req}
	if err != nil {
		return tr, err
	}
	if tr.PerLang, err = boolValue(v, "per_lang"); err != nil {
		return tr, err
	}
	if tr.Normalise, err = boolValue(v, "normalise"); err != nil {
		return tr, err
	}
	if strings.TrimSpace(req.Query) == "" {
		return tr, nil
	}
	tr.Terms, err = ParseTrendTerms(req.Query)
	return tr, err
}

// Values writes the trend as URL query values, defaults left out: the
// search's values (without its page) and per_lang and normalise when set.
func (tr TrendRequest) Values() url.Values {
	req := tr.Request
	req.Page = 0
	v := req.Values()
	if tr.PerLang {
		v.Set("per_lang", "1")
	}
	if tr.Normalise {
		v.Set("normalise", "1")
	}
	return v
}

func boolValue(v url.Values, name string) (bool, error) {
	switch s := strings.TrimSpace(v.Get(name)); strings.ToLower(s) {
	case "", "0", "false", "off", "no":
		return false, nil
	case "1", "true", "on", "yes":
		return true, nil
	default:
		return false, errorf("%s must be 1 (yes) or 0 (no), not %q", name, statement.Excerpt(s, 40))
	}
}

// ParseTrendTerms splits a trend's query into its terms: the parts
// between each | outside a "phrase", trimmed. Each term must be a query
// ParseQuery reads with something to look for; a repeated term is
// counted once. An empty term (as in "cyber |"), or more than
// MaxTrendTerms, gives a fault.Invalid error saying what to change.
func ParseTrendTerms(q string) ([]string, error) {
	if len(q) > MaxQueryLength {
		return nil, errorf("the query is %d characters long; the limit is %d: shorten it", utf8.RuneCountInString(q), MaxQueryLength)
	}
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case '"':
			quoted = !quoted
		case TermSeparator[0]:
			if !quoted {
				parts = append(parts, q[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, q[start:])
	if len(parts) > MaxTrendTerms {
		return nil, errorf("the query compares %d terms; a chart compares at most %d (MaxTrendTerms): remove %d of the terms between the | signs", len(parts), MaxTrendTerms, len(parts)-MaxTrendTerms)
	}
	var terms []string
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			if len(parts) == 1 {
				return nil, ErrEmptyQuery
			}
			return nil, errorf("term %d of %d is empty: write a word or \"a phrase\" on each side of every |, as in cyber | terrorism", i+1, len(parts))
		}
		clauses, err := ParseQuery(p)
		if err != nil {
			return nil, err
		}
		if !lookingFor(clauses) {
			return nil, errorf("the term %q has nothing to look for (only -excluded words, or no word at all): add a word to search for", statement.Excerpt(p, 40))
		}
		if !slices.Contains(terms, p) {
			terms = append(terms, p)
		}
	}
	return terms, nil
}

// lookingFor reports whether clauses hold something a row can match.
func lookingFor(clauses []Clause) bool {
	for _, c := range clauses {
		if c.Occur != MustNot {
			return true
		}
	}
	return false
}

// JoinTerms writes terms back as one trend query, "cyber | terrorism".
func JoinTerms(terms []string) string { return strings.Join(terms, " "+TermSeparator+" ") }

// Trend is how many rows match each of a few terms in each year: the
// numbers of a term-over-time chart. Each series counts what a search of
// its term (in its language, when counted per language) with the same
// filters counts in its year facet.
type Trend struct {
	// Request is the request as run, its query the terms joined (JoinTerms).
	Request Request
	// Terms are the terms compared.
	Terms []string
	// PerLang is set when each language has a series of its own.
	PerLang bool
	// Normalised is set when the series carry Rows and Rates.
	Normalised bool
	// Years are every year from the first to the last in which the
	// filters admit a dated row, oldest first, those with no match
	// included: a series' counts are given in this order.
	Years []int
	// Series are one per term, or per term and language, in the order
	// of the terms (then of the languages).
	Series []Series
}

// Series is one line of a trend: the rows matching one term (in one
// language, when counted per language), year by year.
type Series struct {
	Term string
	// Lang is the language counted, "" for every language searched.
	Lang string
	// Counts are the matching rows of each of Trend.Years.
	Counts []int
	// Total is every matching row, those of undated statements included
	// (which no year counts).
	Total int
	// Rows are, when normalised, the rows of each year that the filters
	// admit with text in the series' language (in any language searched,
	// for Lang ""): what Counts are divided by. Rates are Counts over
	// Rows, 0 where a year has no row.
	Rows  []int
	Rates []float64
}
