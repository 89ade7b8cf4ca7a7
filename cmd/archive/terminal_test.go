package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileNames are file and folder names that would drive a terminal or
// forge a line of a report if printed as they are.
var hostileNames = []string{
	"x\x1b[2Jy",        // clears the screen
	"a\x1b]0;t\a",      // sets the window title
	"b\nforged: line",  // a second message line
	"c\roverwritten",   // returns to the line's start
	"d\u202eevil",      // reverses the text after it
	"e\u0085next line", // NEL, a line break to YAML and some terminals
}

// assertTerminalSafe fails when text holds a character that acts on a
// terminal instead of showing, other than the line feeds between messages,
// or a line that starts as the forged one would.
func assertTerminalSafe(t *testing.T, what, text string) {
	t.Helper()
	for _, r := range text {
		if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f) || bidiControl(r) || r == '\u2028' || r == '\u2029' {
			t.Errorf("%s holds %U:\n%q", what, r, text)
			return
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "forged") {
			t.Errorf("%s has a line forged by a file name:\n%s", what, text)
			return
		}
	}
}

// writeHostile writes text under each hostile name (as name+".txt") and,
// so that a statement that parses is reported under a hostile path too,
// a valid statement file in a folder of each hostile name.
func writeHostile(t *testing.T, dir, text string, inFolder map[string]string) {
	t.Helper()
	for _, n := range hostileNames {
		if err := os.WriteFile(filepath.Join(dir, n+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for file, data := range inFolder {
			sub := filepath.Join(dir, n)
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sub, file), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Names of files and folders reach the terminal from check, ingest and
// import only as statement.DisplayName renders them, and what main prints
// of an error last cannot act on the terminal either.
func TestUntrustedNamesReachTerminalEscaped(t *testing.T) {
	shifted, err := os.ReadFile(filepath.Join("..", "..", "internal", "align", "testdata", "shifted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	broken := "---\ntitle: {en: T}\ndate: 2024-07-10\n---\n[en]\n1. One.\n3. Three.\n2. Two.\n"
	dir := t.TempDir()
	writeHostile(t, dir, broken, map[string]string{"shifted.txt": string(shifted)})
	press, err := os.ReadFile(filepath.Join(importFixtures, "press-statement.txt"))
	if err != nil {
		t.Fatal(err)
	}
	importDir := t.TempDir()
	writeHostile(t, importDir, string(press), nil)

	type run struct {
		name string
		args []string
	}
	runs := []run{
		{"check", []string{"check", dir}},
		{"check of each file", append([]string{"check"}, joinAll(dir, hostileNames, ".txt")...)},
		{"check of a missing file", []string{"check", filepath.Join(dir, "missing\x1b[2J.txt")}},
		{"ingest", []string{"ingest", "-index", filepath.Join(t.TempDir(), "idx\x1b]0;t\a"), dir}},
		{"import", append([]string{"import"}, joinAll(importDir, hostileNames[:1], ".txt")...)},
		{"import with -o", []string{"import", "-o", filepath.Join(t.TempDir(), "\x1b[2J", "2022-03-03-storm.txt"), filepath.Join(importDir, hostileNames[2]+".txt")}},
		{"import of a missing file", []string{"import", filepath.Join(importDir, "gone\nforged: line.txt")}},
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			out, errOut, err := runArchive(t, nil, r.args...)
			assertTerminalSafe(t, "stdout", out)
			assertTerminalSafe(t, "stderr", errOut)
			if err != nil {
				assertTerminalSafe(t, "the error as main prints it", errorText(err))
			}
			if err == nil && !strings.HasPrefix(r.name, "import") {
				t.Errorf("archive %s succeeded, want the problems reported", r.name)
			}
		})
	}
}

// An error built elsewhere (a library's, holding a path) is made safe at
// main's final print, its lines after the first indented.
func TestErrorTextNeutralisesControlCharacters(t *testing.T) {
	tests := []struct {
		name, err, want string
	}{
		{"plain", "cannot open idx: permission denied", "cannot open idx: permission denied"},
		{"escape sequences", "cannot open x\x1b[2Jy\x1b]0;t\a: no", "cannot open x␛[2Jy␛]0;t␇: no"},
		{"forged line", "cannot open a\narchive: all is well", "cannot open a\n  archive: all is well"},
		{"carriage return", "bad\rgood", "bad␍good"},
		{"bidi override", "file d\u202eevil", "file d<U+202E>evil"},
		{"C1 control", "a\u009bb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorText(errors.New(tt.err)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func joinAll(dir string, names []string, ext string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(dir, n+ext)
	}
	return out
}
