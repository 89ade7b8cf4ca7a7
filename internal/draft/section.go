package draft

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sectionRead is what was read of one language's text.
type sectionRead struct {
	section Section

	title, subtitle         string
	titleLine, subtitleLine int
	preambleLine            int
	reference               string
	referenceLine           int
	date                    foundDate
	// dates holds every date the section gave, to find those that
	// disagree; posted the posting dates of a copied page, which are not
	// the day of issue.
	dates, posted []foundDate
	// dropped holds the lines left out as page furniture.
	dropped []dropped
	// news is set for a page with a byline: a newspaper's or a blog's.
	news                 bool
	issuer, issuerStated string
	unofficial           bool
	// headBlocks are headings found before paragraph 1.
	headBlocks []Block
	// words holds every word of the text, lower case, to decide whether a
	// hyphen at a line end is part of the word.
	words  map[string]bool
	checks []Check
}

func (r *sectionRead) check(lineNo int, msg string) {
	r.checks = append(r.checks, Check{Source: r.section.Source, Line: lineNo, Msg: msg})
}

func (r *sectionRead) setLang(lang string) {
	r.section.Lang = lang
	for i := range r.checks {
		r.checks[i].Lang = lang
	}
	r.date.relang(lang)
	for i := range r.dates {
		r.dates[i].relang(lang)
	}
}

// languageSample is the text to identify the section's language from: its
// paragraphs, not its head, which on a translated page is often in English.
func (r *sectionRead) languageSample() string {
	var b strings.Builder
	b.WriteString(r.section.Preamble)
	for _, bl := range r.section.Blocks {
		b.WriteString("\n")
		b.WriteString(bl.Text())
	}
	if strings.TrimSpace(b.String()) == "" {
		return r.title + "\n" + r.subtitle
	}
	return b.String()
}

var (
	// numberedLine starts a numbered paragraph: "12. …", "12) …", a number
	// alone on its line ("12."), or a number glued to its text ("2.Notre").
	numberedLine = regexp.MustCompile(`^(\d{1,5})(?:[.)](?:\s+|$)|\.(\p{Lu}))`)
	// itemLine starts a list item: "a.", "b)", "(i)", "(1)", "ii.", or a
	// dash or bullet.
	itemLine = regexp.MustCompile(`^(\(([a-z]|[ivx]{1,6}|\d{1,2})\)|([a-z]|[ivx]{2,6})[.)]|[-–—•·▪◦‣○■□➢])\s+(\S.*)$`)
	// footnote texts start "¹ …", "[1] …", or, when the text has such
	// markers, "1 …", "1. …" (in an unnumbered text), "(1) …" and "* …";
	// a dash may separate the number from the text ("1 - …").
	superscriptStart = regexp.MustCompile(`^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(?:[-–—]\s+)?(\S.*)$`)
	bracketStart     = regexp.MustCompile(`^\[(\d{1,3})\]\s*(?:[-–—]\s+)?(\S.*)$`)
	plainNoteStart   = regexp.MustCompile(`^(\d{1,3})\s+(?:[-–—]\s+)?(\p{Lu}.*)$`)
	dottedNoteStart  = regexp.MustCompile(`^(\d{1,3})[.)]\s+(?:[-–—]\s+)?(\p{Lu}.*)$`)
	parenNoteStart   = regexp.MustCompile(`^\((\d{1,3})\)\s*(?:[-–—]\s+)?(\S.*)$`)
	starNoteStart    = regexp.MustCompile(`^(\*{1,3})\s*(?:[-–—]\s+)?(\p{Lu}.*)$`)
	// noteOnly is a footnote's number alone on its line, its text on the
	// next.
	noteOnly = regexp.MustCompile(`^(?:([¹²³⁴⁵⁶⁷⁸⁹⁰]+)|\[(\d{1,3})\]|\((\d{1,3})\))$`)
)

func numberedStart(t string) (n int, rest string, ok bool) {
	m := numberedLine.FindStringSubmatchIndex(t)
	if m == nil || len(findDates(t)) > 0 && findDates(t)[0].start == 0 {
		return 0, "", false
	}
	n, err := strconv.Atoi(t[m[2]:m[3]])
	if err != nil || n < 1 {
		return 0, "", false
	}
	if m[4] >= 0 {
		return n, t[m[4]:], true
	}
	return n, t[m[1]:], true
}

func startsParagraph(t string) bool {
	_, _, ok := numberedStart(t)
	return ok
}

func itemStart(t string) (marker, rest string, ok bool) {
	m := itemLine.FindStringSubmatch(t)
	if m == nil {
		return "", "", false
	}
	return m[1], m[4], true
}

