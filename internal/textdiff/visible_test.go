package textdiff

import "testing"

func TestVisible(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"plain text unchanged", "The Council adopted it.", "The Council adopted it."},
		{"single inner spaces stay", "a b c", "a b c"},
		{"leading and trailing spaces", " a ", "·a·"},
		{"a space alone", " ", "·"},
		{"double space", "a  b", "a··b"},
		{"no-break space", "5\u00a0%", "5<U+00A0>%"},
		{"narrow no-break space", "«\u202fOui\u202f»", "«<U+202F>Oui<U+202F>»"},
		{"thin and ideographic spaces", "a\u2009b\u3000c", "a<U+2009>b<U+3000>c"},
		{"tab and line breaks", "a\tb\r\nc", "a<U+0009>b<U+000D><U+000A>c"},
		{"line separator", "a\u2028b", "a<U+2028>b"},
		{"zero-width space", "cyber\u200bsecurity", "cyber<U+200B>security"},
		{"joiners and word joiner", "a\u200cb\u200dc\u2060d", "a<U+200C>b<U+200D>c<U+2060>d"},
		{"byte order mark", "\ufeffText", "<U+FEFF>Text"},
		{"bidi override", "abc\u202edef\u202c", "abc<U+202E>def<U+202C>"},
		{"bidi isolate and mark", "\u2067x\u2069\u200f", "<U+2067>x<U+2069><U+200F>"},
		{"escape sequence", "\x1b[2J", "<U+001B>[2J"},
		{"NUL and DEL", "a\x00b\x7f", "a<U+0000>b<U+007F>"},
		{"C1 control", "a\u0085b", "a<U+0085>b"},
		{"composed letter stays", "café", "café"},
		{"combining mark after its base", "cafe\u0301", "cafe<U+0301>"},
		{"Greek with accents", "Ένωση", "Ένωση"},
		{"Russian", "Совет", "Совет"},
		{"middle dot is escaped", "l·l", "l<U+00B7>l"},
		{"byte that is not UTF-8", "a\xffb", "a<0xFF>b"},
		{"Hangul filler", "a\u3164b", "a<U+3164>b"},
		{"private use", "a\ue000b", "a<U+E000>b"},
		{"variation selector", "\u2764\ufe0f", "\u2764<U+FE0F>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Visible(tt.in); got != tt.want {
				t.Errorf("Visible(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestVisibleInContext(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"edge spaces stay beside a marker", " sat on ", " sat on "},
		{"double space still shown", "a  b ", "a··b "},
		{"no-break space still shown", "\u00a0x", "<U+00A0>x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := visible(tt.in, false); got != tt.want {
				t.Errorf("visible(%q, false): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
