package web

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"statementarchive/internal/statement"
)

// Page is what the layout needs to frame any page.
type Page struct {
	// Title is the document title, before the archive's name.
	Title string
	// Lang is the page's main language, for <html lang>.
	Lang string
	// Canonical, if set, is the absolute URL of the page's canonical form.
	Canonical string
	// Feed, if set, is the address of the page's own Atom feed (a
	// search's), offered before the new statements' feed that every page
	// offers; FeedTitle names it in a feed reader.
	Feed, FeedTitle string
	// SkipTo, if set, is the id of the page's main answer (a search's
	// results), which a skip link before every other leads to, named
	// SkipLabel: a keyboard reaches it in one Tab.
	SkipTo, SkipLabel string
}

// LangCount is a language with a count of paragraphs.
type LangCount struct {
	Lang  string
	Count int
}

// HomePage is the front page: the search box, the newest statements and
// what the archive holds.
type HomePage struct {
	Newest          []*statement.Statement
	TotalStatements int
	Paragraphs      []LangCount
	// Decades and Issuers count the statements by decade of issue
	// (oldest first) and by issuer (most first): what the archive covers.
	Decades []FacetCount
	Issuers []FacetCount
}

// FacetCount is a value and how many statements have it, with the
// address that lists them.
type FacetCount struct {
	Label string
	Count int
	URL   string
}

// HomeCoverage counts statements by decade and by issuer for the front
// page, each a link to the statements list filtered to it.
func HomeCoverage(sts []*statement.Statement) (decades, issuers []FacetCount) {
	byDecade, byIssuer := map[int]int{}, map[string]int{}
	for _, st := range sts {
		if st.HasDate() {
			byDecade[st.Date.Year()/10*10]++
		}
		if st.Issuer != "" {
			byIssuer[st.Issuer]++
		}
	}
	ds := make([]int, 0, len(byDecade))
	for d := range byDecade {
		ds = append(ds, d)
	}
	sort.Ints(ds)
	for _, d := range ds {
		v := url.Values{}
		v.Set("from", strconv.Itoa(d)+"-01-01")
		v.Set("to", strconv.Itoa(d+9)+"-12-31")
		decades = append(decades, FacetCount{Label: strconv.Itoa(d) + "s", Count: byDecade[d], URL: "/statements?" + v.Encode()})
	}
	for is, n := range byIssuer {
		issuers = append(issuers, FacetCount{Label: is, Count: n, URL: "/statements?" + url.Values{"issuer": {is}}.Encode()})
	}
	sort.Slice(issuers, func(i, j int) bool {
		if issuers[i].Count != issuers[j].Count {
			return issuers[i].Count > issuers[j].Count
		}
		return issuers[i].Label < issuers[j].Label
	})
	return decades, issuers
}

// StatementsPage lists statements, filtered, a page at a time.
type StatementsPage struct {
	// Reference filters by a publication reference, in any of its forms
	// (statement.ReferenceKey), or its start ("PR(2006)").
	Year, Issuer, Tag, Lang, Reference string
	// From and To are the date range, from a year or the from and to
	// days; Oldest lists the oldest first.
	From, To time.Time
	Oldest   bool
	// Facets count the statements by each filter's values.
	Facets    StatementFacets
	Years     []int
	Issuers   []string
	Languages []string
	// Statements are the statements of this page.
	Statements []*statement.Statement
	// Total is the number of statements in the archive, before filtering;
	// Matched the number that pass the filters.
	Total, Matched int
	// Page counts from 1; Pages is how many there are.
	Page, Pages int
	Error       string
}

// StatementPage is the reading view: every paragraph in two languages side
// by side.
type StatementPage struct {
	Statement   *statement.Statement
	Left, Right string
	Error       string
	// Links links the references to other statements in the text.
	Links Linker
}

// ParagraphPage is a paragraph's permalink page.
type ParagraphPage struct {
	Statement *statement.Statement
	Paragraph statement.Paragraph
	// Links links the references to other statements in the text.
	Links Linker
	// Order lists the languages that have the paragraph, the one asked for first.
	Order []string
	// URL is the permalink's absolute URL.
	URL string
	// Missing, if set, is the language asked for, which lacks the paragraph.
	Missing string
	// Versions are the row's versions, oldest first, the last current,
	// where it was revised (nil for a row never revised); Version is the
	// one shown at a version's own permalink (…/vN), 0 at the row's
	// permalink, which shows the current one.
	Versions []statement.Version
	Version  int
	// Notes are the footnotes the row refers to, by number, which the
	// page shows beside it.
	Notes map[int]statement.Paragraph
	// Alike lists the rows of other statements worded like this one
	// (nil: no section).
	Alike *AlikeView
}

// FieldLabel names a field of a statement's cited details a revision
// changed: "title (en)", "date", "reference".
func FieldLabel(f statement.FieldChange) string {
	if f.Lang == "" {
		return f.Field
	}
	return f.Field + " (" + f.Lang + ")"
}

