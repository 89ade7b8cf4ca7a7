package statement

import (
	"strconv"
	"unicode/utf8"
)

// DisplayName renders a file name, a path or any other untrusted text of one
// line for a message: to a terminal, a log, or a comment line of a drafted
// file. A name whose characters are all printable (letters, marks, numbers,
// punctuation, symbols and the ASCII space) is returned as it is, so that
// ordinary names read as the user typed them; any other is returned in
// double quotes with Go's escapes (strconv.Quote). No control character
// (ESC, which drives a terminal; CR, which overwrites a line), line break
// (LF, NEL, U+2028), bidirectional override (U+202E) or invalid UTF-8 in a
// name then reaches the reader's terminal or starts a line of its own.
func DisplayName(s string) string {
	for i, r := range s {
		if !strconv.IsPrint(r) || r == utf8.RuneError && isInvalidAt(s, i) {
			return strconv.Quote(s)
		}
	}
	return s
}

// isInvalidAt reports whether s holds an invalid UTF-8 sequence at byte i,
// rather than a literal U+FFFD.
func isInvalidAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 1
}
