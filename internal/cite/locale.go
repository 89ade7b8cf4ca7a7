package cite

import (
	"strconv"
	"strings"
	"time"
)

// locale holds the words, dates and quotation marks of the language a
// citation is written in: the page's language. English, French and German
// have their own; any other language is cited with English words (its
// title stays in its own language).
//
// The words follow the Citation Style Language's locale files (CSL
// locales en-US, fr-FR, de-DE), so that the archive agrees with
// reference managers: "para." / "paragr." / "Abs." for a paragraph, "n." /
// "n." / "Anm." for a note, "n.d." / "s. d." / "o. J." for no date.
// Chicago and MLA write "par." in English, as their manuals do.
type locale struct {
	code   string
	months [12]string
	// para abbreviates "paragraph" in the plain citation and APA; parStyle
	// in Chicago and MLA.
	para, parStyle string
	// paragraph, unnumbered: "paragraph 2, unnumbered in the original".
	paragraph, unnumbered string
	// note abbreviates "note", for a footnote; noteWord is the word,
	// which APA writes in full (APA 7, 8.13: only page and paragraph are
	// abbreviated).
	preamble, heading, note, noteWord string
	noDate                            string
	// archivedAt introduces the archive's permalink after the official URL.
	archivedAt string
	// unofficial describes a text its issuer did not publish.
	unofficial string
	// version, until and since name a version of a revised row: "version
	// 1 (wording until 5 December 2026)", "version 2 (revised 5 December
	// 2026)".
	version, until, since string
	// open and close are the quotation marks around a title; inside says
	// whether a comma or period after a quoted title goes inside the
	// closing mark (American usage) or after it (French, German).
	open, close string
	inside      bool
}

var locales = map[string]*locale{
	"en": {
		code:   "en",
		months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		para:   "para.", parStyle: "par.",
		paragraph: "paragraph", unnumbered: "unnumbered in the original",
		preamble: "preamble", heading: "heading", note: "n.", noteWord: "note",
		noDate:     "n.d.",
		archivedAt: "archived at", unofficial: "unofficial translation",
		version: "version", until: "wording until", since: "revised",
		open: "“", close: "”", inside: true,
	},
	"fr": {
		code:   "fr",
		months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		para:   "paragr.", parStyle: "paragr.",
		paragraph: "paragraphe", unnumbered: "non numéroté dans l’original",
		preamble: "préambule", heading: "intertitre", note: "n.", noteWord: "note",
		noDate:     "s.\u00a0d.",
		archivedAt: "archivé sur", unofficial: "traduction non officielle",
		version: "version", until: "texte jusqu’au", since: "révisé le",
		open: "«\u00a0", close: "\u00a0»",
	},
	"de": {
		code:   "de",
		months: [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		para:   "Abs.", parStyle: "Abs.",
		paragraph: "Absatz", unnumbered: "im Original nicht nummeriert",
		preamble: "Präambel", heading: "Zwischenüberschrift", note: "Anm.", noteWord: "Anmerkung",
		noDate:     "o.\u00a0J.",
		archivedAt: "archiviert unter", unofficial: "nichtamtliche Übersetzung",
		version: "Fassung", until: "Wortlaut bis", since: "geändert am",
		open: "„", close: "“",
	},
}

// Languages lists the languages citations have their own words and dates
// in; other languages are cited with English ones.
var Languages = []string{"en", "fr", "de"}

// localeFor returns the locale of lang, English when it has none.
func localeFor(lang string) *locale {
	if l, ok := locales[lang]; ok {
		return l
	}
	return locales["en"]
}

// date writes a day as running text does: "19 July 2021", "1er juillet
// 2021", "19. Juli 2021".
func (l *locale) date(d time.Time) string {
	return l.dayMonth(d) + " " + strconv.Itoa(d.Year())
}

// dayMonth writes the day and month: "19 July", "1er juillet", "19. Juli".
func (l *locale) dayMonth(d time.Time) string {
	month := l.months[d.Month()-1]
	switch l.code {
	case "fr":
		if d.Day() == 1 {
			return "1er " + month
		}
	case "de":
		return strconv.Itoa(d.Day()) + ". " + month
	}
	return strconv.Itoa(d.Day()) + " " + month
}

// chicagoDate writes a day as Chicago does: "July 19, 2021" in English,
// the language's own order elsewhere.
func (l *locale) chicagoDate(d time.Time) string {
	if l.code != "en" {
		return l.date(d)
	}
	return l.months[d.Month()-1] + " " + strconv.Itoa(d.Day()) + ", " + strconv.Itoa(d.Year())
}

// apaDate writes APA's parenthesised date: "(2021, July 19)", "(2021,
// 19 juillet)", "(2021, 19. Juli)".
func (l *locale) apaDate(d time.Time) string {
	if l.code != "en" {
		return "(" + strconv.Itoa(d.Year()) + ", " + l.dayMonth(d) + ")"
	}
	return "(" + strconv.Itoa(d.Year()) + ", " + l.months[d.Month()-1] + " " + strconv.Itoa(d.Day()) + ")"
}

// mlaMonths are MLA 9's works-cited abbreviations of the English months
// (May, June and July are written out).
var mlaMonths = [12]string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// mlaDate writes a day as MLA's works-cited list does: "19 July 2021",
// "29 Nov. 2006"; in French and German, the language's own full form.
func (l *locale) mlaDate(d time.Time) string {
	if l.code != "en" {
		return l.date(d)
	}
	return strconv.Itoa(d.Day()) + " " + mlaMonths[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

// capitalised returns s with its first letter in upper case, to open a
// sentence: "Archived at".
func capitalised(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// elem is one element of a citation; a quoted one is a title, set in the
// locale's quotation marks.
type elem struct {
	text   string
	quoted bool
}

func plain(text string) elem  { return elem{text: text} }
func quoted(text string) elem { return elem{text: text, quoted: true} }

// join writes elems separated by punct and a space, ending with end. A
// quoted title takes the separator inside its closing mark when inside is
// set (“Title,”), else after it (« Titre »,). A separator is left out after
// an element that already ends with a mark standing for it ("U.S." before
// a period; a title ending "?" before a comma or period, in English).
func (l *locale) join(elems []elem, punct, end string, inside bool) string {
	var b strings.Builder
	for i, e := range elems {
		p := punct
		if i == len(elems)-1 {
			p = end
		}
		switch {
		case e.quoted && inside:
			b.WriteString(l.open + e.text + tail(e.text, p) + l.close)
		case e.quoted:
			b.WriteString(l.open + e.text + l.close + p)
		default:
			b.WriteString(e.text + tail(e.text, p))
		}
		if i < len(elems)-1 {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// tail returns the punctuation p to write after text, or nothing where
// text ends with a mark that stands for it.
func tail(text, p string) string {
	switch {
	case p == "":
		return ""
	case strings.HasSuffix(text, "?") || strings.HasSuffix(text, "!"):
		return ""
	case p == "." && strings.HasSuffix(text, "."):
		return ""
	}
	return p
}