// markers is the footnote markers a text uses.
type markers struct {
	// numbers are marked with superscripts or brackets; glued with digits
	// glued to a word ("discontinued1"), parens with "(1)" after a word,
	// each only when the text has a footnote of that number.
	numbers, glued, parens map[int]bool
	stars                  bool
	// unnumbered is set for a text without paragraph numbers, where
	// "1. …" can start a footnote.
	unnumbered bool
}

// footnoteStart recognises the first line of a footnote's text; with mk
// nil, only the forms that cannot be anything else.
func footnoteStart(t string, mk *markers) (key, rest string, ok bool) {
	if m := superscriptStart.FindStringSubmatch(t); m != nil {
		return strconv.Itoa(superscriptNumber(m[1])), m[2], true
	}
	if m := bracketStart.FindStringSubmatch(t); m != nil {
		return strings.TrimLeft(m[1], "0"), m[2], true
	}
	if mk == nil {
		return "", "", false
	}
	if m := noteOnly.FindStringSubmatch(t); m != nil {
		switch {
		case m[1] != "":
			return strconv.Itoa(superscriptNumber(m[1])), "", true
		case m[2] != "":
			return strings.TrimLeft(m[2], "0"), "", true
		case m[3] != "" && mk.parens[atoiString(m[3])]:
			return m[3], "", true
		}
	}
	marked := func(n string) bool {
		k := atoiString(n)
		return mk.numbers[k] || mk.glued[k]
	}
	if m := plainNoteStart.FindStringSubmatch(t); m != nil && marked(m[1]) {
		return m[1], m[2], true
	}
	if m := dottedNoteStart.FindStringSubmatch(t); m != nil && mk.unnumbered && marked(m[1]) {
		return m[1], m[2], true
	}
	if m := parenNoteStart.FindStringSubmatch(t); m != nil && mk.parens[atoiString(m[1])] {
		return m[1], m[2], true
	}
	if m := starNoteStart.FindStringSubmatch(t); m != nil && mk.stars {
		return m[1], m[2], true
	}
	return "", "", false
}

func atoiString(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// superscriptDigits maps the superscript digits to their values.
var superscriptDigits = map[rune]int{'⁰': 0, '¹': 1, '²': 2, '³': 3, '⁴': 4, '⁵': 5, '⁶': 6, '⁷': 7, '⁸': 8, '⁹': 9}

func superscriptNumber(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + superscriptDigits[r]
	}
	return n
}

var (
	superscriptMarker = regexp.MustCompile(`([\p{L}\p{N}.,;:)\]"”’»])([¹²³⁴⁵⁶⁷⁸⁹⁰]+)`)
	bracketMarker     = regexp.MustCompile(`([\p{L}\p{N}.,;:)"”’»])\[(\d{1,3})\]`)
	starMarker        = regexp.MustCompile(`([\p{L}\p{N}.,;:)"”’»])(\*{1,3})(\s|$|[.,;:)])`)
	// gluedMarker is a footnote number glued to the word it follows, as
	// a superscript copies from a page: "discontinued1", "agreed.2". The
	// word is in lower case, so that "G7" and "CO2" are not read so.
	gluedMarker = regexp.MustCompile(`(\p{L}*\p{Ll}{2}|\p{L}*\p{Ll}[.,;:]|[”"’»)][.,;:]?)(\d{1,2})(\s|$|[.,;:)])`)
	// parenMarker is a footnote number in brackets after a word: "(1)".
	parenMarker = regexp.MustCompile(`(\p{L}+|[.,;:”"’»])\s?\((\d{1,2})\)(\s|$|[.,;:])`)
)

// scanMarkers lists the footnote markers in the body's lines. Glued and
// bracketed numbers count only where a line starts a footnote of that
// number ("1 …", "(1) …"): "G7" and "(1)" in a list are not footnotes.
func scanMarkers(lines []line) *markers {
	mk := &markers{numbers: map[int]bool{}, glued: map[int]bool{}, parens: map[int]bool{}}
	plainNotes, parenNotes := map[int]bool{}, map[int]bool{}
	for _, l := range lines {
		if m := plainNoteStart.FindStringSubmatch(l.text); m != nil {
			plainNotes[atoiString(m[1])] = true
		}
		if m := dottedNoteStart.FindStringSubmatch(l.text); m != nil {
			plainNotes[atoiString(m[1])] = true
		}
		if m := parenNoteStart.FindStringSubmatch(l.text); m != nil {
			parenNotes[atoiString(m[1])] = true
		}
		if m := noteOnly.FindStringSubmatch(l.text); m != nil && m[3] != "" {
			parenNotes[atoiString(m[3])] = true
		}
	}
	for _, l := range lines {
		for _, m := range superscriptMarker.FindAllStringSubmatch(l.text, -1) {
			mk.numbers[superscriptNumber(m[2])] = true
		}
		for _, m := range bracketMarker.FindAllStringSubmatch(l.text, -1) {
			n, _ := strconv.Atoi(m[2])
			mk.numbers[n] = true
		}
		if starMarker.MatchString(l.text) {
			mk.stars = true
		}
		body := l.text
		if parenNoteStart.MatchString(body) || plainNoteStart.MatchString(body) || dottedNoteStart.MatchString(body) {
			body = body[strings.IndexAny(body, " \t")+1:]
		}
		for _, m := range gluedMarker.FindAllStringSubmatch(body, -1) {
			if n := atoiString(m[2]); plainNotes[n] {
				mk.glued[n] = true
			}
		}
		for _, m := range parenMarker.FindAllStringSubmatch(body, -1) {
			if n := atoiString(m[2]); parenNotes[n] {
				mk.parens[n] = true
			}
		}
	}
	return mk
}

