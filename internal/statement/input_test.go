package statement

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Line breaks of every system read alike, and problems name the line the
// user sees in an editor whatever the file's line endings.
func TestParseLineEndings(t *testing.T) {
	lf := header + "[en]\n1. One\nwrapped.\n2. Two.\n[fr]\n1. Un.\n2. Deux.\n"
	want := []Paragraph{
		{Key: 1, Text: map[string]string{"en": "One wrapped.", "fr": "Un."}},
		{Key: 2, Text: map[string]string{"en": "Two.", "fr": "Deux."}},
	}
	tests := []struct {
		name string
		text string
	}{
		{"LF", lf},
		{"CRLF", strings.ReplaceAll(lf, "\n", "\r\n")},
		{"CR alone (old Mac)", strings.ReplaceAll(lf, "\n", "\r")},
		{"mixed", strings.Replace(strings.Replace(lf, "\n", "\r", 3), "\n", "\r\n", 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := mustParse(t, "s.txt", tt.text)
			if st.Title["en"] != "A title" || st.Issuer != "North Atlantic Council" {
				t.Errorf("front matter read as title %q, issuer %q; want the header's", st.Title["en"], st.Issuer)
			}
			if !reflect.DeepEqual(st.Paragraphs, want) {
				t.Errorf("Paragraphs = %+v, want %+v", st.Paragraphs, want)
			}
		})
	}

	problems := []struct {
		name string
		text string
		want string
	}{
		{"CR alone, bad date on line 3", "---\rtitle: {en: T}\rdate: 2024-02-30\r---\r[en]\r1. One.\r", "s.txt:3: date"},
		{"CR alone, empty section on line 8", header + "[en]\r1. One.\r[fr]\r", "s.txt:8: empty [fr] section"},
		{"CR alone, bad UTF-8 on line 7", strings.ReplaceAll(header, "\n", "\r") + "[en]\r1. S\xe9.\r", "s.txt:7:5: not UTF-8 text"},
		{"CRLF, control character on line 7", strings.ReplaceAll(header+"[en]\n1. A\x1bb.\n", "\n", "\r\n"), "s.txt:7:5: control character U+001B"},
	}
	for _, tt := range problems {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s.txt", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want %q", err, tt.want)
			}
		})
	}
}

// Control characters anywhere in a file, dates outside the archive's range
// and paragraphs over MaxParagraphBytes are each refused with the line and
// what to do.
func TestParseRefusesOutOfRangeInput(t *testing.T) {
	long := strings.Repeat("word ", MaxParagraphBytes/5+1)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"escape in text", header + "[en]\n1. Red \x1b[31malert.\n", []string{"7:8: control character U+001B"}},
		{"NUL in the title", "---\ntitle: {en: \"A\x00\"}\ndate: 2024-07-10\n---\n[en]\n1. One.\n", []string{"1: front matter is not valid YAML", "2:15: control character U+0000"}},
		{"DEL", header + "[en]\n1. One\x7f.\n", []string{"7: control character U+007F"}},
		{"C1 control", header + "[en]\n1. One\u0085two.\n", []string{"7: control character U+0085"}},
		{"several counted", header + "[en]\n1. \x07One\x07.\n2. \x08Two.\n", []string{"7:4: control character U+0007 (and 2 more in the file)"}},
		{"form feed", header + "[en]\n1. One.\n\f\n2. Two.\n", []string{"8:1: control character U+000C"}},
		{"date in year 1", "---\ntitle: {en: T}\ndate: 0001-01-01\n---\n[en]\n1. One.\n", []string{"3: date 0001-01-01 is outside the range of dates the archive holds (1800-01-01 to 2199-12-31)"}},
		{"date in year 1000", "---\ntitle: {en: T}\ndate: 1000-01-01\n---\n[en]\n1. One.\n", []string{"3: date 1000-01-01 is outside"}},
		{"date the day before the range", "---\ntitle: {en: T}\ndate: 1799-12-31\n---\n[en]\n1. One.\n", []string{"3: date 1799-12-31 is outside"}},
		{"date the day after the range", "---\ntitle: {en: T}\ndate: 2200-01-01\n---\n[en]\n1. One.\n", []string{"3: date 2200-01-01 is outside"}},
		{"date in year 9999", "---\ntitle: {en: T}\ndate: 9999-12-31\n---\n[en]\n1. One.\n", []string{"3: date 9999-12-31 is outside"}},
		{"paragraph over the limit", header + "[en]\n1. One.\n2. " + long + "\n", []string{fmt.Sprintf("8: paragraph 2 in the [en] section is %d bytes long, over the %d-byte limit", len("word ")*(MaxParagraphBytes/5+1)-1, MaxParagraphBytes)}},
		{"wrapped lines joined over the limit", header + "[en]\n" + strings.Repeat("wrapped line of text\n", MaxParagraphBytes/20), []string{"7: paragraph 1 in the [en] section"}},
		{"split paragraph joined over the limit", header + "[en]\n1. " + long[:MaxParagraphBytes*5/8] + "\n\n1. " + long[:MaxParagraphBytes*5/8] + "\n", []string{"7: paragraph 1 in the [en] section is"}},
		{"raw paragraph over the limit", "1. " + strings.Repeat("The Alliance is determined to defend every Ally. ", MaxParagraphBytes/40) + "\n", []string{"1: paragraph 1 in the [en] section"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s.txt", []byte(tt.text))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse = %v, want Problems", err)
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(tt.want), err)
			}
			for i, p := range ps {
				if !strings.Contains(p.Error(), tt.want[i]) {
					t.Errorf("problem %d = %q, want it to contain %q", i, p.Error(), tt.want[i])
				}
			}
		})
	}
}

// What is just inside each limit is accepted as it is.
func TestParseAcceptsEdgesOfRange(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // the English text of paragraph 1
	}{
		{"first day of the range", "---\ntitle: {en: T}\ndate: 1800-01-01\n---\n[en]\n1. One.\n", "One."},
		{"last day of the range", "---\ntitle: {en: T}\ndate: 2199-12-31\n---\n[en]\n1. One.\n", "One."},
		{"bidi marks and overrides kept", header + "[en]\n1. A\u200fb\u202ec\u202c\u2066d\u2069.\n", "A\u200fb\u202ec\u202c\u2066d\u2069."},
		{"tabs kept inside a line", header + "[en]\n1. a\tb\n", "a\tb"},
		{"paragraph of exactly the limit", header + "[en]\n1. " + strings.Repeat("x", MaxParagraphBytes) + "\n", strings.Repeat("x", MaxParagraphBytes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := mustParse(t, "s.txt", tt.text)
			if got := st.Paragraphs[0].Text["en"]; got != tt.want {
				t.Errorf("paragraph 1 = %.60q, want %.60q", got, tt.want)
			}
		})
	}
}

func TestIsControl(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want bool
	}{
		{"NUL", 0, true},
		{"escape", 0x1b, true},
		{"unit separator", 0x1f, true},
		{"DEL", 0x7f, true},
		{"first C1", 0x80, true},
		{"last C1", 0x9f, true},
		{"tab", '\t', false},
		{"LF", '\n', false},
		{"CR", '\r', false},
		{"space", ' ', false},
		{"no-break space", 0xa0, false},
		{"right-to-left override", 0x202e, false},
		{"byte-order mark", 0xfeff, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsControl(tt.r); got != tt.want {
				t.Errorf("IsControl(%U) = %v, want %v", tt.r, got, tt.want)
			}
		})
	}
}
