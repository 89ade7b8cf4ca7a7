package draft

// Saved web pages. A page saved from a browser keeps the structure the
// publisher gave the text: headings, paragraphs, lists, superscript
// footnote marks, the language in lang attributes, the title, date and
// address in the head. ReadPages reads that structure instead of guessing it
// from the layout of copied text, and leaves out the site around the text
// (navigation, headers and footers, language switchers, share buttons,
// captions, cookie notices) by the elements and roles that mark it, never by
// the names of sites. Whatever it leaves out that reads as text, and
// whatever it is not sure of, becomes a Check.

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"statementarchive/internal/statement"
)

// maxPageNesting bounds how deep in a page's element tree the reader goes.
// Pages nest their text a few dozen elements deep; what lies deeper is left
// out with a check, so that a hostile page cannot make the reader's
// recursion as deep as the page is long.
const maxPageNesting = 256

// maxLeftOutChecks bounds how many pieces of left-out text are listed one
// check each; the rest are counted in one more check.
const maxLeftOutChecks = 12

// PageOptions tune ReadPages.
type PageOptions struct {
	// Options holds what Read takes too; its SameStatement confirms that
	// the pages are one statement's even where their references, dates or
	// addresses say otherwise.
	Options
}

// PageDraft is a statement read from saved web pages: the draft, and the
// address each language was published at.
type PageDraft struct {
	*Statement
	// Source maps a language code to the page's canonical address.
	Source map[string]string
}

// DifferentStatementsError is ReadPages refusing pages that look like two
// statements' rather than one statement's languages.
type DifferentStatementsError struct {
	// First and Other name the two pages.
	First, Other string
	// Reasons say what disagrees.
	Reasons []string
}

// Error names the pages, what disagrees, and how to confirm them.
func (e *DifferentStatementsError) Error() string {
	return fmt.Sprintf("%s and %s look like two different statements (%s): import each on its own; if they are one statement's pages, confirm it (archive import -same-statement)",
		statement.DisplayName(e.First), statement.DisplayName(e.Other), strings.Join(e.Reasons, "; "))
}

// IsPage reports whether an input is a saved web page rather than copied
// text: its name ends in .html or .htm, or it starts as HTML does.
func IsPage(in Input) bool {
	switch strings.ToLower(filepath.Ext(in.Name)) {
	case ".html", ".htm", ".xhtml", ".shtml":
		return true
	}
	head := in.Text[:min(len(in.Text), 1024)]
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	head = bytes.ToLower(bytes.TrimLeftFunc(head, unicode.IsSpace))
	if !bytes.HasPrefix(head, []byte("<")) {
		return false
	}
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}

// ReadPages reads saved web pages, and any files of copied text given with
// them, one language each, into a draft statement. It fails as Read does,
// and when the pages look like two different statements' (a
// *DifferentStatementsError) unless opts.SameStatement confirms them.
func ReadPages(inputs []Input, opts PageOptions) (*PageDraft, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no input: name the saved pages, one per language")
	}
	st := &Statement{}
	var reads []*sectionRead
	var facts []pageFacts
	seen := map[string]string{}
	for _, in := range inputs {
		st.Sources = append(st.Sources, in.Name)
		if !IsPage(in) {
			parts, err := splitInput(in)
			if err != nil {
				return nil, err
			}
			for _, p := range parts {
				r := readSection(p)
				id, err := identifyLanguage(r.languageSample())
				if err != nil {
					return nil, fmt.Errorf("%s line %d: %v: check that the part holds the statement's text; if it is too short to tell, add the other paragraphs", statement.DisplayName(p.source), firstLine(p), err)
				}
				if id.check != "" {
					r.checks = append([]Check{{Source: p.source, Line: firstLine(p), Msg: id.check}}, r.checks...)
				}
				if err := claimLanguage(seen, id.lang, fmt.Sprintf("%s line %d", statement.DisplayName(p.source), firstLine(p))); err != nil {
					return nil, err
				}
				r.setLang(id.lang)
				reads = append(reads, r)
				facts = append(facts, pageFacts{name: p.source, reference: r.reference, date: r.date.day, paragraphs: len(r.section.Paragraphs())})
			}
			continue
		}
		p, err := readPage(in)
		if err != nil {
			return nil, err
		}
		if err := claimLanguage(seen, p.read.section.Lang, statement.DisplayName(in.Name)); err != nil {
			return nil, err
		}
		reads = append(reads, p.read)
		facts = append(facts, p.facts())
	}
	if err := sameStatement(facts, reads, opts.SameStatement); err != nil {
		return nil, err
	}
	combine(st, reads, opts.Options)
	d := &PageDraft{Statement: st, Source: map[string]string{}}
	for i, f := range facts {
		if f.address != "" {
			d.Source[reads[i].section.Lang] = f.address
		}
	}
	return d, nil
}

// claimLanguage refuses a second text in one language.
func claimLanguage(seen map[string]string, lang, where string) error {
	if first, dup := seen[lang]; dup {
		return fmt.Errorf("%s: a second text in %s (the first is %s): give each language once; if the language was misread, import that file alone", where, statement.LanguageEnglishName(lang), first)
	}
	seen[lang] = where
	return nil
}

// Format returns the draft as a canonical statement file, as
// Statement.Format does, with the pages' addresses as its source.
func (d *PageDraft) Format() []byte {
	out := d.Statement.Format()
	langs := make([]string, len(d.Sections))
	for i, sec := range d.Sections {
		langs[i] = sec.Lang
	}
	m := flowMap(d.Source, langs)
	if m == "" {
		return out
	}
	// The front matter ends at its second line of only ---.
	first := bytes.Index(out, []byte("---\n"))
	end := bytes.Index(out[first+4:], []byte("\n---\n"))
	if first != 0 || end < 0 {
		return out
	}
	at := first + 4 + end + 1
	var b bytes.Buffer
	b.Write(out[:at])
	fmt.Fprintf(&b, "source: %s\n", m)
	b.Write(out[at:])
	return b.Bytes()
}

// pageFacts is what tells one statement's pages from another's.
type pageFacts struct {
	name       string
	reference  string
	date       string
	address    string
	title      string
	paragraphs int
}

func (p *savedPage) facts() pageFacts {
	return pageFacts{name: p.name, reference: p.read.reference, date: p.read.date.day, address: p.address, title: p.read.title, paragraphs: len(p.read.section.Paragraphs())}
}

var digitRun = regexp.MustCompile(`\d+`)

// numbersOf is the numbers in s, without leading zeros: what a reference or
// an address keeps from one language to another ("Press Release (2021) 086"
// and "Communiqué de presse (2021) 086", "SC/10402" and "CS/10402").
func numbersOf(s string) string {
	var out []string
	for _, d := range digitRun.FindAllString(s, -1) {
		if t := strings.TrimLeft(d, "0"); t != "" {
			out = append(out, t)
		} else {
			out = append(out, "0")
		}
	}
	return strings.Join(out, "/")
}

// addressKey is the numbers of a page's address, its language left out.
func addressKey(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return ""
	}
	return numbersOf(u.Path + "?" + u.RawQuery)
}

// sameStatement compares each text with the first. Disagreement on one
// point (a date a day apart, a paragraph split differently) is a check
// combine or this function writes; pages that disagree on what identifies
// a statement — its reference, the number in its address — or on several
// points are refused unless confirmed.
func sameStatement(facts []pageFacts, reads []*sectionRead, confirmed bool) error {
	if len(facts) < 2 {
		return nil
	}
	a := facts[0]
	for i, b := range facts[1:] {
		score := 0
		var reasons []string
		if a.reference != "" && b.reference != "" {
			if numbersOf(a.reference) == numbersOf(b.reference) {
				score -= 3
			} else {
				score += 3
				reasons = append(reasons, fmt.Sprintf("references %q and %q", a.reference, b.reference))
			}
		}
		if ka, kb := addressKey(a.address), addressKey(b.address); ka != "" && kb != "" {
			if ka == kb {
				score -= 2
			} else {
				score += 2
				reasons = append(reasons, fmt.Sprintf("addresses %s and %s", a.address, b.address))
			}
		}
		if a.date != "" && b.date != "" && a.date != b.date {
			score++
			reasons = append(reasons, fmt.Sprintf("dates %s and %s", a.date, b.date))
		}
		if a.paragraphs > 0 && b.paragraphs > 0 {
			switch {
			case a.paragraphs != b.paragraphs:
				score++
				reasons = append(reasons, fmt.Sprintf("%d and %d paragraphs", a.paragraphs, b.paragraphs))
			case a.paragraphs >= 3:
				score--
			}
		}
		if na, nb := numbersOf(a.title), numbersOf(b.title); na != "" && nb != "" && na != nb {
			score++
			reasons = append(reasons, fmt.Sprintf("titles %q and %q", a.title, b.title))
		}
		// Two references that differ are two publications, whatever else
		// agrees: a summit issues several texts on one day.
		refsDiffer := a.reference != "" && b.reference != "" && numbersOf(a.reference) != numbersOf(b.reference)
		r := reads[i+1]
		switch {
		case (score >= 2 || refsDiffer) && !confirmed:
			return &DifferentStatementsError{First: a.name, Other: b.name, Reasons: reasons}
		case score >= 2 || refsDiffer:
			r.checks = append(r.checks, Check{Lang: r.section.Lang, Source: r.section.Source, Msg: fmt.Sprintf("imported as the same statement as %s, as confirmed, although they differ (%s): check the two pages are one statement's", statement.DisplayName(a.name), strings.Join(reasons, "; "))})
		}
	}
	return nil
}

// savedPage is one saved page as read.
type savedPage struct {
	name    string
	read    *sectionRead
	address string

	// From the document's head.
	docTitle, ogTitle, siteName string
	langAttr                    string
	// contentLang is the language the part holding the text declares.
	contentLang string
	metaDates   []metaDate

	blocks  []*pageBlock
	leftOut []leftOut
	tooDeep bool
}