// stripMarkers removes footnote markers, for titles.
func stripMarkers(s string) string {
	s = superscriptMarker.ReplaceAllString(s, "$1")
	s = bracketMarker.ReplaceAllString(s, "$1")
	return starMarker.ReplaceAllString(s, "$1$3")
}

// readSection reads one language's text.
func readSection(p part) *sectionRead {
	r := &sectionRead{section: Section{Source: p.source}, date: foundDate{strength: -1}, dropped: p.dropped, news: p.news}
	r.words = wordsOf(p.lines)
	lines := p.lines
	first := firstNumbered(lines)
	var body []line
	if first >= 0 {
		r.readHead(lines[:first], true)
		body = lines[first:]
	} else {
		start := r.readHead(lines, false)
		body = lines[start:]
	}
	r.headFacts()
	body = r.dropTail(body)
	r.readBody(body, first >= 0)
	r.postingDates()
	if msg := r.dateConflicts(); msg != "" {
		r.check(r.date.line, msg)
	}
	var caps []string
	for _, b := range r.section.Blocks {
		if b.Kind == Heading && allCaps(b.Text()) {
			caps = append(caps, fmt.Sprintf("%q", clip(b.Text())))
		}
	}
	if len(caps) > 0 {
		r.check(0, fmt.Sprintf("headings in capitals, as a PDF prints them (%d: %s): check each is a heading, not a line of text or of the page, and write it as the issuer's web page does", len(caps), strings.Join(caps, ", ")))
	}
	if len(r.section.Blocks) == 0 && r.section.Preamble == "" {
		r.check(firstText(lines), "no paragraphs read: check the text was copied whole and is not in the title or subtitle")
	}
	sort.SliceStable(r.dropped, func(i, j int) bool { return r.dropped[i].no < r.dropped[j].no })
	if msg := droppedCheck(r.dropped); msg != "" {
		r.check(r.dropped[0].no, msg)
	}
	return r
}

// dropTail leaves out the short lines after the text's last sentence and
// its footnotes: a page's footer ("NATO", "Belgium", "* *** *"). A date
// there is the text's dateline ("Brussels, 12 September 2011") and is read
// as its date.
func (r *sectionRead) dropTail(body []line) []line {
	end := len(body)
	for end > 0 {
		l := body[end-1]
		t := l.text
		if l.blank() {
			end--
			continue
		}
		if endsSentence(t) || sentenceLike(t) || utf8.RuneCountInString(t) > 80 || startsParagraph(t) {
			break
		}
		if _, _, ok := footnoteStart(t, nil); ok {
			break
		}
		if _, _, ok := itemStart(t); ok {
			break
		}
		if r.detail(stripBullet(t), l.no, false) {
			body[end-1] = line{no: l.no, pageBreak: true}
			end--
			continue
		}
		r.dropped = append(r.dropped, dropped{no: l.no, text: t, why: "after the text"})
		body[end-1] = line{no: l.no, pageBreak: true}
		end--
	}
	return body
}

// firstNumbered returns the index of the line that starts paragraph 1 (or
// 2, when 1 lost its number), or -1 for a text whose paragraphs are not
// numbered. A numbered line the next number does not follow counts only
// near the start of the text: a lone "1 …" after paragraphs of text, or
// after a footnote mark 1 in them, is a footnote.
func firstNumbered(lines []line) int {
	sentences := 0
	mk := scanMarkers(lines)
	for i, l := range lines {
		n, _, ok := numberedStart(l.text)
		if !ok || n > 2 {
			if sentenceLike(l.text) {
				sentences++
			}
			continue
		}
		for _, m := range lines[i+1:] {
			if k, _, ok := numberedStart(m.text); ok && k == n+1 {
				return i
			}
		}
		if sentences < 2 && !markedBefore(lines[:i], n, mk) {
			return i
		}
		if sentenceLike(l.text) {
			sentences++
		}
	}
	return -1
}

