package textdiff

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// spaceMark stands for a U+0020 space a reader could not otherwise see.
const spaceMark = "·"

// Visible returns s with what a reader cannot see, or cannot tell apart, made
// visible, and with nothing a terminal would obey: the result holds no
// control, format or bidi character.
//
// These are shown as their code point, "<U+00A0>":
//   - every space other than U+0020 (no-break, thin, ideographic…), tabs and
//     line breaks;
//   - control characters (ESC, NUL…) and format characters (Unicode Cf:
//     zero-width space U+200B, joiners, word joiner U+2060, BOM U+FEFF, bidi
//     marks and overrides such as U+202E), unassigned and private-use code
//     points, and other default-ignorable ones (Hangul fillers…);
//   - combining marks without width (Unicode Mn), after their base letter, so
//     that a decomposed "e<U+0301>" (NFD) differs from a composed "é" (NFC).
//     Scripts that write vowels with such marks (Arabic, Hebrew, Indic) show
//     them as code points too: that is the price of seeing normalisation;
//   - the middle dot U+00B7 itself, so that "·" always means a space.
//
// A byte that is not UTF-8 is shown as "<0xFF>". A U+0020 space stays a space
// between two other characters, and is shown as "·" at the start or end of s
// and in runs of two or more, where a reader could not count it.
func Visible(s string) string {
	return visible(s, true)
}

// visible is Visible, with the spaces at the edges of s left alone when
// edges is false: context beside a change marker needs no "·".
func visible(s string, edges bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == ' ' {
			j := i
			for j < len(s) && s[j] == ' ' {
				j++
			}
			run := j - i
			if run > 1 || (edges && (i == 0 || j == len(s))) {
				b.WriteString(strings.Repeat(spaceMark, run))
			} else {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		}
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "<0x%02X>", s[i])
		case hidden(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// hidden reports whether r is shown as its code point.
func hidden(r rune) bool {
	return r == '·' ||
		unicode.IsSpace(r) || // U+0020 is handled before
		!unicode.IsGraphic(r) || // controls, format, private use, unassigned, line and paragraph separators
		unicode.Is(unicode.Mn, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}