// ErrorPage explains a failed request.
type ErrorPage struct {
	Status  int
	Title   string
	Message string
}

// StatementPath returns the reading view's path.
func StatementPath(id string) string { return "/statements/" + url.PathEscape(id) }

// PairPath returns the reading view's path for a language pair.
func PairPath(id, left, right string) string {
	v := url.Values{}
	v.Set("left", left)
	if right != "" {
		v.Set("right", right)
	}
	return StatementPath(id) + "?" + v.Encode()
}

// ParagraphPath returns a row's permalink path: /statements/ID/3 for
// paragraph 3, …/preamble, …/h2 for heading 2, …/n1 for footnote 1.
func ParagraphPath(id string, ref statement.Ref) string {
	return StatementPath(id) + "/" + ref.String()
}

// InContextPath returns the reading view at a row, in the given language
// first where there is a second one to read beside it.
func InContextPath(st *statement.Statement, ref statement.Ref, lang string) string {
	left, right := DefaultPair(st)
	if lang != "" && lang != left {
		left, right = lang, left
	}
	return PairPath(st.ID, left, right) + "#" + ref.Anchor()
}

// DefaultPair returns the reading view's languages when none is asked for:
// the statement's first two.
func DefaultPair(st *statement.Statement) (left, right string) {
	if len(st.Languages) > 0 {
		left = st.Languages[0]
	}
	if len(st.Languages) > 1 {
		right = st.Languages[1]
	}
	return left, right
}

// FormatDate writes a statement's date for people ("19 July 2021"), or
// "undated".
func FormatDate(st *statement.Statement) string {
	if !st.HasDate() {
		return "undated"
	}
	return st.Date.Format("2 January 2006")
}

// ISODate returns the date as YYYY-MM-DD, for <time datetime>.
func ISODate(st *statement.Statement) string { return st.Date.Format(time.DateOnly) }

// LanguageName names a language in itself ("français"), for labels.
func LanguageName(code string) string { return statement.LanguageName(code) }

// EnglishName names a language in English ("French"), for running text.
func EnglishName(code string) string { return statement.LanguageEnglishName(code) }

// LanguageLabel names one of a statement's languages in itself, marking a
// translation the issuer did not publish.
func LanguageLabel(st *statement.Statement, code string) string {
	if st.IsUnofficial(code) {
		return LanguageName(code) + " (unofficial translation)"
	}
	return LanguageName(code)
}

// languageNote is what the list of a statement's languages says after one:
// that it is an unofficial translation, or held only in part.
func languageNote(st *statement.Statement, lang string) string {
	switch {
	case st.IsUnofficial(lang):
		return " (unofficial translation)"
	case st.IsIncomplete(lang):
		return " (the archive holds part of this text)"
	}
	return ""
}

// MissingNote says why a row has no text in lang: the publication lacks
// it, or the archive holds only part of that language's text.
func MissingNote(st *statement.Statement, lang string) string {
	if st.IsIncomplete(lang) {
		return "The archive holds only part of the " + EnglishName(lang) + " text, and not this paragraph."
	}
	return "Not in the " + EnglishName(lang) + " text."
}

// Subtitle returns the subtitle in lang, else in the statement's first
// language that has one, with its language; "" when there is none.
func Subtitle(st *statement.Statement, lang string) (text, textLang string) {
	if t := st.Subtitle[lang]; t != "" {
		return t, lang
	}
	for _, l := range st.Languages {
		if t := st.Subtitle[l]; t != "" {
			return t, l
		}
	}
	return "", ""
}