// markedBefore reports whether lines mark footnote n.
func markedBefore(lines []line, n int, mk *markers) bool {
	for _, l := range lines {
		for _, m := range superscriptMarker.FindAllStringSubmatch(l.text, -1) {
			if superscriptNumber(m[2]) == n {
				return true
			}
		}
		for _, m := range bracketMarker.FindAllStringSubmatch(l.text, -1) {
			if atoiString(m[2]) == n {
				return true
			}
		}
		for _, m := range gluedMarker.FindAllStringSubmatch(l.text, -1) {
			if atoiString(m[2]) == n && mk.glued[n] {
				return true
			}
		}
		for _, m := range parenMarker.FindAllStringSubmatch(l.text, -1) {
			if atoiString(m[2]) == n && mk.parens[n] {
				return true
			}
		}
	}
	return false
}

// leftOutDates reports the dates of a cover letter or an introduction
// left out that differ from the date taken: the letter may say the day the
// statement was adopted, and the date taken be the letter's own.
func (r *sectionRead) leftOutDates() {
	var says []string
	what := ""
	seen := map[string]bool{}
	for _, d := range r.dropped {
		if d.why != "cover letter" && d.why != "introduction" {
			continue
		}
		for _, m := range findDates(d.text) {
			if what == "" {
				what = d.why
			}
			if m.day != r.date.day && !seen[m.day] {
				seen[m.day] = true
				says = append(says, fmt.Sprintf("%s (%q, line %d)", m.day, m.text, d.no))
			}
		}
	}
	if len(says) == 0 {
		return
	}
	taken := "no date was found in the text itself"
	if r.date.strength >= 0 {
		taken = fmt.Sprintf("the date taken is %s (line %d)", r.date.day, r.date.line)
	}
	r.check(r.date.line, fmt.Sprintf("the %s left out gives other dates: %s; %s, which may be the document's and not the statement's: check the day of issue", what, strings.Join(says, ", "), taken))
}

// postingDates reads the dates of the page's bylines, and decides what
// they mean: a posting date is the day of issue only when nothing else
// says so, and then with a check; one that differs from the text's date
// is reported.
func (r *sectionRead) postingDates() {
	for _, d := range r.dropped {
		if d.why != "byline" {
			continue
		}
		for _, m := range findDates(d.text) {
			r.posted = append(r.posted, foundDate{day: m.day, text: m.text, line: d.no, where: "posting date"})
		}
	}
	r.leftOutDates()
	if len(r.posted) == 0 {
		return
	}
	p := r.posted[0]
	switch {
	case r.date.strength < 0:
		r.date = foundDate{day: p.day, text: p.text, line: p.line, strength: 0, where: p.where,
			guess: fmt.Sprintf("date %s is the date the page was posted (%q, line %d), not one the statement gives: a page is often posted a day after the statement was issued; check the day of issue", p.day, p.text, p.line)}
	case p.day != r.date.day:
		r.check(p.line, fmt.Sprintf("the page was posted on %s (%q), the statement is dated %s (%q, line %d): the statement's date is taken; check it", p.day, p.text, r.date.day, r.date.text, r.date.line))
	}
}

// bodyReader builds a section's blocks line by line.
type bodyReader struct {
	r        *sectionRead
	numbered bool
	// dashNumbered is set for an unnumbered text whose paragraphs each
	// start with a dash: a web page's numbered list copied as a bulleted one.
	dashNumbered bool
	marks        *markers
	blocks       []Block
	// open is the index of the paragraph text continues, or -1.
	open int
	// last is the last paragraph number.
	last int
	// gap is set after a blank line; pageBreak when the blank stands for a
	// dropped page number or running header.
	gap, pageBreak bool
	// lastText is the last line of the open paragraph, to tell whether its
	// sentence is finished.
	lastText string
	notes    map[string]*Footnote
	noteKeys []string
	openNote *Footnote
	noteLine int
	// longest is the length of the body's longest line, in characters;
	// width the width its lines are wrapped at.
	longest, width int
	// wrapped is set for text wrapped at a fixed width.
	wrapped bool
	// tail holds the pieces of the line being extended, line tailLine of
	// block tailBlock, until they are joined.
	tail                []string
	tailBlock, tailLine int
}

