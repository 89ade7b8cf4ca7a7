package statement

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
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
	// raw is set for a file in the raw format, which has no front matter
	// to declare gaps in.
	raw bool
	// inserted holds the rows the front matter declares inserted after
	// publication, each with its line.
	inserted map[Ref]int
	// cut holds the rows the front matter declares cut short in the copy,
	// by language.
	cut map[string][]Ref
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

// para is one row as read from a section: a paragraph, the preamble, a
// heading or a footnote.
type para struct {
	kind Kind
	// key is the paragraph's number (0 before positions are assigned, -1
	// when out of range), the heading's ordinal, the footnote's number.
	key int
	// sub is the letter of a row inserted after publication (Ref.Sub).
	sub  int
	text string
	line int
	// next is, for a heading, the paragraph after it in its section
	// (endOfText after the last).
	next Ref
}

func (p para) ref() Ref { return Ref{Kind: p.kind, Key: p.key, Sub: p.sub} }

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
		ps.unreviewed(lines[1:end], 2)
		gaps = ps.frontMatter(st, strings.Join(lines[1:end], "\n"), 1)
		ps.cut = st.Cut
		sections = ps.canonicalSections(lines, end+1)
	} else {
		ps.raw = true
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
				ps.addf(p.line, "%s in the [%s] section is %d bytes long, over the %d-byte limit for one paragraph in one language: split it into numbered paragraphs, or check the file for a missing blank line or number that joins paragraphs", describe(p.ref()), s.lang, len(p.text), MaxParagraphBytes)
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
	gaps = ps.cutNotesAsGaps(gaps, sections)
	ps.checkGaps(gaps, sections)
	ps.checkInserted(sections)
	ps.checkCut(sections)
	ps.checkAlignment(sections, gaps)
	if len(ps.problems) > 0 {
		return nil
	}
	st.Paragraphs = alignedRows(sections)
	st.TextBytes = st.TextBytesRead()
	return st
}

// checkLine is a line archive import writes into a draft's front matter
// for a person to confirm: "# CHECK: …".
var checkLine = regexp.MustCompile(`^\s*#\s*CHECK\b`)

// unreviewed refuses a draft whose front matter still holds CHECK lines
// (first is the file line number of lines[0]): import wrote each for
// something it was not sure of, and a reviewer deletes each once it is
// confirmed or corrected. YAML reads them as comments, so without this a
// draft nobody read would be ingested as if it had been.
func (ps *parser) unreviewed(lines []string, first int) {
	for i, l := range lines {
		if checkLine.MatchString(l) {
			ps.addf(first+i, "this draft is not yet reviewed: %s. Confirm or correct what it says, then delete the line (see docs/import.md)", strings.TrimSpace(Excerpt(strings.TrimSpace(l), 160)))
		}
	}
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
			ps.addf(i+1, "language header %s in a file without front matter: start the file with front matter between --- lines (see docs/statement-files.md)", h)
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
