package draft

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"statementarchive/internal/statement"
)

// Input is one file of copied text: one language, or several separated as
// the first statement's raw file separates them (runs of lines holding only
// | or ---|).
type Input struct {
	// Name is how messages and checks name the file.
	Name string
	Text []byte
}

// Options tune Read.
type Options struct {
	// ID is the statement ID the file will have, if already chosen. A
	// leading YYYY-MM-DD serves as the date when the text gives none.
	ID string
	// SameStatement confirms that texts whose date, reference and length
	// disagree are one statement's languages all the same. A line holding
	// only "# same statement" in any input confirms it too.
	SameStatement bool
}

// MaxInputSize bounds one input file, as statement.MaxFileSize bounds a
// statement file: anything larger is not one statement's text.
const MaxInputSize = statement.MaxFileSize

// separatorLine is the raw format's section separator (see statement's
// raw format reader): a line holding only | or ---|.
var separatorLine = regexp.MustCompile(`^(\||---\|)$`)

// part is one language's text as found in an input.
type part struct {
	source string
	lines  []line
	lang   string
	// dropped holds the lines left out as page furniture; news is set for
	// a page with a byline.
	dropped []dropped
	news    bool
}

// line is one line of copied text, cleaned.
type line struct {
	no   int    // line number in its file, from 1
	text string // without surrounding blanks, runs of spaces made one
	// pageBreak marks a blank standing for a dropped page number or
	// running header.
	pageBreak bool
}

func (l line) blank() bool { return l.text == "" }

// Read reads the inputs, one or more languages each, into a draft
// statement. It fails when an input is not text, when a part's language
// cannot be identified, or when a language is given twice.
func Read(inputs []Input, opts Options) (*Statement, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no input: name the files of copied text, one per language or one holding every language")
	}
	st := &Statement{}
	var parts []part
	for _, in := range inputs {
		st.Sources = append(st.Sources, in.Name)
		ps, err := splitInput(in)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ps...)
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("%s: no text: copy the statement's text from its page into the file", displayNames(st.Sources))
	}
	seen := map[string]string{}
	var reads []*sectionRead
	for _, p := range parts {
		r := readSection(p)
		id, err := identifyLanguage(r.languageSample())
		lang := id.lang
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %v: check that the part holds the statement's text; if it is too short to tell, add the other paragraphs", statement.DisplayName(p.source), firstLine(p), err)
		}
		if first, dup := seen[lang]; dup {
			return nil, fmt.Errorf("%s line %d: a second text in %s (the first is in %s): give each language once; if the language was misread, import that file alone", statement.DisplayName(p.source), firstLine(p), statement.LanguageEnglishName(lang), first)
		}
		seen[lang] = fmt.Sprintf("%s line %d", statement.DisplayName(p.source), firstLine(p))
		if id.check != "" {
			r.checks = append([]Check{{Source: p.source, Line: firstLine(p), Msg: id.check}}, r.checks...)
		}
		r.setLang(lang)
		reads = append(reads, r)
	}
	if err := differentStatements(reads, opts.SameStatement || confirmedInText(inputs)); err != nil {
		return nil, err
	}
	combine(st, reads, opts)
	return st, nil
}

// displayNames renders file names for a message, comma-separated.
func displayNames(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = statement.DisplayName(n)
	}
	return strings.Join(out, ", ")
}

func firstLine(p part) int {
	for _, l := range p.lines {
		if !l.blank() {
			return l.no
		}
	}
	if len(p.lines) > 0 {
		return p.lines[0].no
	}
	return 1
}