func (r *sectionRead) readBody(lines []line, numbered bool) {
	b := &bodyReader{r: r, numbered: numbered, open: -1, marks: scanMarkers(lines), notes: map[string]*Footnote{}}
	b.marks.unnumbered = !numbered
	b.blocks = append(b.blocks, r.headBlocks...)
	if !numbered {
		b.dashNumbered = dashNumbered(lines)
		if b.dashNumbered {
			r.check(firstText(lines), "every paragraph starts with a dash, as a numbered list copied from a web page does: read as unnumbered paragraphs; if the publication numbers them, number them 1., 2., …")
		}
		if noBlankLines(lines) {
			r.check(firstText(lines), "no blank lines between paragraphs: paragraphs split where a line ends a sentence and the next starts a new one; check each")
		}
	}
	noBlanks := !numbered && noBlankLines(lines)
	var lengths []int
	for _, l := range lines {
		n := utf8.RuneCountInString(l.text)
		b.longest = max(b.longest, n)
		if n > 0 {
			lengths = append(lengths, n)
		}
	}
	// The width the text is wrapped at: most lines come near it; the
	// longest may be a URL or a line a PDF could not break.
	sort.Ints(lengths)
	if len(lengths) > 0 {
		b.width = lengths[len(lengths)*9/10]
	}
	// Text wrapped at a fixed width breaks many lines mid-sentence; text
	// with a paragraph a line ends nearly every line with a sentence.
	midSentence := 0
	for _, l := range lines {
		if !l.blank() && !endsSentence(l.text) {
			midSentence++
		}
	}
	b.wrapped = midSentence*4 >= len(lengths)
	for i, l := range lines {
		if l.blank() {
			b.gap = true
			b.pageBreak = b.pageBreak || l.pageBreak
			b.openNote = nil
			continue
		}
		b.line(lines, i, noBlanks)
		b.gap, b.pageBreak = false, false
	}
	b.finish()
}

// extend adds a wrapped line to line j of block i. The pieces are joined
// once, when another line starts: joining at every wrapped line would be
// quadratic in the paragraph's length.
func (b *bodyReader) extend(i, j int, next string) {
	if b.tail == nil || b.tailBlock != i || b.tailLine != j {
		b.flushTail()
		b.tail, b.tailBlock, b.tailLine = []string{b.blocks[i].Lines[j].Text}, i, j
	}
	b.tail = b.r.joinPiece(b.tail, next)
}

func (b *bodyReader) flushTail() {
	if b.tail != nil {
		b.blocks[b.tailBlock].Lines[b.tailLine].Text = strings.Join(b.tail, "")
		b.tail = nil
	}
}

func (b *bodyReader) line(lines []line, i int, noBlanks bool) {
	l := lines[i]
	t := l.text
	if key, rest, ok := footnoteStart(t, b.marks); ok {
		b.startNote(key, rest, l.no)
		return
	}

	if b.openNote != nil {
		if n, _, ok := numberedStart(t); !ok || !b.numbered || n != b.last+1 {
			if b.openNote.Text == "" {
				// The note's number stood alone; its text may open with a
				// dash, which is no list marker here.
				t = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(t, "-"), "–"), " ")
			}
			b.openNote.Text = b.r.joinText(b.openNote.Text, t)
			return
		}
		b.openNote = nil
	}
	if n, rest, ok := numberedStart(t); ok && b.numbered {
		if b.acceptNumber(n, l.no) {
			b.newParagraph(n, rest, l.no)
			return
		}
	}
	if marker, rest, ok := itemStart(t); ok {
		if b.dashNumbered && isDash(marker) && !b.continuesList(rest) {
			b.newParagraph(0, rest, l.no)
			return
		}
		if b.open >= 0 {
			p := &b.blocks[b.open]
			p.Lines = append(p.Lines, Line{Marker: marker, Text: rest})
			b.lastText = rest
			return
		}
		if !b.numbered {
			b.newParagraph(0, "", l.no)
			p := &b.blocks[b.open]
			p.Lines = []Line{{Marker: marker, Text: rest}}
			b.lastText = rest
			return
		}
	}
	if b.isHeading(lines, i) {
		b.blocks = append(b.blocks, Block{Kind: Heading, Lines: []Line{{Text: t}}})
		b.open, b.lastText = -1, ""
		switch {
		case !b.gap:
			b.r.check(l.no, fmt.Sprintf("%q read as a heading (no blank line before it); if it ends the paragraph above, join it", t))
		case !b.numbered:
			b.r.check(l.no, fmt.Sprintf("%q read as a heading; if it is a short paragraph, end it with its punctuation", t))
		}
		return
	}
	if b.open < 0 {
		if n := len(b.blocks); n > 0 && b.blocks[n-1].Kind == Heading && !b.gap && b.numbered {
			h := &b.blocks[n-1].Lines[0]
			h.Text = b.r.joinText(h.Text, t)
			return
		}
		b.newParagraph(0, t, l.no)
		if b.numbered {
			b.r.check(l.no, fmt.Sprintf("text without a number between numbered paragraphs: %q; number it, join it to a paragraph, or make it a heading with # ", clip(t)))
		}
		return
	}
	p := &b.blocks[b.open]
	cont := !b.gap || (!endsSentence(b.lastText) && startsLower(t))
	switch {
	case noBlanks && endsFullStop(b.lastText) && startsNew(t) && b.brokeEarly(b.lastText, t):
		b.newParagraph(0, t, l.no)
	case noBlanks && endsFullStop(b.lastText) && startsNew(t):
		b.r.check(l.no-1, fmt.Sprintf("line %d ends a sentence as long as the text's lines, and %q would not have fitted on it: read as one paragraph wrapped there; if a paragraph ends at line %d, put a blank line after it", l.no-1, clip(t), l.no-1))
		b.extend(b.open, len(p.Lines)-1, t)
		b.lastText = t
	case len(p.Lines) == 0:
		p.Lines = []Line{{Text: t}}
		b.lastText = t
	case cont:
		b.extend(b.open, len(p.Lines)-1, t)
		b.lastText = t
	case !b.numbered && !b.dashNumbered:
		b.newParagraph(0, t, l.no)
	default:
		if len(p.Lines) == 1 || p.Lines[len(p.Lines)-1].Marker == "" {
			b.r.check(l.no, fmt.Sprintf("text after a blank line kept in paragraph %d: %q; if it starts a new paragraph, number it", p.Number, clip(t)))
		}
		p.Lines = append(p.Lines, Line{Text: t})
		b.lastText = t
	}
}

