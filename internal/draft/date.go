package draft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"statementarchive/internal/statement"
)

// months maps the month names and abbreviations of English, French and
// German pages, lower case and without accents, to their number.
var months = func() map[string]time.Month {
	m := map[string]time.Month{}
	add := func(month time.Month, names ...string) {
		for _, n := range names {
			m[n] = month
		}
	}
	add(time.January, "january", "jan", "janvier", "janv", "januar", "janner")
	add(time.February, "february", "feb", "fevrier", "fevr", "fev", "februar")
	add(time.March, "march", "mar", "mars", "marz", "mrz", "maerz")
	add(time.April, "april", "apr", "avril", "avr")
	add(time.May, "may", "mai")
	add(time.June, "june", "jun", "juin", "juni")
	add(time.July, "july", "jul", "juillet", "juil", "juli")
	add(time.August, "august", "aug", "aout")
	add(time.September, "september", "sep", "sept", "septembre")
	add(time.October, "october", "oct", "octobre", "oktober", "okt")
	add(time.November, "november", "nov", "novembre")
	add(time.December, "december", "dec", "decembre", "dezember", "dez")
	return m
}()

var (
	// "19 Jul. 2021", "29 novembre 2006", "1er décembre 2006", "29. November
	// 2006", and day ranges: "11-12 July 2018", "4 et 5 septembre 2014",
	// "11. – 12. Juli 2018".
	dayMonthYear = regexp.MustCompile(`(?i)\b(\d{1,2})(?:er|\.)?(?:\s*(?:-|–|—|et|and|und|au|to|bis)\s*(\d{1,2})(?:er|\.)?)?\s+(\p{L}+)\.?,?\s+(\d{4})\b`)
	// "July 19, 2021"
	monthDayYear = regexp.MustCompile(`(?i)\b(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})\b`)
	isoDate      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// "11.07.2023"
	dottedDate = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`)
)

// dateMatch is one date found in a line.
type dateMatch struct {
	day        string // YYYY-MM-DD
	start, end int    // byte offsets in the line
	text       string
	// rangeOf is set for a range of days ("4 et 5 septembre 2014"): day is
	// its last day, and the day of issue is uncertain.
	rangeOf string
}

// findDates returns the dates in s, in order.
func findDates(s string) []dateMatch {
	var out []dateMatch
	taken := func(a, b int) bool {
		for _, d := range out {
			if a < d.end && b > d.start {
				return true
			}
		}
		return false
	}
	add := func(y, m, d int, a, b int, rangeOf string) {
		if taken(a, b) {
			return
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || int(t.Month()) != m || t.Before(statement.MinDate) || t.After(statement.MaxDate) {
			return
		}
		out = append(out, dateMatch{day: t.Format(time.DateOnly), start: a, end: b, text: s[a:b], rangeOf: rangeOf})
	}
	for _, m := range isoDate.FindAllStringSubmatchIndex(s, -1) {
		add(atoi(s, m[2], m[3]), atoi(s, m[4], m[5]), atoi(s, m[6], m[7]), m[0], m[1], "")
	}
	for _, m := range dayMonthYear.FindAllStringSubmatchIndex(s, -1) {
		month, ok := months[foldWord(s[m[6]:m[7]])]
		if !ok {
			continue
		}
		day, rangeOf := atoi(s, m[2], m[3]), ""
		if m[4] >= 0 {
			day, rangeOf = atoi(s, m[4], m[5]), s[m[0]:m[1]]
		}
		add(atoi(s, m[8], m[9]), int(month), day, m[0], m[1], rangeOf)
	}
	for _, m := range monthDayYear.FindAllStringSubmatchIndex(s, -1) {
		if month, ok := months[foldWord(s[m[2]:m[3]])]; ok {
			add(atoi(s, m[6], m[7]), int(month), atoi(s, m[4], m[5]), m[0], m[1], "")
		}
	}
	for _, m := range dottedDate.FindAllStringSubmatchIndex(s, -1) {
		add(atoi(s, m[6], m[7]), atoi(s, m[4], m[5]), atoi(s, m[2], m[3]), m[0], m[1], "")
	}
	return out
}

func atoi(s string, a, b int) int {
	n, _ := strconv.Atoi(s[a:b])
	return n
}

// foldWord lowercases a word and drops its accents: "Décembre" → "decembre".
func foldWord(w string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(w))
	if err != nil {
		return strings.ToLower(w)
	}
	return out
}

// foundDate is the best date a section gave, and how sure it is.
type foundDate struct {
	day  string
	text string
	line int
	// strength orders the places a date is found in: 3 "Issued on …",
	// 2 a date line of its own, 1 a day in the title or subtitle, 0 a
	// range of days there; -1 none.
	strength int
	// guess, when set, is the check to report if this date is used.
	guess string
}

func (r *sectionRead) offerDate(d dateMatch, strength, lineNo int, where string) {
	if d.rangeOf != "" && strength > 0 {
		strength = 0
	}
	if strength <= r.date.strength {
		return
	}
	r.date = foundDate{day: d.day, text: d.text, line: lineNo, strength: strength}
	if d.rangeOf != "" {
		r.date.guess = fmt.Sprintf("date %s is the last day of %q in the %s: a meeting of several days issues its texts on one of them; check the day of issue", d.day, d.rangeOf, where)
	}
}