// metaDate is a date the page's head gives, and where.
type metaDate struct {
	day, where string
}

// leftOut is text the reader left out, and why.
type leftOut struct {
	text, why string
}

// readPage reads one saved page into a language section.
func readPage(in Input) (*savedPage, error) {
	name := in.Name
	if len(in.Text) > MaxInputSize {
		return nil, fmt.Errorf("%s: %d bytes, over the %d-byte limit for one page: save the page alone (\"Web page, HTML only\"), without its images", statement.DisplayName(name), len(in.Text), MaxInputSize)
	}
	p := &savedPage{name: name, read: &sectionRead{section: Section{Source: name}, date: foundDate{strength: -1}}}
	data, err := p.decode(in.Text)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		// The parser refuses elements nested more than 512 deep.
		return nil, fmt.Errorf("%s: cannot read it as HTML (%v): save the page again from the browser, or copy its text into a .txt file and import that", statement.DisplayName(name), err)
	}
	p.readHead(doc, data)
	body := findFirst(doc, atom.Body, 0)
	if body == nil {
		return nil, fmt.Errorf("%s: the page has no body: save the page again from the browser", statement.DisplayName(name))
	}
	sizes := map[*html.Node]int{}
	textSizes(body, sizes, 0)
	title := findTitle(body, sizes)
	root := contentRoot(body, title, sizes)
	p.leftOutside(body, root, sizes)
	w := &pageWalker{p: p, sizes: sizes, bodySize: sizes[body], title: title}
	w.lang = langOf(root)
	p.contentLang = w.lang
	w.walk(root, walkCtx{lang: w.lang})
	w.flush()
	if err := p.build(w); err != nil {
		return nil, err
	}
	return p, nil
}

// decode returns the page as UTF-8: as the page declares its encoding, or
// as it reads.
func (p *savedPage) decode(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	enc, encName, certain := charset.DetermineEncoding(data, "")
	declared := certain || bytes.Contains(bytes.ToLower(data[:min(len(data), 1024)]), []byte("charset"))
	if encName == "utf-8" || (!declared && utf8.Valid(data)) {
		if !utf8.Valid(data) {
			return nil, fmt.Errorf("%s: the page says it is UTF-8 but is not: save the page again from the browser", statement.DisplayName(p.name))
		}
		return data, nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read its %s text (%v): save the page again from the browser as UTF-8", statement.DisplayName(p.name), encName, err)
	}
	if !declared {
		p.check(fmt.Sprintf("the page does not say how its text is encoded and is not UTF-8: read as %s; check the accented letters", encName))
	}
	return out, nil
}

func (p *savedPage) check(msg string) {
	p.read.checks = append(p.read.checks, Check{Source: p.name, Msg: msg})
}

// savedFrom is the comment a browser writes at the top of a saved page.
var savedFrom = regexp.MustCompile(`(?i)<!--\s*saved from url=\(\d+\)(\S+?)\s*-->`)

// readHead reads the document's head: title, address, language and dates.
func (p *savedPage) readHead(doc *html.Node, data []byte) {
	var canonical, ogURL string
	if h := findFirst(doc, atom.Html, 0); h != nil {
		p.langAttr = langAttr(h)
	}
	head := findFirst(doc, atom.Head, 0)
	if head != nil {
		eachDescendant(head, func(n *html.Node) {
			switch n.DataAtom {
			case atom.Title:
				if p.docTitle == "" {
					p.docTitle = collapseHTMLSpace(nodeText(n, 0))
				}
			case atom.Link:
				if slices.Contains(strings.Fields(strings.ToLower(pageAttr(n, "rel"))), "canonical") && canonical == "" {
					canonical = strings.TrimSpace(pageAttr(n, "href"))
				}
			case atom.Meta:
				key := strings.ToLower(pageAttr(n, "property") + pageAttr(n, "name") + pageAttr(n, "http-equiv"))
				val := strings.TrimSpace(pageAttr(n, "content"))
				switch key {
				case "og:title", "twitter:title":
					if p.ogTitle == "" {
						p.ogTitle = collapseHTMLSpace(val)
					}
				case "og:site_name":
					p.siteName = collapseHTMLSpace(val)
				case "og:url":
					ogURL = val
				case "content-language":
					if p.langAttr == "" {
						p.langAttr = primaryLanguage(val)
					}
				case "article:published_time", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "citation_publication_date":
					if d, ok := isoDay(val); ok {
						p.metaDates = append(p.metaDates, metaDate{day: d, where: key})
					}
				}
			}
		})
	}
	var saved string
	if m := savedFrom.FindSubmatch(data[:min(len(data), 4096)]); m != nil {
		saved = string(m[1])
	}
	for _, a := range []string{canonical, ogURL, saved} {
		if u, err := url.Parse(a); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			p.address = a
			break
		}
	}
}