func (b *bodyReader) startNote(key, text string, lineNo int) {
	if f, dup := b.notes[key]; dup {
		b.r.check(lineNo, fmt.Sprintf("a second footnote %s: its text is added to the first (%q)", key, clip(f.Text)))
		b.openNote = f
		f.Text = b.r.joinText(f.Text, text)
		return
	}
	f := &Footnote{Text: text}
	b.notes[key] = f
	b.noteKeys = append(b.noteKeys, key)
	b.openNote = f
	b.noteLine = lineNo
}

func (b *bodyReader) acceptNumber(n, lineNo int) bool {
	switch {
	case b.last == 0:
		if n == 2 {
			if b.r.section.Preamble != "" {
				b.blocks = append(b.blocks, Block{Kind: Paragraph, Number: 1, Lines: []Line{{Text: b.r.section.Preamble}}})
				b.r.section.Preamble = ""
				b.r.check(b.r.preambleLine, "the numbers start at 2: the text before paragraph 2 is read as paragraph 1, its number lost in copying; if it is a preamble, remove the 1.")
			} else {
				b.r.check(lineNo, "the numbers start at 2: check that paragraph 1 was copied")
			}
		}
		return true
	case n == b.last+1:
		return true
	case n > b.last+1 && n <= b.last+5 && (b.gap || endsFullStop(b.lastText)):
		b.r.check(lineNo, fmt.Sprintf("paragraph %d follows paragraph %d: check that none was left out in copying", n, b.last))
		return true
	}
	b.r.check(lineNo, fmt.Sprintf("a line starting %d. after paragraph %d read as text, not as a paragraph number; if it is one, fix the numbers", n, b.last))
	return false
}

func (b *bodyReader) newParagraph(n int, text string, lineNo int) {
	blk := Block{Kind: Paragraph, Number: n}
	if text != "" {
		blk.Lines = []Line{{Text: text}}
	}
	b.blocks = append(b.blocks, blk)
	b.open = len(b.blocks) - 1
	b.lastText = text
	if n > 0 {
		b.last = n
	}
}

// isHeading reports whether line i is a heading: a short line without
// sentence punctuation, after a blank line or a finished sentence, before
// a numbered paragraph (or, in an unnumbered text, a blank line).
func (b *bodyReader) isHeading(lines []line, i int) bool {
	t := lines[i].text
	if !headingLike(t) || !(b.gap || b.open >= 0 && endsFullStop(b.lastText)) {
		return false
	}
	if b.open >= 0 && len(b.blocks[b.open].Lines) == 0 {
		return false // the text of a number alone on its line
	}
	if b.gap && b.pageBreak && b.open >= 0 && !endsSentence(b.lastText) {
		return false
	}
	j := i + 1
	sawBlank := false
	for j < len(lines) && lines[j].blank() {
		sawBlank = true
		j++
	}
	if j == len(lines) {
		return false
	}
	if b.numbered {
		n, _, ok := numberedStart(lines[j].text)
		return ok && n > b.last
	}
	return b.gap && sawBlank && !startsLower(lines[j].text)
}