// referenceLangs returns the languages the statement has a reference in,
// in its language order, with "" (every language) first.
func referenceLangs(st *statement.Statement) []string {
	var out []string
	if st.Reference[""] != "" {
		out = append(out, "")
	}
	for _, l := range orderedKeys(st.Languages, st.Reference) {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Pages returns the page numbers to link to around the current one: the
// first, the last, and a window around the current, with 0 for a gap.
func Pages(current, total int) []int {
	if total <= 1 {
		return nil
	}
	var out []int
	last := 0
	for p := 1; p <= total; p++ {
		if p == 1 || p == total || (p >= current-2 && p <= current+2) {
			if last != 0 && p != last+1 {
				out = append(out, 0)
			}
			out = append(out, p)
			last = p
		}
	}
	return out
}

// RowLangs returns the languages a row of the reading view shows, left and
// right: the pair chosen for the page, except that a row holding neither
// shows, on the left, the first language that has it, so that no row
// hides the text it has.
func RowLangs(st *statement.Statement, row statement.Paragraph, left, right string) (string, string) {
	_, hasLeft := row.Text[left]
	_, hasRight := row.Text[right]
	if hasLeft || hasRight {
		return left, right
	}
	for _, l := range st.Languages {
		if _, ok := row.Text[l]; ok {
			return l, right
		}
	}
	return left, right
}

// KeyLabel names a row of a statement for people: "¶ 3" where the
// statement numbers its paragraphs, "Paragraph 3" where the archive
// numbers them by position; "Preamble", "Heading 2", "Footnote 1".
func KeyLabel(st *statement.Statement, ref statement.Ref) string {
	switch ref.Kind {
	case statement.Preamble:
		return "Preamble"
	case statement.Heading:
		return "Heading " + ref.Number()
	case statement.Footnote:
		return noteLabel(ref.Key)
	}
	if st.Unnumbered || ref.Inserted() {
		return "Paragraph " + ref.Number()
	}
	return "¶ " + ref.Number()
}

// InsertedNote explains an inserted row's key on its page: the row was
// added to the archive's text after the statement's permalinks were
// published, and keyed so that none of them moved.
func InsertedNote(ref statement.Ref) string {
	return "Added to the archive's text after its links were published: " + ref.Number() + " is the key of the " + ref.Kind.String() + " " + ref.InsertedPlace() + ", so that no other " + ref.Kind.String() + "'s link moved."
}

// ParagraphCount returns how many paragraph rows a statement has.
func ParagraphCount(st *statement.Statement) int { return len(st.Paragraphs) }

// Plural chooses a word's form for a count.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count formats a count with its noun: "1 paragraph", "1,250 paragraphs".
func Count(n int, one, many string) string { return Number(n) + " " + Plural(n, one, many) }

// Number writes a whole number for people, its thousands separated by
// commas as English writes them: "1,250", "-12,000".
func Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Size writes a number of bytes for people, to two significant figures:
// "800 bytes", "12 KB", "1.5 MB".
func Size(n int64) string {
	switch {
	case n < 1000:
		return Count(int(n), "byte", "bytes")
	case n < 1000*1000:
		return sig2(float64(n)/1000) + " KB"
	case n < 1000*1000*1000:
		return sig2(float64(n)/1e6) + " MB"
	}
	return sig2(float64(n)/1e9) + " GB"
}

func sig2(f float64) string {
	if f >= 10 {
		return strconv.Itoa(int(f + 0.5))
	}
	return strconv.FormatFloat(float64(int(f*10+0.5))/10, 'f', -1, 64)
}

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func pageLang(p Page) string {
	if p.Lang == "" {
		return "en"
	}
	return p.Lang
}

func pageTitle(p Page) string {
	if p.Title == "" || p.Title == "Statement archive" {
		return "Statement archive"
	}
	return stripBidiControls(p.Title) + " · Statement archive"
}

// stripBidiControls removes the Unicode controls that reorder text (such as
// U+202E RIGHT-TO-LEFT OVERRIDE) from text shown where it cannot be
// isolated in a <bdi> element, such as the document title: a crafted query
// must not make the archive's own words read backwards.
func stripBidiControls(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') || r == '\u200E' || r == '\u200F' {
			return -1
		}
		return r
	}, s)
}

// titleLang returns the language of the title shown to a reader of lang,
// for the lang attribute.
func titleLang(st *statement.Statement, lang string) string {
	_, l := st.TitleIn(lang)
	return l
}

// pageLangFor returns the page language for a statement read in lang.
func pageLangFor(st *statement.Statement, lang string) string {
	if lang != "" {
		return lang
	}
	if len(st.Languages) > 0 {
		return st.Languages[0]
	}
	return "en"
}

// titleLangs returns the languages the statement has a title in, its own
// languages' order first.
func titleLangs(st *statement.Statement) []string {
	return orderedKeys(st.Languages, st.Title)
}

// sourceLangs returns the languages the statement has a source URL for.
func sourceLangs(st *statement.Statement) []string {
	return orderedKeys(st.Languages, st.Source)
}

// orderedKeys returns m's keys: those in order first, in that order, then
// the rest sorted.
func orderedKeys(order []string, m map[string]string) []string {
	var out []string
	for _, l := range order {
		if _, ok := m[l]; ok {
			out = append(out, l)
		}
	}
	var rest []string
	for l := range m {
		if !Contains(order, l) {
			rest = append(rest, l)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// ContentsEntry is a heading of a statement in its table of contents.
type ContentsEntry struct {
	Anchor, Text, Lang string
}

// Contents lists a statement's headings, in lang where a heading has it
// (else its first language that does), each with the anchor of its row:
// the reading view's table of contents.
func Contents(st *statement.Statement, lang string) []ContentsEntry {
	var out []ContentsEntry
	for _, p := range st.Paragraphs {
		if p.Kind != statement.Heading {
			continue
		}
		l := lang
		if _, ok := p.Text[l]; !ok {
			l = ""
			for _, x := range st.Languages {
				if _, ok := p.Text[x]; ok {
					l = x
					break
				}
			}
		}
		if l == "" {
			continue
		}
		var b strings.Builder
		for _, sp := range statement.Spans(p.Text[l]) {
			b.WriteString(sp.Text)
		}
		out = append(out, ContentsEntry{Anchor: p.Ref().Anchor(), Text: strings.TrimSpace(b.String()), Lang: l})
	}
	return out
}