var isoDayPrefix = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})`)

// isoDay reads the day of an ISO 8601 date or time as written, in the
// publisher's own time zone.
func isoDay(s string) (string, bool) {
	m := isoDayPrefix.FindString(strings.TrimSpace(s))
	if m == "" {
		return "", false
	}
	ds := findDates(m)
	if len(ds) == 0 {
		return "", false
	}
	return ds[0].day, true
}

// The tree.

func pageAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func pageHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

func langAttr(n *html.Node) string {
	for _, a := range n.Attr {
		if a.Key == "lang" || (a.Key == "xml:lang") || (a.Namespace == "xml" && a.Key == "lang") {
			return primaryLanguage(a.Val)
		}
	}
	return ""
}

// primaryLanguage is the ISO 639-1 code of a language tag: "en-GB" → "en".
func primaryLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_,; "); i >= 0 {
		tag = tag[:i]
	}
	if statement.ValidLanguage(tag) {
		return tag
	}
	return ""
}

// langOf is the language the nearest element up from n declares.
func langOf(n *html.Node) string {
	for a := n; a != nil; a = a.Parent {
		if a.Type == html.ElementNode {
			if l := langAttr(a); l != "" {
				return l
			}
		}
	}
	return ""
}

func findFirst(n *html.Node, a atom.Atom, depth int) *html.Node {
	if depth > maxPageNesting {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
		if f := findFirst(c, a, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// nodeText is the text under n, as it stands in the source.
func nodeText(n *html.Node, depth int) string {
	var b strings.Builder
	var rec func(*html.Node, int)
	rec = func(n *html.Node, depth int) {
		if depth > maxPageNesting {
			return
		}
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template):
			return
		case n.Type == html.ElementNode && blockElements[n.DataAtom]:
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c, depth+1)
		}
		if n.Type == html.ElementNode && (blockElements[n.DataAtom] || n.DataAtom == atom.Br) {
			b.WriteString(" ")
		}
	}
	rec(n, depth)
	return b.String()
}

// collapseHTMLSpace applies HTML's white space rule: runs of ASCII white space are
// one space, and none at the ends. Other spaces (no-break) stay.
func collapseHTMLSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\ufeff':
			continue
		case isHTMLSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

// textSizes records how many letters and digits each element holds.
func textSizes(n *html.Node, sizes map[*html.Node]int, depth int) int {
	if depth > maxPageNesting {
		return 0
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			for _, r := range c.Data {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					total++
				}
			}
		case html.ElementNode:
			if !silentElements[c.DataAtom] {
				total += textSizes(c, sizes, depth+1)
			}
		}
	}
	sizes[n] = total
	return total
}

// blockElements is the elements that start a block of their own.
var blockElements = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true,
	atom.Li: true, atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true,
	atom.Ul: true, atom.Legend: true, atom.Noscript: true,
}

// silentElements are the elements that hold no text a reader sees: left out
// without a word.
var silentElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Svg: true, atom.Math: true,
	atom.Canvas: true, atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Img: true,
	atom.Picture: true, atom.Video: true, atom.Audio: true, atom.Input: true, atom.Select: true,
	atom.Textarea: true, atom.Button: true, atom.Head: true, atom.Link: true, atom.Meta: true,
	atom.Map: true, atom.Noscript: true,
}

// furnitureElements are the elements that hold the site, not the text.
var furnitureElements = map[atom.Atom]string{
	atom.Nav: "navigation", atom.Aside: "aside", atom.Footer: "page footer", atom.Form: "form",
	atom.Menu: "menu", atom.Dialog: "dialog", atom.Figure: "figure or caption", atom.Figcaption: "caption",
}

// furnitureRoles are the ARIA roles of the site's parts.
var furnitureRoles = map[string]string{
	"navigation": "navigation", "menu": "menu", "menubar": "menu", "banner": "page header",
	"contentinfo": "page footer", "complementary": "aside", "search": "search box", "dialog": "dialog",
	"alertdialog": "dialog", "toolbar": "toolbar", "tablist": "tabs",
}

// furnitureWords are the words in class names and ids that mark the
// site's parts, the same on every site that names them at all.
var furnitureWords = map[string]string{
	"nav": "navigation", "navbar": "navigation", "navigation": "navigation", "menu": "menu",
	"breadcrumb": "breadcrumbs", "breadcrumbs": "breadcrumbs", "share": "share buttons",
	"sharing": "share buttons", "social": "share buttons", "addthis": "share buttons",
	"cookie": "cookie notice", "cookies": "cookie notice", "consent": "cookie notice", "gdpr": "cookie notice",
	"skip": "skip link", "sidebar": "sidebar", "related": "related links", "toolbar": "toolbar",
	"pagination": "pagination", "pager": "pagination", "newsletter": "newsletter", "subscribe": "newsletter",
	"modal": "dialog", "popup": "dialog", "caption": "caption", "video": "video", "player": "video",
	"print": "print button", "footer": "page footer", "masthead": "page header", "switcher": "language switcher",
	"langswitch": "language switcher", "translations": "language switcher", "feedback": "feedback form",
	"srOnly": "", "tags": "tags", "keywords": "tags",
}

// nameWords splits class names and ids into lower-case words: "shareBar
// lang-switcher" → share, bar, lang, switcher.
func nameWords(n *html.Node) []string {
	var words []string
	s := pageAttr(n, "class") + " " + pageAttr(n, "id")
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range s {
		switch {
		case unicode.IsUpper(r) && prevLower:
			flush()
			cur = append(cur, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		default:
			flush()
		}
		prevLower = unicode.IsLower(r)
	}
	flush()
	return words
}

// languageLabels are how language switchers name languages: codes, native
// names and English names of the languages statements come in.
var languageLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range commonLanguages {
		m[l] = true
		m[strings.ToLower(statement.LanguageEnglishName(l))] = true
	}
	for _, s := range []string{"english", "français", "francais", "deutsch", "español", "espanol", "italiano",
		"português", "nederlands", "polski", "русский", "українська", "українською", "العربية", "中文",
		"ελληνικά", "türkçe", "română", "magyar", "čeština", "slovenčina", "hrvatski", "srpski", "български",
		"svenska", "dansk", "suomi", "norsk", "eesti", "latviešu", "lietuvių", "shqip", "македонски",
		"ქართული", "slovenščina", "ukr", "eng", "fra", "fre", "ger", "rus", "spa", "ita"} {
		m[s] = true
	}
	return m
}()

// maxSwitcherLetters is the most letters a language switcher holds: the
// names of some thirty languages.
const maxSwitcherLetters = 400

// languageSwitcher reports whether n is a list of languages: every word
// of its text a language's name or code.
func languageSwitcher(n *html.Node) bool {
	fields := strings.FieldsFunc(strings.ToLower(nodeText(n, 0)), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|/•·,()[]-–", r)
	})
	if len(fields) < 2 {
		return false
	}
	for _, f := range fields {
		if !languageLabels[f] {
			return false
		}
	}
	return true
}

// furniture says why n is part of the site rather than the text, or "".
func (w *pageWalker) furniture(n *html.Node) string {
	why, ok := furnitureElements[n.DataAtom]
	if !ok {
		why, ok = furnitureRoles[strings.ToLower(pageAttr(n, "role"))]
	}
	if ok {
		// The class may say more: a dialog that is a cookie notice.
		for _, word := range nameWords(n) {
			if v := furnitureWords[word]; v != "" && !navigationParts[why] {
				return v
			}
		}
		return why
	}
	if n.DataAtom == atom.Header && !w.articleHeader(n) {
		return "page header"
	}
	if pageHasAttr(n, "hidden") || pageAttr(n, "aria-hidden") == "true" || hiddenStyle.MatchString(pageAttr(n, "style")) {
		return "hidden"
	}
	if words := nameWords(n); slices.Contains(words, "sr") && slices.Contains(words, "only") || slices.Contains(words, "visually") && slices.Contains(words, "hidden") {
		return "screen-reader text" // "opens in a new window", "skip to content"
	}
	// A class name says what a part is for, but a page may give its text
	// a name that sounds like a part ("video-transcript", "main-menu-
	// offset"): never the part that holds the title or most of the text.
	why = ""
	words := nameWords(n)
	for i, word := range words {
		if word == "lang" || word == "language" || word == "languages" {
			if i+1 < len(words) && (words[i+1] == "switcher" || words[i+1] == "selector" || words[i+1] == "switch" || words[i+1] == "picker" || words[i+1] == "menu" || words[i+1] == "list") {
				why = "language switcher"
				break
			}
		}
		if v, ok := furnitureWords[word]; ok && v != "" {
			why = v
			break
		}
		if word == "header" && n.DataAtom != atom.H1 {
			why = "page header"
		}
	}
	// A language switcher is short: only a short part is read for one, so
	// that the walk stays linear in the page's length.
	if why == "" && (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Div || n.DataAtom == atom.P) && w.sizes[n] <= maxSwitcherLetters && languageSwitcher(n) {
		return "language switcher"
	}
	if why != "" && (w.holdsTitle(n) || 2*w.sizes[n] > w.bodySize) {
		return ""
	}
	return why
}

var hiddenStyle = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

// articleHeader reports whether a <header> heads the text (it is inside
// an article or the main part, or holds the title) rather than the site.
func (w *pageWalker) articleHeader(n *html.Node) bool {
	if w.holdsTitle(n) {
		return true
	}
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && (a.DataAtom == atom.Article || a.DataAtom == atom.Main || pageAttr(a, "role") == "main") {
			return true
		}
	}
	return false
}

func (w *pageWalker) holdsTitle(n *html.Node) bool {
	for t := w.title; t != nil; t = t.Parent {
		if t == n {
			return true
		}
	}
	return false
}

// findTitle is the page's <h1>: the first one outside the site's parts
// that holds text, preferring one in the main part.
func findTitle(body *html.Node, sizes map[*html.Node]int) *html.Node {
	probe := &pageWalker{sizes: sizes, bodySize: sizes[body]}
	var first, inMain *html.Node
	var rec func(n *html.Node, depth int, main bool)
	rec = func(n *html.Node, depth int, main bool) {
		if depth > maxPageNesting || inMain != nil {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || silentElements[c.DataAtom] {
				continue
			}
			if c.DataAtom == atom.H1 && sizes[c] > 0 {
				if main && inMain == nil {
					inMain = c
				}
				if first == nil {
					first = c
				}
				continue
			}
			if c.DataAtom != atom.Header && probe.furniture(c) != "" {
				continue
			}
			rec(c, depth+1, main || c.DataAtom == atom.Main || c.DataAtom == atom.Article || pageAttr(c, "role") == "main")
		}
	}
	rec(body, 0, false)
	if inMain != nil {
		return inMain
	}
	return first
}

// contentRoot is the part of the page that holds the text: the main part
// (<main>, role=main) or else the longest <article>, widened to take in
// the title; the whole body when the page marks neither.
func contentRoot(body, title *html.Node, sizes map[*html.Node]int) *html.Node {
	var best *html.Node
	var bestArticle *html.Node
	var rec func(n *html.Node, depth int)
	rec = func(n *html.Node, depth int) {
		if depth > maxPageNesting {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || silentElements[c.DataAtom] {
				continue
			}
			switch {
			case c.DataAtom == atom.Main || pageAttr(c, "role") == "main":
				if best == nil || sizes[c] > sizes[best] {
					best = c
				}
			case c.DataAtom == atom.Article:
				if bestArticle == nil || sizes[c] > sizes[bestArticle] {
					bestArticle = c
				}
			}
			rec(c, depth+1)
		}
	}
	rec(body, 0)
	root := best
	if root == nil {
		root = bestArticle
	}
	if root == nil || 2*sizes[root] < sizes[body]/2 {
		// A main part with under a quarter of the page's text is not
		// where the text is.
		return body
	}
	if title == nil {
		return root
	}
	// Widen to the nearest element holding both the root and the title.
	ancestors := map[*html.Node]bool{}
	for a := root; a != nil; a = a.Parent {
		ancestors[a] = true
	}
	for a := title; a != nil; a = a.Parent {
		if ancestors[a] {
			return a
		}
	}
	return body
}

// leftOutside records the text outside the content root that reads as text.
func (p *savedPage) leftOutside(body, root *html.Node, sizes map[*html.Node]int) {
	if root == body {
		return
	}
	w := &pageWalker{p: p, sizes: sizes, bodySize: sizes[body]}
	var rec func(n *html.Node, depth int)
	rec = func(n *html.Node, depth int) {
		if depth > maxPageNesting {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c == root {
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			if silentElements[c.DataAtom] {
				continue
			}
			if why := w.furniture(c); why != "" {
				w.drop(c, why)
				continue
			}
			if ancestorOf(c, root) {
				rec(c, depth+1)
				continue
			}
			w.drop(c, "outside the page's main part")
		}
	}
	rec(body, 0)
}

func ancestorOf(a, n *html.Node) bool {
	for x := n; x != nil; x = x.Parent {
		if x == a {
			return true
		}
	}
	return false
}

// The walk: the content root into blocks.

// blockKind is what a block of the page is.
type blockKind int

const (
	textBlock blockKind = iota
	headingBlock
	itemBlock
	rowBlock
	ruleBlock
)

// pageBlock is one block of the page's text, before it is known to be head,
// body or footnote.
type pageBlock struct {
	kind  blockKind
	level int // a heading's level
	// lines are the block's lines of text (split at <br>), footnote marks
	// written [^N].
	lines []string
	// An item's marker, list, depth in nested lists, and number.
	marker  string
	list    int
	ordered bool
	depth   int
	value   int
	// inHeader is set for a block in a <header>.
	inHeader bool
	// notes is set for a block in an element named for footnotes.
	notes bool
	// boldOnly is set when all the block's text is bold.
	boldOnly bool
	// anchors are the ids and names the block carries, which footnote
	// links may point at.
	anchors []string
	// times are the datetime attributes of the <time> elements in it.
	times []string
	// links counts the letters in links, letters all the letters.
	links, letters int
}

func (b *pageBlock) text() string { return strings.Join(b.lines, " ") }

// walkCtx is what an element passes to those inside it.
type walkCtx struct {
	depth    int
	lang     string
	inHeader bool
	notes    bool
	bold     bool
	link     bool
	pre      bool
	// item is the list item the text goes into, if any.
	item *pageBlock
	// listDepth is how many lists deep the walk is.
	listDepth int
}

// pageWalker turns the content root into blocks.
type pageWalker struct {
	p        *savedPage
	sizes    map[*html.Node]int
	bodySize int
	title    *html.Node
	lang     string

	blocks []*pageBlock
	// run is the text being gathered for the next block.
	run     strings.Builder
	lines   []string
	space   bool
	brs     int
	runCtx  walkCtx
	started bool
	bold    int
	plain   int
	links   int
	letters int
	anchors []string
	times   []string
	lists   int
	// marks maps a footnote mark's number to the id its link points at.
	marks map[int]string
}

func (w *pageWalker) walk(n *html.Node, ctx walkCtx) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, ctx)
	}
}

// text adds text to the run, spaces collapsed as HTML renders them.
func (w *pageWalker) text(s string, ctx walkCtx) {
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\ufeff':
			continue
		case isHTMLSpace(r) && !ctx.pre:
			w.space = true
			continue
		case r == '\n' && ctx.pre:
			w.lineBreak()
			continue
		case statement.IsControl(r):
			w.space = true
			continue
		}
		if !w.started {
			w.started = true
			w.runCtx = ctx
		}
		if w.space && w.run.Len() > 0 {
			w.run.WriteByte(' ')
		}
		w.space = false
		w.brs = 0
		w.run.WriteRune(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			w.letters++
			if ctx.link {
				w.links++
			}
			if ctx.bold {
				w.bold++
			} else {
				w.plain++
			}
		}
	}
}

func (w *pageWalker) lineBreak() {
	w.brs++
	if w.run.Len() > 0 {
		w.lines = append(w.lines, strings.TrimRightFunc(w.run.String(), unicode.IsSpace))
		w.run.Reset()
	}
	w.space = false
}

// flush ends the block being gathered.
func (w *pageWalker) flush() {
	w.lineBreak()
	var lines []string
	for _, l := range w.lines {
		if l = strings.TrimFunc(l, unicode.IsSpace); l != "" {
			lines = append(lines, l)
		}
	}
	ctx := w.runCtx
	if len(lines) > 0 {
		if ctx.item != nil {
			it := ctx.item
			if len(it.lines) == 0 {
				it.lines = lines
			} else {
				it.lines = []string{strings.Join(append(it.lines, lines...), " ")}
			}
			it.anchors = append(it.anchors, w.anchors...)
			it.links += w.links
			it.letters += w.letters
		} else {
			w.blocks = append(w.blocks, &pageBlock{
				kind: textBlock, lines: lines, inHeader: ctx.inHeader, notes: ctx.notes,
				boldOnly: w.bold > 0 && w.plain == 0, anchors: w.anchors, times: w.times,
				links: w.links, letters: w.letters,
			})
		}
	}
	w.lines, w.started, w.space, w.brs = nil, false, false, 0
	w.bold, w.plain, w.links, w.letters = 0, 0, 0, 0
	w.anchors, w.times = nil, nil
	w.runCtx = walkCtx{}
}

// anchor records the ids an element carries, for footnote links.
func (w *pageWalker) anchor(n *html.Node) {
	for _, k := range []string{"id", "name"} {
		if v := pageAttr(n, k); v != "" {
			w.anchors = append(w.anchors, v)
		}
	}
}

// noteMarkText is the text of a footnote mark: "1", "[1]", "(1)", "*".
var noteMarkText = regexp.MustCompile(`^[\[(]?(\d{1,4}|\*{1,3})[\])]?$`)

// node reads one node: text into the run, an element by what it marks.
func (w *pageWalker) node(n *html.Node, ctx walkCtx) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, ctx)
		return
	case html.ElementNode:
	default:
		return
	}
	if ctx.depth >= maxPageNesting {
		w.p.tooDeep = true
		return
	}
	ctx.depth++
	if silentElements[n.DataAtom] {
		return
	}
	if why := w.furniture(n); why != "" {
		if blockElements[n.DataAtom] {
			w.flush()
		}
		w.drop(n, why)
		return
	}
	if l := langAttr(n); l != "" {
		ctx.lang = l
	}
	if words := nameWords(n); slices.ContainsFunc(words, func(s string) bool {
		return s == "footnote" || s == "footnotes" || s == "endnotes" || s == "endnote" || s == "ftn"
	}) {
		ctx.notes = true
	}
	switch n.DataAtom {
	case atom.Br:
		w.lineBreak()
		if w.brs >= 2 && ctx.item == nil {
			w.flush()
		}
		return
	case atom.Sup:
		t := collapseHTMLSpace(nodeText(n, 0))
		if m := noteMarkText.FindStringSubmatch(t); m != nil && w.started {
			w.mark(m[1], linkTarget(n), ctx)
			w.anchor(n)
			return
		}
	case atom.A:
		w.anchor(n)
		if href := pageAttr(n, "href"); strings.HasPrefix(href, "#") && w.started {
			t := collapseHTMLSpace(nodeText(n, 0))
			if m := noteMarkText.FindStringSubmatch(t); m != nil && (strings.HasPrefix(t, "[") || isSuperscript(n)) {
				w.mark(m[1], href[1:], ctx)
				return
			}
		}
		ctx.link = true
	case atom.Strong, atom.B:
		ctx.bold = true
	case atom.Time:
		if dt := pageAttr(n, "datetime"); dt != "" {
			w.times = append(w.times, dt)
		}
	case atom.Header:
		w.flush()
		ctx.inHeader = true
		w.walk(n, ctx)
		w.flush()
		return
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		w.anchor(n)
		w.walk(n, ctx)
		w.lineBreak()
		if t := strings.TrimFunc(strings.Join(w.lines, " "), unicode.IsSpace); t != "" {
			level := int(n.Data[1] - '0')
			w.blocks = append(w.blocks, &pageBlock{kind: headingBlock, level: level, lines: []string{t}, inHeader: ctx.inHeader, notes: ctx.notes, anchors: w.anchors, times: w.times})
		}
		w.lines, w.started, w.space, w.brs, w.anchors, w.times = nil, false, false, 0, nil, nil
		w.bold, w.plain, w.links, w.letters = 0, 0, 0, 0
		return
	case atom.Ul, atom.Ol, atom.Dir, atom.Menu:
		w.flush()
		w.lists++
		w.list(n, ctx, w.lists)
		return
	case atom.Table:
		w.flush()
		w.table(n, ctx)
		return
	case atom.Hr:
		w.flush()
		w.blocks = append(w.blocks, &pageBlock{kind: ruleBlock, inHeader: ctx.inHeader})
		return
	case atom.Pre:
		w.flush()
		ctx.pre = true
		w.walk(n, ctx)
		w.flush()
		return
	}
	if blockElements[n.DataAtom] && ctx.item == nil {
		w.flush()
		w.anchor(n)
		w.walk(n, ctx)
		w.flush()
		return
	}
	if blockElements[n.DataAtom] {
		// Paragraphs inside a list item: one item, its parts joined.
		w.lineBreak()
		w.anchor(n)
		w.walk(n, ctx)
		w.lineBreak()
		return
	}
	w.walk(n, ctx)
}

func linkTarget(n *html.Node) string {
	target := ""
	eachDescendant(n, func(d *html.Node) {
		if h := pageAttr(d, "href"); d.DataAtom == atom.A && strings.HasPrefix(h, "#") && target == "" {
			target = h[1:]
		}
	})
	return target
}

func isSuperscript(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && a.DataAtom == atom.Sup {
			return true
		}
	}
	found := false
	eachDescendant(n, func(d *html.Node) { found = found || d.DataAtom == atom.Sup })
	return found
}

// mark writes a footnote mark into the run: [^N], or [^*] for an
// asterisk, numbered when the footnotes are.
func (w *pageWalker) mark(key, target string, ctx walkCtx) {
	if w.marks == nil {
		w.marks = map[int]string{}
	}
	if n, err := strconv.Atoi(key); err == nil {
		if n < 1 {
			w.text(key, ctx)
			return
		}
		if _, ok := w.marks[n]; !ok || target != "" {
			w.marks[n] = target
		}
		key = strconv.Itoa(n)
	}
	w.space = false
	w.run.WriteString("[^" + key + "]")
}

// list reads a list's items, and the lists inside them.
func (w *pageWalker) list(n *html.Node, ctx walkCtx, id int) {
	ordered := n.DataAtom == atom.Ol
	kind := pageAttr(n, "type")
	value := 1
	if s, err := strconv.Atoi(pageAttr(n, "start")); err == nil {
		value = s
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom != atom.Li {
			// Text or a list straight inside a list: read it as an item.
			if c.DataAtom == atom.Ul || c.DataAtom == atom.Ol {
				w.lists++
				inner := ctx
				inner.listDepth++
				w.list(c, inner, w.lists)
			}
			continue
		}
		if ctx.depth >= maxPageNesting {
			w.p.tooDeep = true
			return
		}
		if why := w.furniture(c); why != "" {
			w.drop(c, why)
			continue
		}
		if s, err := strconv.Atoi(pageAttr(c, "value")); err == nil {
			value = s
		}
		it := &pageBlock{kind: itemBlock, list: id, ordered: ordered, depth: ctx.listDepth, value: value,
			marker: listMarkerFor(ordered, kind, value), inHeader: ctx.inHeader, notes: ctx.notes}
		w.blocks = append(w.blocks, it)
		inner := ctx
		inner.item = it
		inner.listDepth++
		inner.depth++
		w.anchor(c)
		// The item's own text, up to a list inside it.
		for g := c.FirstChild; g != nil; g = g.NextSibling {
			if g.Type == html.ElementNode && (g.DataAtom == atom.Ul || g.DataAtom == atom.Ol) {
				w.flushItem(inner)
				w.lists++
				nested := ctx
				nested.listDepth++
				nested.depth++
				w.list(g, nested, w.lists)
				continue
			}
			w.node(g, inner)
		}
		w.flushItem(inner)
		value++
	}
}

// flushItem ends the text of a list item.
func (w *pageWalker) flushItem(ctx walkCtx) {
	if w.started {
		w.runCtx.item = ctx.item
	}
	w.flush()
}

// listMarkerFor is the marker a list item shows: "•" for an unordered
// list; for an ordered one its number or letter as the statement format
// writes an item ("1)", "a.", "i."), since "1." starts a paragraph.
func listMarkerFor(ordered bool, kind string, value int) string {
	if !ordered {
		return "•"
	}
	switch kind {
	case "a", "A":
		if value >= 1 && value <= 26 {
			return string(rune('a'+value-1)) + "."
		}
	case "i", "I":
		return romanNumeral(value) + "."
	}
	return strconv.Itoa(value) + ")"
}

func romanNumeral(n int) string {
	if n < 1 || n > 89 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// table reads a table: a layout table (one holding paragraphs or other
// tables) as the blocks inside its cells; a table of data, row by row.
func (w *pageWalker) table(n *html.Node, ctx walkCtx) {
	layout := false
	eachDescendant(n, func(d *html.Node) {
		switch d.DataAtom {
		case atom.P, atom.Table, atom.H1, atom.H2, atom.Ul, atom.Ol, atom.Div:
			layout = true
		}
	})
	if layout {
		w.walkCells(n, ctx)
		return
	}
	var rows []*html.Node
	eachDescendant(n, func(d *html.Node) {
		if d.DataAtom == atom.Tr {
			rows = append(rows, d)
		}
	})
	for _, tr := range rows {
		var cells []string
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
				cw := &pageWalker{p: w.p, sizes: w.sizes, bodySize: w.bodySize, title: w.title, marks: w.marks}
				cw.walk(td, ctx)
				cw.flush()
				w.marks = cw.marks
				var parts []string
				for _, b := range cw.blocks {
					parts = append(parts, b.text())
				}
				cells = append(cells, strings.Join(parts, " "))
			}
		}
		if strings.TrimSpace(strings.Join(cells, "")) != "" {
			w.blocks = append(w.blocks, &pageBlock{kind: rowBlock, lines: cells, inHeader: ctx.inHeader, notes: ctx.notes})
		}
	}
}

func (w *pageWalker) walkCells(n *html.Node, ctx walkCtx) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Td, atom.Th, atom.Caption:
			w.node(c, ctx)
			w.flush()
		default:
			if ctx.depth < maxPageNesting {
				inner := ctx
				inner.depth++
				w.walkCells(c, inner)
			}
		}
	}
}

// drop records a part left out, when it reads as text rather than as
// links, labels or buttons.
func (w *pageWalker) drop(n *html.Node, why string) {
	if w.p == nil {
		return
	}
	t := collapseHTMLSpace(nodeText(n, 0))
	if !readsAsText(n, t) || languageSwitcher(n) {
		return
	}
	if navigationParts[why] && !strings.ContainsAny(t, ".!?") {
		return
	}
	w.p.leftOut = append(w.p.leftOut, leftOut{text: t, why: why})
}

// navigationParts are the parts of a site that only lead elsewhere: left
// out without a check unless they hold a sentence.
var navigationParts = map[string]bool{
	"navigation": true, "menu": true, "breadcrumbs": true, "share buttons": true, "skip link": true,
	"pagination": true, "print button": true, "language switcher": true, "tabs": true, "toolbar": true,
	"search box": true, "screen-reader text": true, "tags": true,
}

// readsAsText reports whether left-out text could be part of a statement:
// four words or more, most of them outside links.
func readsAsText(n *html.Node, t string) bool {
	if len(strings.Fields(t)) < 4 {
		return false
	}
	linked := 0
	if n.DataAtom == atom.A {
		linked = letters(t)
	}
	eachDescendant(n, func(d *html.Node) {
		if d.DataAtom == atom.A {
			linked += letters(nodeText(d, 0))
		}
	})
	return 2*linked < letters(t)
}

// eachDescendant calls fn on the elements under n, to maxPageNesting deep.
func eachDescendant(n *html.Node, fn func(*html.Node)) {
	var rec func(*html.Node, int)
	rec = func(n *html.Node, depth int) {
		if depth > maxPageNesting {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				fn(c)
				rec(c, depth+1)
			}
		}
	}
	rec(n, 0)
}

// The blocks into a section.

// pageReferences are references that pages show in their heads beside
// those of copied text (references, in head.go): NATO's PR(2006)150 and
// PR/CP(2006)150, the UN's SC/10378 (CS/10378 in French), S/RES/2170
// (2014) and S/PRST/2014/5, the European Commission's MEMO/14/402 and the
// Council's SN 140/01.
var pageReferences = regexp.MustCompile(`\bPR(?:/CP)?\s*\(\d{4}\)\s*\d+|\bM\s*-\s*NAC\s*-?\s*\d\s*\(\d{2,4}\)\s*\d+|\b(?:SC|CS|GA|AG|SG/SM|SG/T|DSG/SM|ECOSOC)/\d{3,6}\b|\b(?:MEMO|IP|SPEECH|STATEMENT)/\d{2}/\d+|\bSN\s+\d{1,5}/\d{2}\b|\bS/RES/\d+\s*\(\d{4}\)|\bS/PRST/\d{4}/\d+`)

// findReference returns the first reference in s and where it is.
func findReference(s string) (string, []int) {
	var best []int
	for _, re := range []*regexp.Regexp{references, pageReferences} {
		if m := re.FindStringIndex(s); m != nil && (best == nil || m[0] < best[0]) {
			best = m
		}
	}
	if best == nil {
		return "", nil
	}
	return strings.Join(strings.Fields(s[best[0]:best[1]]), " "), best
}

// metadataLabel is a label before a date or reference: "Date:",
// "Reference:", "Symbol:".
var metadataLabel = regexp.MustCompile(`(?i)^(date( of issue| de publication)?|dated|reference|référence|ref|réf|symbol|symbole|cote|document|doc|no|nr|number|numéro|datum|fecha|published|publié|publiée|issued|diffusé|diffusée)\b\.?\s*:?\s*`)

// pageHeadFacts is what one head line says.
type pageHeadFacts struct {
	dates      []dateMatch
	strength   int
	reference  string
	unofficial bool
}

// pageHeadLine reads a line of a page's head: a date, a reference, both, a
// note that the text is an unofficial translation, boilerplate ("Last
// updated …", "Print"), or punctuation between them. ok is false for any
// other line.
func pageHeadLine(text string, times []string) (f pageHeadFacts, ok bool) {
	t := strings.Trim(stripBullet(text), " |-–—:;,•·\u00a0")
	if t == "" {
		return f, true
	}
	if boilerplate.MatchString(t) {
		return f, true
	}
	if m := unofficialNote.FindStringIndex(t); m != nil && len(strings.Fields(t[:m[0]]+t[m[1]:])) <= 2 {
		f.unofficial = true
		return f, true
	}
	rest := t
	ref, at := findReference(t)
	if ref != "" {
		rest = t[:at[0]] + " " + t[at[1]:]
	}
	f.dates = findDates(rest)
	for _, d := range f.dates {
		rest = strings.Replace(rest, d.text, " ", 1)
	}
	if len(f.dates) == 0 {
		for _, dt := range times {
			if d, ok := isoDay(dt); ok {
				ds := findDates(d)
				f.dates = append(f.dates, dateMatch{day: ds[0].day, text: strings.TrimSpace(text)})
			}
		}
		if len(f.dates) > 0 {
			rest = "" // the text of a <time> may be "Monday" or "3 days ago"
		}
	}
	if ref == "" && len(f.dates) == 0 {
		return f, false
	}
	f.strength = 2
	if issuedOn.MatchString(rest) {
		f.strength = 3
	}
	rest = issuedOn.ReplaceAllString(rest, " ")
	rest = metadataLabel.ReplaceAllString(strings.TrimSpace(rest), "")
	rest = strings.Trim(strings.Map(func(r rune) rune {
		if strings.ContainsRune("|-–—,:;()•·", r) {
			return ' '
		}
		return r
	}, rest), " ")
	if len(strings.Fields(rest)) > 3 || utf8.RuneCountInString(rest) > 30 {
		return pageHeadFacts{}, false
	}
	f.reference = ref
	return f, true
}

// record keeps what a head line says.
func (p *savedPage) record(f pageHeadFacts, where string) {
	r := p.read
	if f.unofficial {
		r.unofficial = true
	}
	if f.reference != "" && r.reference == "" {
		r.reference = f.reference
	}
	for _, d := range f.dates {
		r.offerDate(d, f.strength, 0, where)
	}
}

// metadataRow reads a row of a table of metadata ("Date | 12 September
// 2011"); ok is false for a row of any other table.
func (p *savedPage) metadataRow(b *pageBlock) bool {
	if len(b.lines) != 2 || len(strings.Fields(b.lines[0])) > 4 || b.lines[1] == "" {
		return false
	}
	label := strings.ToLower(strings.Trim(b.lines[0], " :\u00a0"))
	value := b.lines[1]
	switch {
	case strings.Contains(label, "date") || strings.Contains(label, "issued") || strings.Contains(label, "datum") || strings.Contains(label, "publi"):
		ds := findDates(value)
		if len(ds) == 0 {
			return false
		}
		strength := 2
		if strings.Contains(label, "issue") || strings.Contains(label, "publi") {
			strength = 3
		}
		p.record(pageHeadFacts{dates: ds, strength: strength}, "table of metadata")
		return true
	case strings.Contains(label, "ref") || strings.Contains(label, "symbol") || strings.Contains(label, "cote") || strings.Contains(label, "document") || label == "no" || label == "no." || strings.Contains(label, "number") || strings.Contains(label, "numéro"):
		ref, _ := findReference(value)
		if ref == "" && strings.ContainsAny(value, "0123456789") && utf8.RuneCountInString(value) <= 40 {
			ref = value
		}
		if ref == "" {
			return false
		}
		p.record(pageHeadFacts{reference: ref}, "table of metadata")
		return true
	}
	if f, ok := pageHeadLine(value, nil); ok && (f.reference != "" || len(f.dates) > 0) {
		p.record(f, "table of metadata")
		return true
	}
	p.check(fmt.Sprintf("the table of metadata gives %q as %s, which the draft does not hold: add it to the front matter if it belongs there (issuer:, tags:)", clip(value), strings.Trim(b.lines[0], " :\u00a0")))
	return true
}

// subtitleLike reports whether a line under the title says who issued the
// text, where or at which meeting, as subtitles do.
func subtitleLike(s string) bool {
	if utf8.RuneCountInString(s) > 400 || sentenceLike(s) && utf8.RuneCountInString(s) > 300 {
		return false
	}
	return subtitleStart.MatchString(s) || pageByLine.MatchString(s)
}

// pageByLine is a subtitle naming its speaker or issuer: "by the Secretary
// General", "par le Secrétaire général".
var pageByLine = regexp.MustCompile(`^(by|par|von|di|por)\s+\S`)

// pageEndMark is a line that ends a press release: "* *** *", "###", "- END -".
var pageEndMark = regexp.MustCompile(`^([*#•·_~=\s]{3,}|[-–—]\s*(end|fin|ende)\s*[-–—])$`)

// pageNotesHeading is a heading over footnotes.
var pageNotesHeading = regexp.MustCompile(`(?i)^(foot ?notes?|notes?|endnotes?|notes de bas de page|fußnoten|anmerkungen)\s*:?$`)

// literalBreak is a line break the publisher escaped, so that it shows as
// text: "tenue à Prague <br />le 21 novembre".
var literalBreak = regexp.MustCompile(`\s*<br\s*/?>\s*`)

// build sorts the walked blocks into title, head, body and footnotes, and
// the body into the section; then sets the language and the issuer.
func (p *savedPage) build(w *pageWalker) error {
	r := p.read
	blocks := w.blocks
	if p.tooDeep {
		p.check(fmt.Sprintf("parts of the page nest deeper than %d elements and were left out: compare the draft with the page", maxPageNesting))
	}
	// The title, and what stands before it.
	ti := slices.IndexFunc(blocks, func(b *pageBlock) bool { return b.kind == headingBlock && b.level == 1 })
	rest := blocks
	if ti >= 0 {
		p.setTitle(blocks[ti].text(), "")
		for _, b := range blocks[:ti] {
			if !p.headBlock(b) {
				p.leaveOut(b, "above the title")
			}
		}
		rest = blocks[ti+1:]
	} else {
		p.titleFromHead()
	}
	// The head: subtitle, date and reference lines, a table of metadata.
	i := 0
	for ; i < len(rest); i++ {
		b := rest[i]
		if b.kind == ruleBlock {
			continue
		}
		if r.subtitle == "" && r.section.Preamble == "" && (b.kind == textBlock || b.kind == headingBlock) && subtitleLike(b.text()) && !startsParagraph(b.text()) {
			sub := b.text()
			if literalBreak.MatchString(sub) {
				sub = literalBreak.ReplaceAllString(sub, " ")
				p.check("the subtitle shows line breaks as text (<br />): they were made spaces")
			}
			r.subtitle = stripNoteMarks(sub)
			continue
		}
		if p.headBlock(b) {
			continue
		}
		if b.inHeader {
			p.leaveOut(b, "in the text's header")
			continue
		}
		break
	}
	body := rest[i:]
	for _, d := range p.metaDates {
		p.record(pageHeadFacts{dates: findDates(d.day), strength: 1}, "page's "+d.where)
	}
	p.compareDates()

	body = p.endOfText(body)
	body, notes := p.footnotes(body, w.marks)
	p.readBody(body)
	p.setFootnotes(notes)
	if len(r.section.Blocks) == 0 && r.section.Preamble == "" {
		return fmt.Errorf("%s: no text found in the page: save the statement's own page, not a list of statements; or copy its text into a .txt file and import that", statement.DisplayName(p.name))
	}
	p.reportLeftOut()
	if err := p.identify(); err != nil {
		return err
	}
	p.issuer()
	if p.address == "" {
		p.check("the page does not give its address (no canonical link): add source: {" + r.section.Lang + ": https://…} with the address it was published at")
	}
	return nil
}

// setTitle sets the title, its footnote marks removed.
func (p *savedPage) setTitle(t, from string) {
	r := p.read
	if literalBreak.MatchString(t) {
		t = literalBreak.ReplaceAllString(t, " ")
	}
	if s := stripNoteMarks(t); s != t {
		p.check("a footnote mark removed from the title; the footnote itself stays under the text")
		t = s
	}
	r.title = t
	if from != "" {
		p.check(fmt.Sprintf("title %q read from the page's %s, as the page has no heading <h1>: check it is the statement's title", t, from))
	}
}

var markInText = regexp.MustCompile(`\[\^[^\]]*\]`)

func stripNoteMarks(s string) string {
	return strings.TrimSpace(stripMarkers(markInText.ReplaceAllString(s, "")))
}

// titleSeparators split a document title into the page's and the site's
// names: "Brussels Summit Communiqué | NATO".
var titleSeparators = regexp.MustCompile(`\s+[|–—·»:-]{1,2}\s+`)

// titleFromHead takes the title from og:title or <title>, minus the site's
// name, when the page has no <h1>.
func (p *savedPage) titleFromHead() {
	if p.ogTitle != "" {
		p.setTitle(p.ogTitle, "og:title")
		return
	}
	if p.docTitle == "" {
		return
	}
	best := ""
	for _, part := range titleSeparators.Split(p.docTitle, -1) {
		part = strings.TrimSpace(part)
		if p.siteName != "" && strings.EqualFold(part, p.siteName) {
			continue
		}
		if utf8.RuneCountInString(part) > utf8.RuneCountInString(best) {
			best = part
		}
	}
	if best != "" {
		p.setTitle(best, "<title>")
	}
}

// headBlock reads a block of the head, and reports whether it was one.
func (p *savedPage) headBlock(b *pageBlock) bool {
	switch b.kind {
	case ruleBlock:
		return true
	case rowBlock:
		if len(b.lines) == 1 {
			break
		}
		return p.metadataRow(b)
	case headingBlock:
		return false
	}
	var all []pageHeadFacts
	lines := b.lines
	if b.kind == rowBlock {
		lines = []string{b.text()}
	}
	for _, l := range lines {
		f, ok := pageHeadLine(l, b.times)
		if !ok {
			return false
		}
		all = append(all, f)
	}
	for _, f := range all {
		p.record(f, "date line")
	}
	return true
}

// compareDates reports a date the page gives elsewhere that differs from
// the one taken.
func (p *savedPage) compareDates() {
	r := p.read
	if r.date.strength < 0 {
		return
	}
	for _, d := range p.metaDates {
		if d.day != r.date.day {
			p.check(fmt.Sprintf("the page's %s gives %s, and its text %s (%q): date %s taken; check the day of issue", d.where, d.day, r.date.day, r.date.text, r.date.day))
			return
		}
	}
}

// leaveOut records a block the reader left out, when it reads as text.
func (p *savedPage) leaveOut(b *pageBlock, why string) {
	t := b.text()
	if len(strings.Fields(t)) < 4 || 2*b.links >= b.letters && b.letters > 0 {
		return
	}
	p.leftOut = append(p.leftOut, leftOut{text: t, why: why})
}

// reportLeftOut writes a check for each piece of text left out.
func (p *savedPage) reportLeftOut() {
	for i, l := range p.leftOut {
		if i == maxLeftOutChecks {
			p.check(fmt.Sprintf("%d more pieces of text left out as parts of the site: compare the draft with the page", len(p.leftOut)-i))
			break
		}
		p.check(fmt.Sprintf("left out %q (%s) as part of the site, not of the statement: if it belongs to the statement, add it where it belongs", clip(l.text), l.why))
	}
}

// endOfText cuts the body at a press release's end mark ("* *** *"): what
// follows is the release's footer, left out, unless it is long enough to
// be more of the text, when the mark is only a separator.
func (p *savedPage) endOfText(body []*pageBlock) []*pageBlock {
	for i, b := range body {
		if b.kind != textBlock || !pageEndMark.MatchString(b.text()) {
			continue
		}
		tail := body[i+1:]
		paras := 0
		for _, t := range tail {
			if t.kind == textBlock && !t.notes && sentenceLike(t.text()) {
				paras++
			}
		}
		out := slices.Clone(body[:i])
		if paras > 2 {
			return append(out, p.endOfText(tail)...)
		}
		for _, t := range tail {
			if t.notes || len(t.anchors) > 0 {
				out = append(out, t)
				continue
			}
			p.leaveOut(t, "after the end mark "+b.text())
		}
		return out
	}
	return body
}

// noteStart is how a footnote's text begins: its mark as the body writes
// it ([^1], a superscript written so), "[1]", "1.", "1)", "(1)", "¹", "*".
var noteStart = regexp.MustCompile(`^(?:\[\^(\d{1,4}|\*{1,3})\]|\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)]?|([¹²³⁴⁵⁶⁷⁸⁹⁰]+)|(\*{1,3}))(?:\s+|\s*(\p{Lu}))`)

// noteBacklink is the link back to the text at a footnote's end.
var noteBacklink = regexp.MustCompile(`\s*(↩︎?|↑|\^|\[?(back|retour|zurück)( to (the )?text)?\]?)\s*$`)

// pageNote is one footnote's text as the page gives it.
type pageNote struct {
	key  string // "1", or "*" for asterisks
	text string
}

// noteKey reads a block's leading footnote mark; ok is false when it has
// none.
func noteKey(t string) (key, rest string, ok bool) {
	m := noteStart.FindStringSubmatchIndex(t)
	if m == nil {
		return "", "", false
	}
	for g := 1; g <= 6; g++ {
		if m[2*g] >= 0 {
			key = t[m[2*g]:m[2*g+1]]
			break
		}
	}
	if strings.ContainsAny(key, "¹²³⁴⁵⁶⁷⁸⁹⁰") {
		key = strconv.Itoa(superscriptNumber(key))
	}
	key = strings.TrimLeft(key, "0")
	rest = t[m[1]:]
	if m[14] >= 0 { // the capital after a glued number belongs to the text
		rest = t[m[14]:]
	}
	return key, rest, key != ""
}

// footnotes takes the footnotes out of the body: the blocks the marks'
// links point at, blocks in an element named for footnotes, and, after
// the last paragraph, blocks that start with the number of a mark, or a
// list with as many items as the text has marks.
func (p *savedPage) footnotes(body []*pageBlock, marks map[int]string) ([]*pageBlock, []pageNote) {
	// Marks written as superscript digits in the text itself.
	for _, b := range body {
		for j, l := range b.lines {
			b.lines[j] = superscriptMarker.ReplaceAllStringFunc(l, func(m string) string {
				sub := superscriptMarker.FindStringSubmatch(m)
				n := superscriptNumber(sub[2])
				if marks == nil {
					marks = map[int]string{}
				}
				if _, ok := marks[n]; !ok {
					marks[n] = ""
				}
				return sub[1] + "[^" + strconv.Itoa(n) + "]"
			})
		}
	}
	stars := false
	for _, b := range body {
		if strings.Contains(b.text(), "[^*") {
			stars = true
		}
	}
	if len(marks) == 0 && !stars {
		var kept []*pageBlock
		var notes []pageNote
		for _, b := range body {
			if b.notes && b.kind != headingBlock {
				notes = append(notes, pageNote{text: b.text()})
				continue
			}
			kept = append(kept, b)
		}
		return kept, notes
	}
	isNote := make([]bool, len(body))
	key := make([]string, len(body))
	targets := map[string]int{}
	for n, t := range marks {
		if t != "" {
			targets[t] = n
		}
	}
	for i, b := range body {
		for _, a := range b.anchors {
			if n, ok := targets[a]; ok && !strings.Contains(b.text(), "[^"+strconv.Itoa(n)+"]") {
				isNote[i], key[i] = true, strconv.Itoa(n)
			}
		}
		if b.notes && b.kind != headingBlock {
			isNote[i] = true
		}
	}
	// After the last paragraph.
	lastNumber := 0
	for _, b := range body {
		if b.kind == textBlock {
			if n, _, ok := numberedStart(b.text()); ok {
				lastNumber = n
			}
		}
	}
	j := len(body) - 1
	for ; j >= 0; j-- {
		b := body[j]
		if isNote[j] || b.kind == ruleBlock {
			continue
		}
		if b.kind == headingBlock && pageNotesHeading.MatchString(b.text()) {
			isNote[j] = true // the heading over the notes: dropped with them
			key[j] = "heading"
			continue
		}
		if b.kind != textBlock {
			break
		}
		k, _, ok := noteKey(b.text())
		if !ok {
			break
		}
		n, err := strconv.Atoi(k)
		if err == nil {
			if _, marked := marks[n]; !marked || (lastNumber > 0 && n >= lastNumber && strings.HasPrefix(b.text(), k)) {
				break
			}
		}
		isNote[j] = true
	}
	// A list at the very end, as many items as marks, after a paragraph
	// that does not announce it, is the footnotes.
	if j >= 0 && body[j].kind == itemBlock {
		start := j
		for start > 0 && body[start-1].kind == itemBlock && body[start-1].list == body[j].list {
			start--
		}
		unnoted := 0
		for n, t := range marks {
			_ = n
			if t == "" || !slices.ContainsFunc(body, func(b *pageBlock) bool { return slices.Contains(b.anchors, t) }) {
				unnoted++
			}
		}
		announced := start > 0 && body[start-1].kind == textBlock && strings.HasSuffix(strings.TrimSpace(body[start-1].text()), ":")
		if !announced && j-start+1 == unnoted && unnoted > 0 {
			p.check(fmt.Sprintf("the list at the end of the page (%q) read as the footnotes, one item to each mark: check it is", clip(body[start].text())))
			for k := start; k <= j; k++ {
				isNote[k] = true
			}
		}
	}
	var kept []*pageBlock
	var notes []pageNote
	for i, b := range body {
		if !isNote[i] {
			kept = append(kept, b)
			continue
		}
		if key[i] == "heading" {
			continue
		}
		t := noteBacklink.ReplaceAllString(b.text(), "")
		k := key[i]
		if lk, rest, ok := noteKey(t); ok {
			t = rest
			if k == "" {
				k = lk
			}
		}
		if k == "" && b.kind == itemBlock && b.ordered {
			k = strconv.Itoa(b.value)
		}
		notes = append(notes, pageNote{key: k, text: strings.TrimSpace(noteBacklink.ReplaceAllString(t, ""))})
	}
	return kept, notes
}

// setFootnotes numbers the footnotes and checks each mark has its text and
// each text its mark.
func (p *savedPage) setFootnotes(notes []pageNote) {
	sec := &p.read.section
	used := map[string]bool{}
	for _, t := range p.allText() {
		for _, m := range markInText.FindAllString(t, -1) {
			used[m[2:len(m)-1]] = true
		}
	}
	// Notes without a number take the marks' numbers in order.
	var free []string
	for k := range used {
		if !slices.ContainsFunc(notes, func(n pageNote) bool { return n.key == k }) {
			free = append(free, k)
		}
	}
	sort.Slice(free, func(i, j int) bool { return markOrder(free[i]) < markOrder(free[j]) })
	for i := range notes {
		if notes[i].key == "" && len(free) > 0 {
			notes[i].key, free = free[0], free[1:]
		}
	}
	// Asterisks take the numbers after the highest.
	numbers := map[string]int{}
	highest := 0
	for k := range used {
		if n, err := strconv.Atoi(k); err == nil {
			highest = max(highest, n)
		}
	}
	for _, n := range notes {
		if v, err := strconv.Atoi(n.key); err == nil {
			highest = max(highest, v)
		}
	}
	keyNumber := func(k string) int {
		if v, err := strconv.Atoi(k); err == nil {
			return v
		}
		if _, ok := numbers[k]; !ok {
			highest++
			numbers[k] = highest
		}
		return numbers[k]
	}
	for _, n := range notes {
		if n.key == "" {
			p.check(fmt.Sprintf("footnote text %q has no number and no mark in the text: put [^N] where it belongs and number it", clip(n.text)))
			continue
		}
		num := keyNumber(n.key)
		if n.text == "" {
			p.check(fmt.Sprintf("footnote %d is empty on the page: copy its text as [^%d]: …, or remove its mark", num, num))
			continue
		}
		if slices.ContainsFunc(sec.Footnotes, func(f Footnote) bool { return f.Number == num }) {
			p.check(fmt.Sprintf("footnote %d given twice on the page: the second (%q) left out", num, clip(n.text)))
			continue
		}
		sec.Footnotes = append(sec.Footnotes, Footnote{Number: num, Text: n.text})
		if !used[n.key] {
			p.check(fmt.Sprintf("footnote %d (%q) has no mark in the text: put [^%d] where it belongs", num, clip(n.text), num))
		}
	}
	sort.SliceStable(sec.Footnotes, func(i, j int) bool { return sec.Footnotes[i].Number < sec.Footnotes[j].Number })
	// Marks written with asterisks take their footnotes' numbers.
	replace := func(s string) string {
		return markInText.ReplaceAllStringFunc(s, func(m string) string {
			k := m[2 : len(m)-1]
			if _, err := strconv.Atoi(k); err == nil {
				return m
			}
			return "[^" + strconv.Itoa(keyNumber(k)) + "]"
		})
	}
	sec.Preamble = replace(sec.Preamble)
	for i := range sec.Blocks {
		for j := range sec.Blocks[i].Lines {
			sec.Blocks[i].Lines[j].Text = replace(sec.Blocks[i].Lines[j].Text)
		}
	}
	var missing []string
	for k := range used {
		num := keyNumber(k)
		if !slices.ContainsFunc(sec.Footnotes, func(f Footnote) bool { return f.Number == num }) {
			missing = append(missing, strconv.Itoa(num))
		}
	}
	sort.Slice(missing, func(i, j int) bool { return markOrder(missing[i]) < markOrder(missing[j]) })
	for _, m := range missing {
		p.check(fmt.Sprintf("footnote %s is marked in the text, but its text is not on the page: add it under the text as [^%s]: …, or remove the mark", m, m))
	}
}

func markOrder(k string) int {
	if n, err := strconv.Atoi(k); err == nil {
		return n
	}
	return 1<<20 + len(k)
}

// allText is the section's text, to find its footnote marks in.
func (p *savedPage) allText() []string {
	sec := p.read.section
	out := []string{sec.Preamble}
	for _, b := range sec.Blocks {
		for _, l := range b.Lines {
			out = append(out, l.Text)
		}
	}
	return out
}

// readBody turns the body's blocks into the section's headings and
// paragraphs, numbered when the page numbers them.
func (p *savedPage) readBody(body []*pageBlock) {
	sec := &p.read.section
	numbered := numberedBody(body)
	var preamble []string
	lastNumber := 0
	var out []Block
	lastPara := func() *Block {
		if len(out) > 0 && out[len(out)-1].Kind == Paragraph {
			return &out[len(out)-1]
		}
		return nil
	}
	checked := map[string]bool{}
	once := func(key, msg string) {
		if !checked[key] {
			checked[key] = true
			p.check(msg)
		}
	}
	for i := 0; i < len(body); i++ {
		b := body[i]
		switch b.kind {
		case ruleBlock:
			continue
		case headingBlock:
			out = append(out, Block{Kind: Heading, Lines: []Line{{Text: b.text()}}})
			continue
		case rowBlock:
			once("table", fmt.Sprintf("a table in the text (%q) written as lines of its cells separated by |: the format has no tables; check it reads", clip(b.text())))
			line := Line{Text: strings.Join(b.lines, " | ")}
			if lp := lastPara(); lp != nil && i > 0 && body[i-1].kind == rowBlock {
				lp.Lines = append(lp.Lines, line)
			} else {
				out = append(out, Block{Kind: Paragraph, Lines: []Line{line}})
			}
			continue
		case itemBlock:
			j := i
			for j < len(body) && body[j].kind == itemBlock {
				j++
			}
			out, lastNumber, preamble = p.readList(body[i:j], out, numbered, lastNumber, preamble, once)
			i = j - 1
			continue
		}
		text := b.text()
		if b.boldOnly && len(b.lines) == 1 && headingLike(text) && i+1 < len(body) && !startsParagraph(text) {
			if !numbered {
				once("bold", fmt.Sprintf("%q, a line in bold alone, read as a heading: if it is a paragraph, remove the # before it", text))
			}
			out = append(out, Block{Kind: Heading, Lines: []Line{{Text: text}}})
			continue
		}
		lines := make([]Line, len(b.lines))
		for k, l := range b.lines {
			lines[k] = Line{Text: l}
		}
		if !numbered {
			out = append(out, Block{Kind: Paragraph, Lines: lines})
			continue
		}
		if n, rest, ok := numberedStart(lines[0].Text); ok && n > lastNumber && n <= 99999 {
			lines[0].Text = rest
			if rest == "" {
				lines = lines[1:]
			}
			out = append(out, Block{Kind: Paragraph, Number: n, Lines: lines})
			lastNumber = n
			continue
		}
		if lastNumber == 0 {
			if slices.ContainsFunc(out, func(b Block) bool { return b.Kind == Heading }) {
				once("preamble", fmt.Sprintf("text under a heading before paragraph 1 (%q) put in the preamble, which comes before any heading: check where it belongs", clip(text)))
			}
			preamble = append(preamble, strings.Join(b.lines, " "))
			continue
		}
		lp := lastPara()
		if lp == nil {
			once("after heading "+text, fmt.Sprintf("text without a number after a heading (%q) read as paragraph %d's: number it if it is a paragraph of its own", clip(text), lastNumber))
			out = append(out, Block{Kind: Paragraph, Number: lastNumber, Lines: lines})
			continue
		}
		p.check(fmt.Sprintf("text without a number (%q) after paragraph %d joined to it: if it is a paragraph of its own, number it", clip(text), lp.Number))
		lp.Lines = append(lp.Lines, lines...)
	}
	if len(preamble) > 0 {
		sec.Preamble = strings.Join(preamble, " ")
		if len(preamble) > 1 {
			p.check(fmt.Sprintf("%d blocks of text before paragraph 1 joined into one preamble: check it is one", len(preamble)))
		}
	}
	sec.Blocks = out
}

// numberedBody reports whether the page numbers its paragraphs: in their
// text ("1. We …") or as the items of an ordered list of sentences.
func numberedBody(body []*pageBlock) bool {
	var numbers []int
	texts := 0
	for _, b := range body {
		if b.kind != textBlock {
			continue
		}
		texts++
		if n, _, ok := numberedStart(b.text()); ok {
			numbers = append(numbers, n)
		}
	}
	if len(numbers) >= 2 && numbers[0] <= 2 || len(numbers) == 1 && texts == 1 && numbers[0] == 1 {
		return true
	}
	for i, b := range body {
		if paragraphList(body, i) {
			return true
		}
		_ = b
	}
	return false
}

// paragraphList reports whether the item at i starts an ordered list whose
// items are numbered paragraphs: sentences, numbered 1, 2, …, not
// announced by a colon.
func paragraphList(body []*pageBlock, i int) bool {
	b := body[i]
	if b.kind != itemBlock || !b.ordered || b.depth > 0 || b.marker != strconv.Itoa(b.value)+")" || (i > 0 && body[i-1].kind == itemBlock && body[i-1].list == b.list) {
		return false
	}
	if i > 0 && body[i-1].kind == textBlock && strings.HasSuffix(strings.TrimSpace(body[i-1].text()), ":") {
		return false
	}
	items, long := 0, 0
	for _, it := range body[i:] {
		if it.kind != itemBlock {
			break
		}
		if it.list != b.list {
			continue
		}
		items++
		if t := it.text(); utf8.RuneCountInString(t) >= 80 || endsFullStop(t) {
			long++
		}
	}
	return items > 0 && 2*long >= items
}

// readList reads a run of list items: the paragraphs of an ordered list of
// paragraphs, or the items of the paragraph above.
func (p *savedPage) readList(items []*pageBlock, out []Block, numbered bool, lastNumber int, preamble []string, once func(key, msg string)) ([]Block, int, []string) {
	asParagraphs := numbered && paragraphList(items, 0)
	for k, it := range items {
		text := strings.Join(it.lines, " ")
		if text == "" {
			continue
		}
		if asParagraphs && it.list == items[0].list && it.depth == 0 && it.value > lastNumber {
			out = append(out, Block{Kind: Paragraph, Number: it.value, Lines: []Line{{Text: text}}})
			lastNumber = it.value
			continue
		}
		marker := it.marker
		if it.depth > 0 && marker == "•" {
			marker = "–" // a list inside a list item keeps its items apart
		}
		if m, rest, ok := itemStart(text); ok && !it.ordered {
			marker, text = m, rest // the page writes its markers in the text
		}
		if it.ordered && strings.HasSuffix(marker, ")") && !asParagraphs {
			once("ol", fmt.Sprintf("the items of a numbered list written %s, as the format writes list items (1. starts a paragraph): check they read", marker))
		}
		if it.depth > 0 && !asParagraphs || it.depth > 1 {
			once("nested", fmt.Sprintf("a list inside a list item (%q) written as items of the paragraph, one level: the format has no nested lists", clip(text)))
		}
		line := Line{Marker: marker, Text: text}
		if len(out) > 0 && out[len(out)-1].Kind == Paragraph {
			lp := &out[len(out)-1]
			if k == 0 && !announcesList(lp) && !asParagraphs {
				once("list", fmt.Sprintf("a list (%q) after a paragraph that does not end with a colon made items of that paragraph: if it stands alone, make it a paragraph", clip(text)))
			}
			lp.Lines = append(lp.Lines, line)
			continue
		}
		if numbered && lastNumber == 0 {
			preamble = append(preamble, marker+" "+text)
			once("preamble list", "a list before paragraph 1 written into the preamble as text: check it")
			continue
		}
		out = append(out, Block{Kind: Paragraph, Number: 0, Lines: []Line{line}})
		if numbered {
			out[len(out)-1].Number = lastNumber
		}
	}
	return out, lastNumber, preamble
}

// announcesList reports whether a paragraph's last line announces a list.
func announcesList(b *Block) bool {
	if len(b.Lines) == 0 {
		return false
	}
	last := b.Lines[len(b.Lines)-1]
	if last.Marker != "" {
		return true
	}
	t := strings.TrimRight(last.Text, " \u00a0")
	return strings.HasSuffix(t, ":") || strings.HasSuffix(t, "—") || strings.HasSuffix(t, ":[^1]")
}

// identify sets the section's language: the one the page declares, unless
// its text reads as another.
func (p *savedPage) identify() error {
	r := p.read
	declared := p.contentLang
	if declared == "" {
		declared = p.langAttr
	}
	id, err := identifyLanguage(r.languageSample())
	switch {
	case err != nil && declared == "":
		return fmt.Errorf("%s: %v, and the page does not declare its language (lang=\"…\"): check that the page holds the statement's text", statement.DisplayName(p.name), err)
	case err != nil:
		r.setLang(declared)
	case declared == "":
		if id.check != "" {
			r.checks = append([]Check{{Source: p.name, Msg: id.check}}, r.checks...)
		}
		r.checks = append(r.checks, Check{Source: p.name, Msg: fmt.Sprintf("the page does not declare its language: %s (%s) identified from its text", statement.LanguageEnglishName(id.lang), id.lang)})
		r.setLang(id.lang)
	case declared != id.lang:
		r.checks = append([]Check{{Source: p.name, Msg: fmt.Sprintf("the page declares its language %s (lang=%q), but its text reads as %s (%s): taken as %s; if it is %s, change [%s] below and the %s: keys of the front matter", statement.LanguageEnglishName(declared), declared, statement.LanguageEnglishName(id.lang), id.lang, id.lang, statement.LanguageEnglishName(declared), id.lang, id.lang)}}, r.checks...)
		r.setLang(id.lang)
	default:
		r.setLang(declared)
	}
	return nil
}

// issuer reads the issuer the title or subtitle names.
func (p *savedPage) issuer() {
	r := p.read
	for _, t := range []string{r.title, r.subtitle} {
		for _, is := range issuers {
			if r.issuer == "" && t != "" && is.pattern.MatchString(t) {
				r.issuer = is.name
			}
		}
	}
	if r.issuer == "" {
		if m := issuedBy.FindStringSubmatch(r.subtitle); m != nil {
			r.issuerStated = m[2]
		}
	}
	if r.title == "" {
		p.check("the page has no title (no <h1>, og:title or <title>): add one, e.g. title: {" + r.section.Lang + ": \"…\"}")
	}
}