// continuesList reports whether a dash line in a dash-numbered text is an
// item of the paragraph above rather than a paragraph of its own.
func (b *bodyReader) continuesList(rest string) bool {
	if b.open < 0 {
		return false
	}
	last := strings.TrimSpace(b.lastText)
	return strings.HasSuffix(last, ":") || (strings.HasSuffix(last, ";") || strings.HasSuffix(last, ",")) && startsLower(rest) || startsLower(rest) && len(b.blocks[b.open].Lines) > 1
}

func (b *bodyReader) finish() {
	b.flushTail()
	// Footnotes: superscript and bracket numbers keep their number;
	// asterisks take the numbers after the highest.
	numbers := map[string]int{}
	highest := 0
	for _, k := range b.noteKeys {
		if n, err := strconv.Atoi(k); err == nil {
			numbers[k] = n
			highest = max(highest, n)
		}
	}
	for n := range b.marks.numbers {
		highest = max(highest, n)
	}
	for _, k := range b.noteKeys {
		if _, ok := numbers[k]; !ok {
			highest++
			numbers[k] = highest
		}
	}
	used := map[int]bool{}
	var read []string
	mark := func(s string) string {
		s = superscriptMarker.ReplaceAllStringFunc(s, func(m string) string {
			sub := superscriptMarker.FindStringSubmatch(m)
			n := superscriptNumber(sub[2])
			used[n] = true
			return sub[1] + "[^" + strconv.Itoa(n) + "]"
		})
		s = bracketMarker.ReplaceAllStringFunc(s, func(m string) string {
			sub := bracketMarker.FindStringSubmatch(m)
			n, ok := numbers[strings.TrimLeft(sub[2], "0")]
			if !ok {
				return m
			}
			used[n] = true
			return sub[1] + "[^" + strconv.Itoa(n) + "]"
		})
		s = starMarker.ReplaceAllStringFunc(s, func(m string) string {
			sub := starMarker.FindStringSubmatch(m)
			n, ok := numbers[sub[2]]
			if !ok {
				return m
			}
			used[n] = true
			return sub[1] + "[^" + strconv.Itoa(n) + "]" + sub[3]
		})
		for _, re := range []*regexp.Regexp{gluedMarker, parenMarker} {
			kind := b.marks.glued
			if re == parenMarker {
				kind = b.marks.parens
			}
			s = re.ReplaceAllStringFunc(s, func(m string) string {
				sub := re.FindStringSubmatch(m)
				n, ok := numbers[sub[2]]
				if !ok || !kind[n] {
					return m
				}
				used[n] = true
				read = append(read, fmt.Sprintf("%q", clip(strings.TrimSpace(m))))
				return sub[1] + "[^" + strconv.Itoa(n) + "]" + sub[3]
			})
		}
		return s
	}
	r := b.r
	r.section.Preamble = mark(r.section.Preamble)
	for i := range b.blocks {
		for j := range b.blocks[i].Lines {
			b.blocks[i].Lines[j].Text = mark(b.blocks[i].Lines[j].Text)
		}
	}
	if len(read) > 0 {
		r.check(b.noteLine, fmt.Sprintf("footnote marks read from numbers in the text (%s): check each is a footnote's mark and not part of the text", strings.Join(read, ", ")))
	}
	for _, k := range b.noteKeys {
		n := numbers[k]
		r.section.Footnotes = append(r.section.Footnotes, Footnote{Number: n, Text: b.notes[k].Text})
		if !used[n] {
			r.check(b.noteLine, fmt.Sprintf("footnote %s (%q) has no marker in the text: put [^%d] where it belongs", k, clip(b.notes[k].Text), n))
		}
	}
	sort.SliceStable(r.section.Footnotes, func(i, j int) bool { return r.section.Footnotes[i].Number < r.section.Footnotes[j].Number })
	for n := range used {
		found := false
		for _, f := range r.section.Footnotes {
			found = found || f.Number == n
		}
		if !found {
			r.check(0, fmt.Sprintf("footnote marker %d has no footnote text: copy the footnote from under the statement as [^%d]: text", n, n))
		}
	}
	// Drop paragraphs left empty (a number alone at the very end).
	out := b.blocks[:0]
	for _, blk := range b.blocks {
		if blk.Kind == Paragraph && len(blk.Lines) == 0 {
			r.check(0, fmt.Sprintf("paragraph %d has no text: copy its text after the number", blk.Number))
			continue
		}
		out = append(out, blk)
	}
	r.section.Blocks = out
}

