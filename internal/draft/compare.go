package draft

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"statementarchive/internal/statement"
)

// sameStatementLine is the line a user adds to an input to confirm that
// texts whose details disagree are one statement's languages.
var sameStatementLine = regexp.MustCompile(`(?i)^#\s*same statement$`)

// confirmedInText reports whether an input holds the confirmation line.
func confirmedInText(inputs []Input) bool {
	for _, in := range inputs {
		for _, l := range bytes.Split(in.Text, []byte("\n")) {
			if sameStatementLine.Match(bytes.TrimSpace(l)) {
				return true
			}
		}
	}
	return false
}

// referenceNumbers is a reference's numbers, which its translations share:
// "Press Release (2011) 109" and "Communiqué de presse (2011) 109" both
// give "2011 109".
func referenceNumbers(ref string) string {
	return strings.Join(regexp.MustCompile(`\d+`).FindAllString(ref, -1), " ")
}

// disagreements lists what two languages' texts disagree on: the day of
// issue each gives (not a page's posting date), the numbers of their
// references, and how many paragraphs they have.
func disagreements(a, b *sectionRead) []string {
	var out []string
	if a.date.strength >= 1 && b.date.strength >= 1 && a.date.day != b.date.day {
		out = append(out, fmt.Sprintf("[%s] is dated %s (line %d) and [%s] %s (line %d)", a.section.Lang, a.date.day, a.date.line, b.section.Lang, b.date.day, b.date.line))
	}
	if a.reference != "" && b.reference != "" && referenceNumbers(a.reference) != referenceNumbers(b.reference) {
		out = append(out, fmt.Sprintf("[%s] is %q and [%s] %q", a.section.Lang, a.reference, b.section.Lang, b.reference))
	}
	pa, pb := len(a.section.Paragraphs()), len(b.section.Paragraphs())
	if pa != pb || a.section.Numbered() != b.section.Numbered() {
		out = append(out, fmt.Sprintf("[%s] has %s and [%s] %s", a.section.Lang, paragraphCount(a.section), b.section.Lang, paragraphCount(b.section)))
	}
	return out
}

func paragraphCount(s Section) string {
	n := len(s.Paragraphs())
	kind := "unnumbered"
	if s.Numbered() {
		kind = "numbered"
	}
	if n == 1 {
		return "1 " + kind + " paragraph"
	}
	return fmt.Sprintf("%d %s paragraphs", n, kind)
}

// differentStatements refuses texts that look like two statements rather
// than one statement's languages: two of date, reference and length
// disagree. One disagreement is a Check (see combine and compareSections);
// two are refused unless confirmed, since a draft that took one text's
// date and the other's reference would say nothing is wrong.
func differentStatements(reads []*sectionRead, confirmed bool) error {
	if len(reads) < 2 {
		return nil
	}
	first := reads[0]
	for _, r := range reads[1:] {
		d := disagreements(first, r)
		if len(d) < 2 {
			continue
		}
		if confirmed {
			r.checks = append(r.checks, Check{Lang: r.section.Lang, Source: r.section.Source, Msg: "confirmed as the same statement as [" + first.section.Lang + "] although " + strings.Join(d, "; ") + ": check each"})
			continue
		}
		return fmt.Errorf("%s [%s] and %s [%s] look like two different statements: %s. Import each on its own; if they are one statement's languages, confirm it: import again with -same-statement, or add a line holding only \"# same statement\" to either file",
			statement.DisplayName(first.section.Source), first.section.Lang, statement.DisplayName(r.section.Source), r.section.Lang, strings.Join(d, "; "))
	}
	return nil
}

// doubleSpaced reports whether a text is typed with two spaces after the
// end of each sentence, a convention to keep as published, rather than
// with runs of spaces that justify its lines or pad its numbers.
func doubleSpaced(lines []string) bool {
	two, one, elsewhere := 0, 0, 0
	for _, l := range lines {
		l = strings.TrimLeft(l, " \t")
		for i := 0; i < len(l); {
			r, size := utf8.DecodeRuneInString(l[i:])
			i += size
			if r != ' ' {
				continue
			}
			j := i
			for j < len(l) && l[j] == ' ' {
				j++
			}
			run := j - i + 1
			if j >= len(l) {
				break
			}
			before, _ := utf8.DecodeLastRuneInString(l[:i-1])
			after, _ := utf8.DecodeRuneInString(l[j:])
			prev := l[:i-1]
			afterNumber := strings.TrimRight(prev, ".)") != prev && lastIsDigit(strings.TrimRight(prev, ".)"))
			// A sentence ends before a capital; "Jun. 2019" and "a. to"
			// are abbreviations and list markers.
			ends := sentenceEnd(before) && !afterNumber && (unicode.IsUpper(after) || strings.ContainsRune("\"“‘«(", after))
			switch {
			case ends && run == 2:
				two++
			case ends && run == 1:
				one++
			case run >= 2 && !afterNumber:
				elsewhere++
			}
			i = j
		}
	}
	return two >= 1 && two*2 >= one && elsewhere*4 <= two
}

func lastIsDigit(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r >= '0' && r <= '9'
}

// sentenceEnd reports whether r can end a sentence before the spaces
// that follow it: its punctuation, a closing quote or bracket after it, or
// a footnote mark.
func sentenceEnd(r rune) bool {
	return strings.ContainsRune(".!?…\"”’»)", r) || superscriptDigits[r] > 0 || r == '⁰'
}