// splitInput checks an input is text and splits it into its language parts.
func splitInput(in Input) ([]part, error) {
	if len(in.Text) > MaxInputSize {
		return nil, fmt.Errorf("%s: %d bytes, over the %d-byte limit for one statement: check it is the statement's text", statement.DisplayName(in.Name), len(in.Text), MaxInputSize)
	}
	if !utf8.Valid(in.Text) {
		return nil, fmt.Errorf("%s: not UTF-8 text: save the copied text as UTF-8 (or copy it again into a UTF-8 editor)", statement.DisplayName(in.Name))
	}
	text := string(bytes.TrimPrefix(in.Text, []byte("\uFEFF")))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	raw := strings.Split(text, "\n")
	keepDouble := doubleSpaced(raw)
	var parts []part
	cur := part{source: in.Name}
	flush := func() {
		for _, l := range cur.lines {
			if !l.blank() {
				parts = append(parts, cur)
				break
			}
		}
		cur = part{source: in.Name}
	}
	for i, r := range raw {
		t := cleanTextSpacing(r, keepDouble)
		if sameStatementLine.MatchString(t) {
			t = ""
		}
		if separatorLine.MatchString(t) {
			flush()
			continue
		}
		cur.lines = append(cur.lines, line{no: i + 1, text: t})
	}
	flush()
	parts = mergeHeads(parts)
	for i := range parts {
		parts[i].lines = dropPageArtifacts(parts[i].lines)
		parts[i].lines, parts[i].dropped, parts[i].news = dropFurniture(parts[i].lines)
	}
	return parts, nil
}

// mergeHeads joins a part that holds no running text to the part after it.
// NATO's pages set their date, reference and "Last updated" lines apart
// with lines holding only |, which copy as the raw format's separators.
func mergeHeads(parts []part) []part {
	var out []part
	var pending []line
	for _, p := range parts {
		if pending != nil {
			p.lines = append(append(pending, line{no: p.lines[0].no}), p.lines...)
			pending = nil
		}
		if !hasRunningText(p.lines) {
			pending = p.lines
			continue
		}
		out = append(out, p)
	}
	if pending != nil {
		if len(out) == 0 {
			return parts[:1]
		}
		last := &out[len(out)-1]
		last.lines = append(last.lines, pending...)
	}
	return out
}

// hasRunningText reports whether lines hold a paragraph: a numbered line,
// or a line that ends a sentence and is not a head line. A head's lines
// (title, subtitle, date, reference) end without a full stop.
func hasRunningText(lines []line) bool {
	for _, l := range lines {
		if startsParagraph(l.text) || utf8.RuneCountInString(l.text) >= 30 && endsFullStop(l.text) && !boilerplate.MatchString(l.text) {
			return true
		}
	}
	return false
}

// cleanText removes what copying adds to a line and the archive cannot
// hold: control characters (a PDF's form feeds), soft hyphens, zero-width
// spaces, and runs of spaces or tabs, which justify a PDF's lines or pad
// a web page's numbers and render as one space anyway.
func cleanText(s string) string { return cleanTextSpacing(s, false) }

// cleanTextSpacing is cleanText that, with keepDouble, keeps two spaces
// after the end of a sentence as published: a text typed with two spaces
// after each full stop keeps them.
func cleanTextSpacing(s string, keepDouble bool) string {
	var b strings.Builder
	spaces := 0
	var last rune
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\ufeff':
			continue
		case r == ' ':
			spaces++
			continue
		case r == '\t' || statement.IsControl(r) || r == '\n':
			spaces += 3 // never kept as two
			continue
		}
		if spaces > 0 && b.Len() > 0 {
			if keepDouble && spaces == 2 && sentenceEnd(last) {
				b.WriteString("  ")
			} else {
				b.WriteByte(' ')
			}
		}
		spaces = 0
		last = r
		b.WriteRune(r)
	}
	return strings.TrimFunc(b.String(), unicode.IsSpace)
}

var (
	// pageNumber is a line a PDF adds for the page: "2", "- 2 -", "Page 2",
	// "Page 2 of 9", "2/9", "- 2 - MC(12).JOUR/2".
	pageNumber = regexp.MustCompile(`(?i)^((page|seite)\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(/|of|sur|von)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]\s+\S.{0,60}$`)
	digits     = regexp.MustCompile(`\d+`)
)

// dropPageArtifacts replaces page numbers and running headers or footers
// (a short line repeated on several pages) by blank page-break lines. The
// first occurrence of a repeated line is kept when it sits in the head
// (before paragraph 1, or in the first lines of an unnumbered text), where
// a running header repeats the title.
func dropPageArtifacts(lines []line) []line {
	headEnd := len(lines)
	for i, l := range lines {
		if n, _, ok := numberedStart(l.text); ok && n <= 2 {
			headEnd = i
			break
		}
	}
	key := func(t string) string { return strings.ToLower(digits.ReplaceAllString(t, "#")) }
	counts := map[string]int{}
	for _, l := range lines {
		if repeatable(l.text) {
			counts[key(l.text)]++
		}
	}
	kept := map[string]bool{}
	nonBlank := 0
	out := make([]line, 0, len(lines))
	for i, l := range lines {
		if l.blank() {
			out = append(out, l)
			continue
		}
		nonBlank++
		k := key(l.text)
		switch {
		case pageNumber.MatchString(l.text):
		case repeatable(l.text) && counts[k] > 1:
			if i < headEnd && nonBlank <= 12 && !kept[k] {
				kept[k] = true
				out = append(out, l)
				continue
			}
		default:
			out = append(out, l)
			continue
		}
		out = append(out, line{no: l.no, pageBreak: true})
	}
	return out
}