// joinText joins a wrapped line to the text before it: with a space, or,
// after a hyphen at the line end, without one. A hyphen before a lowercase
// letter is a word broken at the line end and is dropped, unless the text
// elsewhere writes the word with it ("non-state") or the part before it is
// a prefix that takes one and the word is nowhere written whole.
func (r *sectionRead) joinText(prev, next string) string {
	return strings.Join(r.joinPiece([]string{prev}, next), "")
}

// joinPiece is joinText on a text held as pieces, the last being the line
// before next.
func (r *sectionRead) joinPiece(pieces []string, next string) []string {
	prev := pieces[len(pieces)-1]
	if prev == "" {
		pieces[len(pieces)-1] = next
		return pieces
	}
	if !strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, "‐") {
		return append(pieces, " "+next)
	}
	hyphen := "-"
	if strings.HasSuffix(prev, "‐") {
		hyphen = "‐"
	}
	stem := strings.TrimSuffix(prev, hyphen)
	before, _ := utf8.DecodeLastRuneInString(stem)
	if !unicode.IsLetter(before) {
		return append(pieces, " "+next) // a dash after a space or digit: "2006 -"
	}
	first, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLower(first) {
		return append(pieces, next) // "Euro-" + "Atlantic"
	}
	left := lastWord(stem)
	right := firstWord(next)
	whole := strings.ToLower(left + right)
	hyphenated := strings.ToLower(left + "-" + right)
	switch {
	case r.words[hyphenated] && !r.words[whole]:
		return append(pieces, next)
	case !r.words[whole] && hyphenPrefixes[strings.ToLower(left)]:
		r.check(0, fmt.Sprintf("kept the hyphen of %q, broken at a line end: remove it if the word is written whole", left+"-"+right))
		return append(pieces, next)
	}
	pieces[len(pieces)-1] = stem
	return append(pieces, next)
}

// hyphenPrefixes take a hyphen in English and French compounds.
var hyphenPrefixes = map[string]bool{
	"non": true, "self": true, "co": true, "ex": true, "anti": true, "cross": true, "well": true,
	"post": true, "pre": true, "counter": true, "multi": true, "quasi": true, "semi": true,
	"sous": true, "vice": true, "state": true, "long": true, "short": true, "high": true, "low": true,
}

func lastWord(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= size
	}
	return s[i:]
}

func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

var wordPattern = regexp.MustCompile(`\p{L}+(?:[-‐]\p{L}+)*`)

func wordsOf(lines []line) map[string]bool {
	words := map[string]bool{}
	for _, l := range lines {
		for _, w := range wordPattern.FindAllString(l.text, -1) {
			words[strings.ToLower(w)] = true
			if strings.ContainsAny(w, "-‐") {
				for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '‐' }) {
					words[strings.ToLower(p)] = true
				}
			}
		}
	}
	return words
}

func (r *sectionRead) joinLines(ls []line) string {
	text := ""
	for _, l := range ls {
		text = r.joinText(text, l.text)
	}
	return text
}

func isDash(marker string) bool { return marker == "-" || marker == "–" || marker == "—" }

// dashNumbered reports whether the text's paragraphs start with dashes: the
// first text line does, and so do most lines after a finished sentence.
func dashNumbered(lines []line) bool {
	dashes := 0
	firstSeen := false
	for _, l := range lines {
		if l.blank() {
			continue
		}
		m, _, ok := itemStart(l.text)
		if !firstSeen {
			firstSeen = true
			if !ok || !isDash(m) {
				return false
			}
		}
		if ok && isDash(m) {
			dashes++
		}
	}
	return dashes >= 2
}

func noBlankLines(lines []line) bool {
	text := 0
	for i, l := range lines {
		if l.blank() && !l.pageBreak && i > 0 && i < len(lines)-1 {
			return false
		}
		if !l.blank() {
			text++
		}
	}
	return text > 1
}

// brokeEarly reports whether a line ending a sentence ends its paragraph:
// in text wrapped at a fixed width, the next line's first word would have
// fitted on it, so the line was broken on purpose. Text with one paragraph
// a line (a web page) has no wrapped lines, and every line ends a
// paragraph.
func (b *bodyReader) brokeEarly(last, next string) bool {
	if b.longest > 200 || !b.wrapped {
		return true
	}
	word := next
	if f := strings.Fields(next); len(f) > 0 {
		word = f[0]
	}
	return utf8.RuneCountInString(last)+1+utf8.RuneCountInString(word) <= b.width
}

func startsNew(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("«\"“‘'(", r)
}

func firstText(lines []line) int {
	for _, l := range lines {
		if !l.blank() {
			return l.no
		}
	}
	return 0
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "…"
}
