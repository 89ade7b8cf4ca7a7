// Package textdiff finds the word-level differences between two texts and
// shows them with what is invisible made visible: no-break and other unusual
// spaces, zero-width and bidi characters, controls, and combining marks.
//
// It serves the curator who must see why a published paragraph was refused
// (Explain, in a terminal) and pages that compare paragraph versions (Words).
package textdiff

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says what happened to a Part of the text.
type Op int

// The three things that can happen to a part of the text.
const (
	Kept    Op = iota // in both texts
	Removed           // only in the old text
	Added             // only in the new text
)

// String returns "kept", "removed" or "added", the word a page or a log uses.
func (o Op) String() string {
	switch o {
	case Kept:
		return "kept"
	case Removed:
		return "removed"
	case Added:
		return "added"
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// Part is a stretch of text that was kept, removed or added.
type Part struct {
	Op   Op
	Text string
}

// MaxTokens is the largest number of distinct tokens (words, whitespace runs,
// other characters) two texts may hold together for Words to diff them token
// by token: each token becomes one Unicode scalar value, and there are
// 0x110000 code points less 0x800 surrogates. Beyond it Words reports the old
// text removed and the new one added, whole.
const MaxTokens = 0x110000 - 0x800

// Words returns the word-level differences between old and new, in order.
//
// The texts are cut into tokens: words (letters, digits and combining marks),
// runs of whitespace, and every other character on its own (punctuation,
// symbols, format and control characters, bytes that are not UTF-8). Adjacent
// parts never share an Op, a change shows what was removed before what was
// added, and whitespace kept between two changes joins them, so "the cat" to
// "a dog" is one replacement rather than two around a shared space.
//
// Joining the Text of the Kept and Removed parts gives old exactly; joining
// the Kept and Added parts gives new exactly, byte for byte. Equal texts give
// one Kept part, or none when both are empty. The diff stops refining after
// a second (diffmatchpatch's DiffTimeout), so texts far longer than a
// paragraph may get a coarser, still exact, result.
func Words(old, new string) []Part {
	return words(old, new, MaxTokens)
}

func words(old, new string, maxTokens int) []Part {
	if old == new {
		return appendPart(nil, Kept, old)
	}
	var (
		vocabulary []string
		ids        = make(map[string]rune)
		overflow   bool
	)
	encode := func(s string) []rune {
		var rs []rune
		for _, tok := range tokens(s) {
			id, ok := ids[tok]
			if !ok {
				if len(vocabulary) >= maxTokens {
					overflow = true
					return nil
				}
				id = tokenRune(len(vocabulary))
				ids[tok] = id
				vocabulary = append(vocabulary, tok)
			}
			rs = append(rs, id)
		}
		return rs
	}
	r1, r2 := encode(old), encode(new)
	if overflow {
		return appendPart(appendPart(nil, Removed, old), Added, new)
	}

	dmp := diffmatchpatch.New()
	var parts []Part
	for _, d := range dmp.DiffMainRunes(r1, r2, false) {
		op := Kept
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = Removed
		case diffmatchpatch.DiffInsert:
			op = Added
		}
		var text []byte
		for _, id := range d.Text {
			text = append(text, vocabulary[tokenIndex(id)]...)
		}
		parts = append(parts, Part{op, string(text)})
	}
	return slideSpace(joinChanges(parts))
}

// slideSpace moves a whitespace run from the start of a lone addition or
// removal to its end, when the kept text after it starts with the same run:
// "days of[- the-] adoption" reads better as "days of [-the -]adoption".
func slideSpace(parts []Part) []Part {
	for i := 1; i+1 < len(parts); i++ {
		prev, change, next := &parts[i-1], &parts[i], &parts[i+1]
		if prev.Op != Kept || next.Op != Kept {
			continue
		}
		space := leadingSpace(change.Text)
		if space == "" || space == change.Text || leadingSpace(next.Text) != space {
			continue
		}
		prev.Text += space
		change.Text = change.Text[len(space):] + space
		next.Text = next.Text[len(space):]
		if next.Text == "" {
			parts = slices.Delete(parts, i+1, i+2)
		}
	}
	return parts
}

// leadingSpace returns the run of whitespace that s starts with.
func leadingSpace(s string) string {
	return s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
}

// tokenRune maps the i-th distinct token to a rune, skipping the surrogates
// U+D800–U+DFFF, which do not survive a trip through a Go string.
func tokenRune(i int) rune {
	if i >= 0xD800 {
		return rune(i + 0x800)
	}
	return rune(i)
}

func tokenIndex(r rune) int {
	if r >= 0xE000 {
		return int(r) - 0x800
	}
	return int(r)
}

// joinChanges merges runs of changes, and the whitespace kept between them,
// into one Removed part followed by one Added part.
func joinChanges(parts []Part) []Part {
	var out []Part
	for i := 0; i < len(parts); {
		if parts[i].Op == Kept {
			out = appendPart(out, Kept, parts[i].Text)
			i++
			continue
		}
		var removed, added []byte
		for ; i < len(parts); i++ {
			p := parts[i]
			if p.Op == Kept {
				if !isSpaceOnly(p.Text) || i+1 == len(parts) || parts[i+1].Op == Kept {
					break
				}
				removed = append(removed, p.Text...)
				added = append(added, p.Text...)
				continue
			}
			if p.Op == Removed {
				removed = append(removed, p.Text...)
			} else {
				added = append(added, p.Text...)
			}
		}
		out = appendPart(out, Removed, string(removed))
		out = appendPart(out, Added, string(added))
	}
	return out
}

// appendPart appends a non-empty text, merging it with a last part of the same Op.
func appendPart(parts []Part, op Op, text string) []Part {
	if text == "" {
		return parts
	}
	if n := len(parts); n > 0 && parts[n-1].Op == op {
		parts[n-1].Text += text
		return parts
	}
	return append(parts, Part{op, text})
}

func isSpaceOnly(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return s != ""
}

type tokenClass int

const (
	classOther tokenClass = iota
	classWord
	classSpace
)

func classOf(r rune, size int) tokenClass {
	switch {
	case r == utf8.RuneError && size <= 1:
		return classOther
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return classWord
	case unicode.IsSpace(r):
		return classSpace
	}
	return classOther
}

// tokens cuts s into words, whitespace runs and single other characters;
// their concatenation is s.
func tokens(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		class := classOf(r, size)
		j := i + size
		if class != classOther {
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if classOf(r, size) != class {
					break
				}
				j += size
			}
		}
		toks = append(toks, s[i:j])
		i = j
	}
	return toks
}
