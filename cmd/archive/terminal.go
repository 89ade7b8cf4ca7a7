package main

import (
	"fmt"
	"strings"

	"statementarchive/internal/statement"
)

// Everything the archive's commands print that they did not write
// themselves — file names and paths, statement texts and titles, queries,
// messages that embed them — goes through one of these, so that none of
// it can drive the reader's terminal (ESC sequences clear the screen or
// retitle the window), overwrite a line (CR), forge a line of the report
// (LF) or reverse the text after it (U+202E).
//
//   - displayName, for a name or path in a message: as it is when printable,
//     else quoted with Go's escapes (statement.DisplayName).
//   - terminalSafe, for text shown as text (a paragraph, a title): its line
//     breaks and tabs kept, other controls shown as visible stand-ins.
//   - messageText, for a message built elsewhere, and errorText, for an
//     error main prints last: terminalSafe, with every line after the first
//     indented, so that no line of it can pass for a message of its own.

// displayName renders a file name or path for a message; see
// statement.DisplayName.
func displayName(s string) string { return statement.DisplayName(s) }

// displayNames renders names for a message, comma-separated.
func displayNames(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = displayName(n)
	}
	return strings.Join(out, ", ")
}

// terminalSafe replaces the control characters in statement text with
// visible stand-ins, so that text in an index (one built before ingest
// refused them, say) cannot move the cursor, clear the screen or retitle
// the terminal: a C0 control or DEL becomes its Control Pictures symbol
// (ESC shows as ␛), a C1 control U+FFFD, and a bidirectional embedding,
// override or isolate (U+202A–U+202E, U+2066–U+2069), which would reorder
// the rest of the line on a terminal that applies them, its escape in
// brackets ("<U+202E>"). Line breaks within a paragraph (LF) and tabs are
// kept; CR, which can overwrite a line, is replaced too.
func terminalSafe(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('\u2421')
		case statement.IsControl(r):
			b.WriteRune('\uFFFD')
		case bidiControl(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bidiControl reports whether r is a bidirectional embedding, override or
// isolate: a character that reorders the text after it.
func bidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// errorText is an error as main prints it: terminalSafe, each line after
// the first indented by two spaces. The messages are quoted where they
// name files already; this is the last guard for a message built elsewhere
// (a library's error holding a path).
func errorText(err error) string { return messageText(err.Error()) }

// messageText is a message made safe for a terminal: terminalSafe, each
// line after the first indented by two spaces. Ingest and check print each
// problem with it; the path is quoted already (statement.Problem), but the
// message may name another file (the one that took a statement's ID).
func messageText(s string) string {
	return strings.ReplaceAll(terminalSafe(s), "\n", "\n  ")
}