// repeatable reports whether a line could be a running header or footer:
// short, and neither a numbered paragraph nor a list item nor a footnote.
func repeatable(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 90 {
		return false
	}
	if _, _, ok := numberedStart(t); ok {
		return false
	}
	if _, _, ok := itemStart(t); ok {
		return false
	}
	if _, _, ok := footnoteStart(t, nil); ok {
		return false
	}
	return true
}

// combine merges what was read of each language into the statement.
func combine(st *Statement, reads []*sectionRead, opts Options) {
	st.Title, st.Subtitle, st.Reference = map[string]string{}, map[string]string{}, map[string]string{}
	for _, r := range reads {
		st.Sections = append(st.Sections, r.section)
		if r.title != "" {
			st.Title[r.section.Lang] = r.title
		}
		if r.subtitle != "" {
			st.Subtitle[r.section.Lang] = r.subtitle
		}
		if r.unofficial {
			st.Unofficial = append(st.Unofficial, r.section.Lang)
		}
	}
	for _, r := range reads {
		st.Checks = append(st.Checks, r.checks...)
	}
	if len(st.Title) == 0 {
		st.Checks = append(st.Checks, Check{Msg: `no title found in any language: add one, e.g. title: {en: "…"}`})
	}
	if len(st.Unofficial) == len(st.Sections) && len(st.Unofficial) > 0 {
		st.Checks = append(st.Checks, Check{Msg: fmt.Sprintf("every text read says it is an unofficial translation (%s): a statement needs its official text too; import the translation with it", strings.Join(st.Unofficial, ", "))})
	}
	combineReferences(st, reads)
	combineDates(st, reads, opts)
	combineIssuers(st, reads)
	compareSections(st)
}

func combineReferences(st *Statement, reads []*sectionRead) {
	distinct := map[string]bool{}
	for _, r := range reads {
		if r.reference != "" {
			st.Reference[r.section.Lang] = r.reference
			distinct[r.reference] = true
		}
	}
	if len(distinct) == 1 {
		for ref := range distinct {
			st.Reference = map[string]string{"": ref}
		}
	}
	numbers := map[string]bool{}
	var says []string
	for _, r := range reads {
		if r.reference != "" {
			numbers[referenceNumbers(r.reference)] = true
			says = append(says, fmt.Sprintf("[%s] %q (line %d)", r.section.Lang, r.reference, r.referenceLine))
		}
	}
	if len(numbers) > 1 {
		st.Checks = append(st.Checks, Check{Msg: "the languages give different references: " + strings.Join(says, ", ") + ": a translation of the same statement has the same numbers; check both texts are of one statement and correct the reference"})
	}
}

func combineDates(st *Statement, reads []*sectionRead, opts Options) {
	best := -1
	for _, r := range reads {
		if r.date.strength > best {
			best = r.date.strength
		}
	}
	if best < 0 {
		if d, ok := dateFromID(opts.ID); ok {
			st.Date = d
			st.Checks = append(st.Checks, Check{Msg: fmt.Sprintf("no date in the text: date %s taken from the file name; check it is the day of issue", d)})
			return
		}
		st.Checks = append(st.Checks, Check{Msg: "no date found in any language: add date: YYYY-MM-DD, the day the statement was issued"})
		return
	}
	byDate := map[string][]string{}
	var order []string
	for _, r := range reads {
		// Every language's own date counts, whatever its strength: a
		// date line in one and "Issued on" in the other that disagree are
		// a disagreement.
		if r.date.strength == best || r.date.strength >= 1 {
			if _, ok := byDate[r.date.day]; !ok {
				order = append(order, r.date.day)
			}
			byDate[r.date.day] = append(byDate[r.date.day], r.section.Lang+` "`+r.date.text+`"`)
		}
	}
	if len(order) > 1 {
		var says []string
		for _, d := range order {
			says = append(says, d+" ("+strings.Join(byDate[d], ", ")+")")
		}
		st.Checks = append(st.Checks, Check{Msg: "the languages give different dates: " + strings.Join(says, "; ") + ": add date: with the day of issue"})
		return
	}
	st.Date = order[0]
	for _, r := range reads {
		if r.date.strength == best && r.date.guess != "" {
			st.Checks = append(st.Checks, Check{Lang: r.section.Lang, Source: r.section.Source, Line: r.date.line, Msg: r.date.guess})
			break
		}
	}
}

var idDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[-_]|$)`)

func dateFromID(id string) (string, bool) {
	m := idDate.FindStringSubmatch(statement.IDFromPath(id))
	if m == nil {
		return "", false
	}
	t, err := time.Parse(time.DateOnly, m[1])
	if err != nil || t.Before(statement.MinDate) || t.After(statement.MaxDate) {
		return "", false
	}
	return m[1], true
}

func combineIssuers(st *Statement, reads []*sectionRead) {
	var names []string
	var stated []string
	for _, r := range reads {
		if r.issuer != "" && !slices.Contains(names, r.issuer) {
			names = append(names, r.issuer)
		}
		if r.issuer == "" && r.issuerStated != "" {
			stated = append(stated, fmt.Sprintf("[%s] %q", r.section.Lang, r.issuerStated))
		}
	}
	switch {
	case len(names) == 1:
		st.Issuer = names[0]
	case len(names) > 1:
		st.Checks = append(st.Checks, Check{Msg: fmt.Sprintf("the languages name different issuers (%s): add issuer: with the one that issued it", strings.Join(names, ", "))})
	case len(stated) > 0:
		st.Checks = append(st.Checks, Check{Msg: fmt.Sprintf("issuer stated as %s, a body this importer does not know: add issuer: with its English name if it issued the statement", strings.Join(stated, ", "))})
	}
}

// compareSections reports languages whose structure differs from the
// first's: the canonical file aligns them row by row.
func compareSections(st *Statement) {
	if len(st.Sections) < 2 {
		return
	}
	ref := st.Sections[0]
	refParas, refHeads := countKinds(ref)
	for _, s := range st.Sections[1:] {
		paras, heads := countKinds(s)
		if paras != refParas {
			msg := fmt.Sprintf("%d paragraphs, and [%s] has %d", paras, ref.Lang, refParas)
			if k := firstDifferentNumber(ref, s); k > 0 {
				msg += fmt.Sprintf("; the numbers first differ at %d", k)
			}
			st.Checks = append(st.Checks, Check{Lang: s.Lang, Source: s.Source, Msg: msg + ": find the paragraph one text splits, merges or lacks; declare a missing one with gaps: {" + s.Lang + ": [N]}"})
		}
		if heads != refHeads {
			st.Checks = append(st.Checks, Check{Lang: s.Lang, Source: s.Source, Msg: fmt.Sprintf("%d headings, and [%s] has %d: a heading may have been read as a paragraph or the reverse", heads, ref.Lang, refHeads)})
		}
		if (s.Preamble == "") != (ref.Preamble == "") {
			st.Checks = append(st.Checks, Check{Lang: s.Lang, Source: s.Source, Msg: fmt.Sprintf("preamble in one of [%s] and [%s] only: check the text before paragraph 1 in both", ref.Lang, s.Lang)})
		}
		if len(s.Footnotes) != len(ref.Footnotes) {
			st.Checks = append(st.Checks, Check{Lang: s.Lang, Source: s.Source, Msg: fmt.Sprintf("%d footnotes, and [%s] has %d", len(s.Footnotes), ref.Lang, len(ref.Footnotes))})
		}
	}
}

func countKinds(s Section) (paras, heads int) {
	for _, b := range s.Blocks {
		if b.Kind == Heading {
			heads++
		} else {
			paras++
		}
	}
	return paras, heads
}

func firstDifferentNumber(a, b Section) int {
	pa, pb := a.Paragraphs(), b.Paragraphs()
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i].Number != pb[i].Number {
			return min(pa[i].Number, pb[i].Number)
		}
	}
	return 0
}
