package textdiff

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Notes that Explain puts before the changes when they alone would mislead.
const (
	noteSame          = "no difference"
	noteNormalisation = "the same letters in another Unicode normalisation (NFC ↔ NFD)"
	noteWhitespace    = "only whitespace differs"
	noteInvisible     = "only invisible characters differ (zero-width, format or bidi)"
)

// Explain renders the change from old to new on one line for a terminal, the
// way wdiff does: "…within [-thirty-]{+sixty+} days of…". The removed and
// added text is passed through Visible; kept text is shown with at most about
// width characters on each side of a change, cut at a space where it can be,
// "…" marking a cut at either end and " … " between two changes far apart.
// A width below one shows the changes alone.
//
// When the change would be invisible or misread, a note comes first, followed
// by ": " and the changes: the texts are the same letters in another Unicode
// normalisation, differ only in whitespace, or only in invisible characters.
// Equal texts give "no difference". Nothing in the result is a control, format
// or bidi character, whatever old and new hold.
func Explain(old, new string, width int) string {
	if old == new {
		return noteSame
	}
	width = max(width, 0)
	var b strings.Builder
	if note := noteFor(old, new); note != "" {
		b.WriteString(note)
		b.WriteString(": ")
	}
	parts := Words(old, new)
	for i, p := range parts {
		switch p.Op {
		case Removed:
			b.WriteString("[-" + Visible(p.Text) + "-]")
		case Added:
			b.WriteString("{+" + Visible(p.Text) + "+}")
		case Kept:
			first, last := i == 0, i == len(parts)-1
			switch {
			case first:
				tail, cut := trailing(p.Text, width)
				if cut {
					b.WriteString("…")
				}
				b.WriteString(visible(tail, false))
			case last:
				head, cut := leading(p.Text, width)
				b.WriteString(visible(head, false))
				if cut {
					b.WriteString("…")
				}
			case utf8.RuneCountInString(p.Text) <= 2*width+len(" … "):
				b.WriteString(visible(p.Text, false))
			default:
				head, _ := leading(p.Text, width)
				tail, _ := trailing(p.Text, width)
				b.WriteString(visible(head, false) + " … " + visible(tail, false))
			}
		}
	}
	return b.String()
}

// noteFor says why the change between two different texts may be hard to see.
func noteFor(old, new string) string {
	switch {
	case norm.NFC.String(old) == norm.NFC.String(new):
		return noteNormalisation
	case slices.Equal(strings.Fields(old), strings.Fields(new)):
		return noteWhitespace
	case slices.Equal(strings.Fields(withoutInvisible(old)), strings.Fields(withoutInvisible(new))):
		return noteInvisible
	}
	return ""
}

// withoutInvisible drops the characters that take no room and have no glyph.
func withoutInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
			unicode.Is(unicode.Variation_Selector, r) {
			return -1
		}
		return r
	}, s)
}

// leading returns about the first n characters of s, cut after a word where
// it can be, and whether anything was cut.
func leading(s string, n int) (string, bool) {
	end, count := 0, 0
	for end < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
		count++
	}
	if end == len(s) {
		return s, false
	}
	next, _ := utf8.DecodeRuneInString(s[end:])
	if !unicode.IsSpace(next) {
		if sp := strings.LastIndexFunc(s[:end], unicode.IsSpace); sp > 0 {
			end = sp
		}
	}
	return strings.TrimRightFunc(s[:end], unicode.IsSpace), true
}

// trailing returns about the last n characters of s, cut before a word where
// it can be, and whether anything was cut.
func trailing(s string, n int) (string, bool) {
	start, count := len(s), 0
	for start > 0 && count < n {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
		count++
	}
	if start == 0 {
		return s, false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:start])
	if !unicode.IsSpace(prev) {
		if sp := strings.IndexFunc(s[start:], unicode.IsSpace); sp >= 0 && start+sp < len(s)-1 {
			start += sp
		}
	}
	return strings.TrimLeftFunc(s[start:], unicode.IsSpace), true
}
