package statement

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"statementarchive/internal/align"
)

// MaxFileSize bounds one statement file. The longest real communiqués are a
// few hundred kilobytes in all their languages; a larger file is almost
// certainly not a statement.
const MaxFileSize = 8 << 20

// MaxParagraphKey bounds a paragraph number.
const MaxParagraphKey = 99999

// MaxParagraphBytes bounds one paragraph in one language: 32 KiB of UTF-8
// text, after its wrapped lines are joined. The longest paragraphs of real
// communiqués are a few kilobytes; the server highlights and renders whole
// paragraphs, a page of search hits shows up to a hundred of them, so a
// longer one is refused at ingest rather than paid for on every search
// that hits it.
const MaxParagraphBytes = 32 << 10

var (
	sectionHeader   = regexp.MustCompile(`^\[([^\[\]]*)\]$`)
	separatorLine   = regexp.MustCompile(`^(\||---\|)$`)
	frontMatterMark = "---"
)

// IDFromPath returns the statement ID a file path names: its base name
// without the extension.
func IDFromPath(p string) string {
	base := path.Base(strings.ReplaceAll(p, `\`, "/"))
	return strings.TrimSuffix(base, path.Ext(base))
}

// Parse reads one statement file's bytes, in the canonical or the raw format,
// and returns the statement it holds. p is the path used for the ID and in
// messages. On failure the error is Problems, listing every problem found.
func Parse(p string, data []byte) (*Statement, error) {
	ps := &parser{path: p}
	st := ps.parse(data)
	if len(ps.problems) > 0 {
		ps.problems.Sort()
		return nil, ps.problems
	}
	return st, nil
}

type parser struct {
	path     string
	problems Problems
	// listLines holds the front-matter line of each language-list field
	// (unofficial, incomplete), to check them against the sections.
	listLines map[string]int
}

func (ps *parser) addf(line int, format string, args ...any) {
	ps.problems = append(ps.problems, Problem{Path: ps.path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// addAt records a problem with one character of a line.
func (ps *parser) addAt(line, col int, format string, args ...any) {
	ps.problems = append(ps.problems, Problem{Path: ps.path, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

// section is one language's text in a file, before alignment.
type section struct {
	lang  string
	line  int // the header line, or the first text line of a raw section
	paras []para
	// numbered is set when the section numbers its paragraphs.
	numbered bool
}

// para is one paragraph as read from a section.
type para struct {
	key  int // the official number, or 0 before positions are assigned
	text string
	line int
}

func (ps *parser) parse(data []byte) *Statement {
	id := IDFromPath(ps.path)
	if !ValidID(id) {
		ps.addf(0, "%q is not a valid statement ID: rename the file to lowercase letters, digits, hyphens and underscores (at most %d), e.g. 2021-07-19-nac-cyber-solidarity.txt", id, MaxIDLength)
	}
	if len(data) > MaxFileSize {
		ps.addf(0, "file is %d bytes, over the %d-byte limit for one statement: check it is a statement file, or split it", len(data), MaxFileSize)
		return nil
	}
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		ps.addAt(line, col, "not UTF-8 text (an invalid byte here): save the file as UTF-8")
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	ps.checkControl(data)
	lines := splitLines(string(data))

	st := &Statement{ID: id}
	var sections []section
	var gaps map[string]gapList
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == frontMatterMark {
		end := -1
		for i := 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == frontMatterMark {
				end = i
				break
			}
		}
		if end < 0 {
			ps.addf(1, "front matter opened with --- is never closed: end it with a line holding only ---")
			return nil
		}
		gaps = ps.frontMatter(st, strings.Join(lines[1:end], "\n"), 1)
		sections = ps.canonicalSections(lines, end+1)
	} else {
		sections = ps.rawSections(lines)
	}
	if len(sections) == 0 {
		if len(ps.problems) == 0 {
			ps.addf(0, "no text: add a section per language, each opened by a line such as [en]")
		}
		return nil
	}
	for i := range sections {
		ps.assignKeys(&sections[i], gaps[sections[i].lang])
	}
	for _, s := range sections {
		for _, p := range s.paras {
			if len(p.text) > MaxParagraphBytes {
				ps.addf(p.line, "paragraph %d in the [%s] section is %d bytes long, over the %d-byte limit for one paragraph in one language: split it into numbered paragraphs, or check the file for a missing blank line or number that joins paragraphs", p.key, s.lang, len(p.text), MaxParagraphBytes)
			}
		}
	}
	for _, s := range sections {
		st.Languages = append(st.Languages, s.lang)
	}
	ps.checkLanguageLists(st, sections)
	st.Unnumbered = true
	for _, s := range sections {
		if s.numbered {
			st.Unnumbered = false
		}
	}
	ps.checkGaps(gaps, sections)
	ps.checkAlignment(sections, gaps)
	if len(ps.problems) > 0 {
		return nil
	}
	st.Paragraphs = alignedRows(sections)
	st.TextBytes = st.TextBytesRead()
	return st
}

// splitLines splits text into lines at every line break, dropping the
// breaks. A break is LF, CRLF, or a CR alone, as old Mac files have it, so a
// file reads alike whatever system saved it, and mixed endings too.
func splitLines(text string) []string {
	if text == "" {
		return nil
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// scanRunes calls fn with each rune of data (utf8.RuneError for an invalid
// byte) and its line and column, both from 1, counting line breaks as
// splitLines does, until fn returns false.
func scanRunes(data []byte, fn func(r rune, size, line, col int) bool) {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if !fn(r, size, line, col) {
			return
		}
		i += size
		switch {
		case r == '\r' && i < len(data) && data[i] == '\n':
			i++
			line, col = line+1, 1
		case r == '\r' || r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
	}
}

func firstInvalidUTF8(data []byte) (line, col int) {
	line, col = 1, 1
	scanRunes(data, func(r rune, size, l, c int) bool {
		line, col = l, c
		return !(r == utf8.RuneError && size <= 1)
	})
	return line, col
}

// IsControl reports whether r is a control character, which a statement
// may not hold: a C0 control other than tab and the line breaks (LF, CR),
// DEL, or a C1 control (U+0080 to U+009F). Such characters are invisible
// in a page and can rewrite a terminal. Bidirectional marks and overrides
// are not in this class: published text carries them.
func IsControl(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	}
	return false
}

// checkControl reports the first control character in data, with the count
// of the others, anywhere in the file: front matter and text alike.
func (ps *parser) checkControl(data []byte) {
	var first rune
	var line, col, n int
	scanRunes(data, func(r rune, _, l, c int) bool {
		if IsControl(r) {
			if n == 0 {
				first, line, col = r, l, c
			}
			n++
		}
		return true
	})
	if n == 0 {
		return
	}
	more := ""
	if n > 1 {
		more = fmt.Sprintf(" (and %d more in the file)", n-1)
	}
	ps.addAt(line, col, "control character %U%s: statement files may hold no control characters other than tabs and line breaks; delete it, or copy the text again from its source", first, more)
}

// canonicalSections reads the [xx]-headed sections that follow the front matter.
func (ps *parser) canonicalSections(lines []string, start int) []section {
	var sections []section
	seen := map[string]int{}
	var cur *section
	var body []string
	var bodyStart int
	afterHeader, strayReported := false, false
	flush := func() {
		if cur != nil {
			cur.paras = ps.paragraphs(body, bodyStart, cur.lang)
			if len(cur.paras) == 0 {
				ps.addf(cur.line, "empty [%s] section: add its paragraphs or remove the header", cur.lang)
			} else {
				sections = append(sections, *cur)
			}
		}
	}
	for i := start; i < len(lines); i++ {
		lineNo := i + 1
		trimmed := strings.TrimSpace(lines[i])
		if m := sectionHeader.FindStringSubmatch(trimmed); m != nil {
			flush()
			cur, body, bodyStart, afterHeader = nil, nil, lineNo+1, true
			code := m[1]
			switch {
			case !ValidLanguage(code):
				ps.addf(lineNo, "unknown language code %q: open each section with a lowercase ISO 639-1 code such as [en], [fr] or [ru]", code)
			case seen[code] > 0:
				ps.addf(lineNo, "duplicate [%s] section (the first is at line %d): merge the two or remove one", code, seen[code])
			default:
				seen[code] = lineNo
				cur = &section{lang: code, line: lineNo}
			}
			continue
		}
		if cur == nil {
			// Text under a rejected header was reported with the header.
			if trimmed != "" && !afterHeader && !strayReported {
				ps.addf(lineNo, "text before the first language section: open each language with a line holding only its code, such as [en]")
				strayReported = true
			}
			continue
		}
		body = append(body, lines[i])
	}
	flush()
	if len(sections) == 0 && len(ps.problems) == 0 {
		ps.addf(start+1, "no language section after the front matter: add one per language, each opened by a line such as [en]")
	}
	return sections
}

// rawSections reads the format of the first statement: no front matter,
// language sections separated by runs of lines holding only | or ---|, each
// section's language identified from its text.
func (ps *parser) rawSections(lines []string) []section {
	headers := false
	for i, l := range lines {
		if h := strings.TrimSpace(l); sectionHeader.MatchString(h) {
			ps.addf(i+1, "language header %s in a file without front matter: start the file with front matter between --- lines (see README, \"Statement files\")", h)
			headers = true
		}
	}
	if headers {
		return nil
	}
	var sections []section
	seen := map[string]int{}
	i := 0
	for i < len(lines) {
		for i < len(lines) && isSeparatorOrBlank(lines[i]) {
			i++
		}
		start := i
		for i < len(lines) && !separatorLine.MatchString(strings.TrimSpace(lines[i])) {
			i++
		}
		if start == i {
			continue
		}
		paras := ps.paragraphs(lines[start:i], start+1, "")
		if len(paras) == 0 {
			continue
		}
		texts := make([]string, len(paras))
		for k, p := range paras {
			texts[k] = p.text
		}
		lang, err := DetectLanguage(strings.Join(texts, "\n"))
		if err != nil {
			ps.addf(start+1, "%v: convert the file to the canonical format, which names each section's language with a header such as [en]", err)
			continue
		}
		if first, dup := seen[lang]; dup {
			ps.addf(start+1, "a second section in %s (%s; the first starts at line %d): each language may appear once; convert the file to the canonical format if the identification is wrong", LanguageName(lang), lang, first)
			continue
		}
		seen[lang] = start + 1
		sections = append(sections, section{lang: lang, line: start + 1, paras: paras})
	}
	return sections
}

func isSeparatorOrBlank(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || separatorLine.MatchString(t)
}

// paragraphs splits a section's lines into paragraphs: a line "N. …" starts
// paragraph N, a blank line ends a paragraph, and any other line continues
// the paragraph before it, joined with one space.
func (ps *parser) paragraphs(lines []string, firstLine int, lang string) []para {
	var out []para
	var parts [][]string // the continuation lines of each paragraph
	open := false
	for i, raw := range lines {
		line := strings.TrimRight(raw, " \t")
		text := strings.TrimLeft(line, " \t")
		if strings.TrimSpace(text) == "" {
			open = false
			continue
		}
		if number, rest, ok := numbered(text); ok {
			n, err := strconv.Atoi(number)
			if err != nil || n < 1 || n > MaxParagraphKey {
				ps.addf(firstLine+i, "paragraph number %s is out of range: number paragraphs from 1 to %d", number, MaxParagraphKey)
				n = -1
			}
			out = append(out, para{key: n, text: rest, line: firstLine + i})
			parts = append(parts, nil)
			open = true
			continue
		}
		if open {
			// Collected as parts and joined once below: joining here would
			// be quadratic in the number of wrapped lines.
			parts[len(parts)-1] = append(parts[len(parts)-1], text)
			continue
		}
		out = append(out, para{text: text, line: firstLine + i})
		parts = append(parts, nil)
		open = true
	}
	for i := range out {
		if len(parts[i]) > 0 {
			all := parts[i]
			if out[i].text != "" {
				all = append([]string{out[i].text}, all...)
			}
			out[i].text = strings.Join(all, " ")
		}
	}
	for _, p := range out {
		if p.key != 0 && strings.TrimSpace(p.text) == "" {
			ps.addf(p.line, "paragraph %d has no text: write it after the number, or remove the line", p.key)
		}
	}
	return out
}

// numbered splits a line "N. text" into its number and text. The number
// stands alone before the dot, which is followed by blanks (spaces, tabs or
// no-break spaces) or ends the line.
func numbered(line string) (number, rest string, ok bool) {
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i == 0 || i == len(line) || line[i] != '.' {
		return "", "", false
	}
	number, after := line[:i], line[i+1:]
	if after == "" {
		return number, "", true
	}
	rest = strings.TrimLeft(after, " \t\u00a0")
	if len(rest) == len(after) {
		return "", "", false // "1.5" or "2.Text": not a paragraph number
	}
	return number, rest, true
}

// assignKeys gives each paragraph of a section its key: its number where the
// section numbers every paragraph, else its position, counting the
// positions the section declares as gaps: with gaps: {fr: [6]}, the sixth
// paragraph of an unnumbered [fr] section is keyed 7, beside the other
// languages' seventh. A number repeated on consecutive paragraphs joins them
// into one row (a paragraph the translation split in two).
func (ps *parser) assignKeys(s *section, gaps gapList) {
	numbered := 0
	for _, p := range s.paras {
		if p.key != 0 {
			numbered++
		}
	}
	if numbered == 0 {
		key := 1
		for i := range s.paras {
			for gaps.has(key) {
				key++
			}
			s.paras[i].key = key
			key++
		}
		return
	}
	s.numbered = true
	if numbered < len(s.paras) {
		for _, p := range s.paras {
			if p.key == 0 {
				ps.addf(p.line, "paragraph without a number in the [%s] section, whose other paragraphs are numbered: start it with its number (\"3. …\"), or join it to the paragraph above by removing the blank line", s.lang)
			}
		}
		return
	}
	var joined []para
	var parts [][]string // the pieces of each joined paragraph
	for _, p := range s.paras {
		if p.key < 0 {
			continue // out of range, reported already
		}
		if n := len(joined); n > 0 {
			prev := joined[n-1]
			switch {
			case p.key == prev.key:
				parts[n-1] = append(parts[n-1], p.text)
				continue
			case p.key < prev.key:
				ps.addf(p.line, "paragraph %d comes after paragraph %d in the [%s] section: numbers must increase; fix the number, or repeat a number only on consecutive paragraphs to join a split paragraph", p.key, prev.key, s.lang)
				continue
			}
		}
		joined = append(joined, p)
		parts = append(parts, []string{p.text})
	}
	for i := range joined {
		joined[i].text = strings.Join(parts[i], "\n")
	}
	s.paras = joined
}

// checkLanguageLists reports languages listed as unofficial or incomplete
// that have no section, and a statement whose every language is unofficial.
// (A title, reference or source may be in a language the archive does not
// hold: a catalogue title, or where the other text is published.)
func (ps *parser) checkLanguageLists(st *Statement, sections []section) {
	has := map[string]bool{}
	for _, s := range sections {
		has[s.lang] = true
	}
	for field, langs := range map[string][]string{"unofficial": st.Unofficial, "incomplete": st.Incomplete} {
		for _, l := range langs {
			if !has[l] {
				ps.addf(ps.listLines[field], "%s lists %s, which has no section: remove it, or add its [%s] section", field, l, l)
			}
		}
	}

	if len(st.Unofficial) > 0 {
		allUnofficial := true
		for _, s := range sections {
			if !slices.Contains(st.Unofficial, s.lang) {
				allUnofficial = false
			}
		}
		if allUnofficial {
			ps.addf(ps.listLines["unofficial"], "every language is listed as unofficial: the archive holds statements in at least one language their issuer published; remove that one from unofficial")
		}
	}
}

// gapList is the paragraph keys a language declares it lacks, with the
// front-matter line of the declaration.
type gapList struct {
	keys []int
	line int
}

func (g gapList) has(key int) bool {
	for _, k := range g.keys {
		if k == key {
			return true
		}
	}
	return false
}

func (ps *parser) checkGaps(gaps map[string]gapList, sections []section) {
	all := map[int]bool{}
	byLang := map[string]map[int]bool{}
	for _, s := range sections {
		byLang[s.lang] = map[int]bool{}
		for _, p := range s.paras {
			all[p.key] = true
			byLang[s.lang][p.key] = true
		}
	}
	langs := make([]string, 0, len(gaps))
	for l := range gaps {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		g := gaps[lang]
		keys, ok := byLang[lang]
		if !ok {
			ps.addf(g.line, "gaps declared for %s, which has no section: remove them or add its [%s] section", lang, lang)
			continue
		}
		for _, k := range g.keys {
			switch {
			case keys[k]:
				ps.addf(g.line, "gap declared for [%s] paragraph %d, but the [%s] section has that paragraph: remove %d from its gaps", lang, k, lang, k)
			case !all[k]:
				ps.addf(g.line, "gap declared for [%s] paragraph %d, but no language has paragraph %d: remove it from the gaps", lang, k, k)
			}
		}
	}
}

// checkAlignment reports a section whose paragraph keys differ from the first
// section's, apart from declared gaps: side-by-side reading depends on it.
func (ps *parser) checkAlignment(sections []section, gaps map[string]gapList) {
	if len(sections) < 2 {
		return
	}
	ref := sections[0]
	refKeys := keySet(ref)
	for _, s := range sections[1:] {
		keys := keySet(s)
		first := -1
		for k := range refKeys {
			if !keys[k] && !gaps[s.lang].has(k) && (first < 0 || k < first) {
				first = k
			}
		}
		for k := range keys {
			if !refKeys[k] && !gaps[ref.lang].has(k) && (first < 0 || k < first) {
				first = k
			}
		}
		if first < 0 {
			continue
		}
		line := s.line
		for _, p := range s.paras {
			line = p.line
			if p.key >= first {
				break
			}
		}
		missing, has := s.lang, ref.lang
		if keys[first] {
			missing, has = ref.lang, s.lang
		}
		if !ref.numbered && !s.numbered && len(gaps[s.lang].keys) == 0 && len(gaps[ref.lang].keys) == 0 {
			ps.addf(line, "%s", unnumberedMismatch(ref, s))
			continue
		}
		ps.addf(line, "paragraphs differ between [%s] (%s) and [%s] (%s): [%s] has paragraph %d and [%s] does not. Number the paragraphs alike in every language; repeat a number on consecutive paragraphs to join a split paragraph; or declare the omission in the front matter (gaps: {%s: [%d]})",
			ref.lang, countParagraphs(len(ref.paras)), s.lang, countParagraphs(len(s.paras)), has, first, missing, missing, first)
	}
}

// unnumberedMismatch explains a count mismatch between two sections that
// do not number their paragraphs, where positions alone cannot tell which
// paragraph is missing: the paragraph lengths can (align.LikelyGap, after
// Gale and Church), when exactly one is missing.
func unnumberedMismatch(ref, s section) string {
	long, short := ref, s
	if len(s.paras) > len(ref.paras) {
		long, short = s, ref
	}
	head := fmt.Sprintf("paragraphs differ between [%s] (%s) and [%s] (%s), which do not number their paragraphs",
		ref.lang, countParagraphs(len(ref.paras)), s.lang, countParagraphs(len(s.paras)))
	if len(long.paras)-len(short.paras) == 1 {
		if i, ok := align.LikelyGap(paraTexts(long), paraTexts(short)); ok {
			return fmt.Sprintf("%s: by the paragraphs' lengths, [%s] most likely lacks the paragraph at position %d (\"%s\"). If it does, declare it there: gaps: {%s: [%d]}; then run archive check to confirm that the rest pair up",
				head, short.lang, i+1, Excerpt(long.paras[i].text, 50), short.lang, i+1)
		}
	}
	return fmt.Sprintf("%s: positions do not show which paragraphs are missing. Find them by reading the two side by side (archive check compares their lengths), then declare each where it is missing, e.g. gaps: {%s: [N]}; or number the paragraphs in both", head, short.lang)
}

func paraTexts(s section) []string {
	out := make([]string, len(s.paras))
	for i, p := range s.paras {
		out[i] = p.text
	}
	return out
}

func countParagraphs(n int) string {
	if n == 1 {
		return "1 paragraph"
	}
	return strconv.Itoa(n) + " paragraphs"
}

func keySet(s section) map[int]bool {
	keys := make(map[int]bool, len(s.paras))
	for _, p := range s.paras {
		keys[p.key] = true
	}
	return keys
}

// alignedRows merges the sections into rows by key, in increasing key order.
func alignedRows(sections []section) []Paragraph {
	rows := map[int]map[string]string{}
	for _, s := range sections {
		for _, p := range s.paras {
			if rows[p.key] == nil {
				rows[p.key] = map[string]string{}
			}
			rows[p.key][s.lang] = p.text
		}
	}
	out := make([]Paragraph, 0, len(rows))
	for k, text := range rows {
		out = append(out, Paragraph{Key: k, Text: text})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
