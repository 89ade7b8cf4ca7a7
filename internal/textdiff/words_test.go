package textdiff

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestOpString(t *testing.T) {
	tests := []struct {
		name string
		op   Op
		want string
	}{
		{"kept", Kept, "kept"},
		{"removed", Removed, "removed"},
		{"added", Added, "added"},
		{"unknown", Op(7), "Op(7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.op.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Part
	}{
		{"identical", "The same.", "The same.", []Part{{Kept, "The same."}}},
		{"both empty", "", "", nil},
		{"empty old", "", "New text.", []Part{{Added, "New text."}}},
		{"empty new", "Old text.", "", []Part{{Removed, "Old text."}}},
		{
			"word added", "within thirty days", "within thirty calendar days",
			[]Part{{Kept, "within thirty "}, {Added, "calendar "}, {Kept, "days"}},
		},
		{
			"word removed", "within thirty calendar days", "within thirty days",
			[]Part{{Kept, "within thirty "}, {Removed, "calendar "}, {Kept, "days"}},
		},
		{
			"word replaced", "within thirty days", "within sixty days",
			[]Part{{Kept, "within "}, {Removed, "thirty"}, {Added, "sixty"}, {Kept, " days"}},
		},
		{
			"whole words, not letters", "the statement", "the statements",
			[]Part{{Kept, "the "}, {Removed, "statement"}, {Added, "statements"}},
		},
		{
			"punctuation", "peace, security and rights.", "peace; security and rights!",
			[]Part{{Kept, "peace"}, {Removed, ","}, {Added, ";"}, {Kept, " security and rights"}, {Removed, "."}, {Added, "!"}},
		},
		{
			"space between changes joins them", "the cat sat", "a dog sat",
			[]Part{{Removed, "the cat"}, {Added, "a dog"}, {Kept, " sat"}},
		},
		{
			"punctuation between changes stays kept", "Hello, world", "Hi, there",
			[]Part{{Removed, "Hello"}, {Added, "Hi"}, {Kept, ", "}, {Removed, "world"}, {Added, "there"}},
		},
		{
			"double space to single", "the  Council", "the Council",
			[]Part{{Kept, "the"}, {Removed, "  "}, {Added, " "}, {Kept, "Council"}},
		},
		{
			"no-break space to space", "Article 5\u00a0: text", "Article 5 : text",
			[]Part{{Kept, "Article 5"}, {Removed, "\u00a0"}, {Added, " "}, {Kept, ": text"}},
		},
		{
			"NFC to NFD", "le café noir", "le cafe\u0301 noir",
			[]Part{{Kept, "le "}, {Removed, "café"}, {Added, "cafe\u0301"}, {Kept, " noir"}},
		},
		{
			"zero-width space inserted", "cyber security", "cyber secu\u200brity",
			[]Part{{Kept, "cyber "}, {Removed, "security"}, {Added, "secu\u200brity"}},
		},
		{
			"French accents", "Les États membres coopèrent.", "Les États membres coopéreront.",
			[]Part{{Kept, "Les États membres "}, {Removed, "coopèrent"}, {Added, "coopéreront"}, {Kept, "."}},
		},
		{
			"Greek", "Η Ένωση στηρίζει την ειρήνη.", "Η Ένωση υποστηρίζει την ειρήνη.",
			[]Part{{Kept, "Η Ένωση "}, {Removed, "στηρίζει"}, {Added, "υποστηρίζει"}, {Kept, " την ειρήνη."}},
		},
		{
			"Russian", "Совет принял заявление сегодня.", "Совет принял новое заявление сегодня.",
			[]Part{{Kept, "Совет принял "}, {Added, "новое "}, {Kept, "заявление сегодня."}},
		},
		{
			"bytes that are not UTF-8 kept as they are", "a\xff b", "a\xfe b",
			[]Part{{Kept, "a"}, {Removed, "\xff"}, {Added, "\xfe"}, {Kept, " b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q, %q)\ngot  %q\nwant %q", tt.old, tt.new, got, tt.want)
			}
			checkParts(t, tt.old, tt.new, got)
		})
	}
}

// checkParts checks what every result of Words promises: the parts rebuild
// both texts, none is empty, and no two neighbours share an Op.
func checkParts(t *testing.T, old, new string, parts []Part) {
	t.Helper()
	var gotOld, gotNew strings.Builder
	for i, p := range parts {
		if p.Text == "" {
			t.Errorf("part %d is empty: %q", i, parts)
		}
		if i > 0 && parts[i-1].Op == p.Op {
			t.Errorf("parts %d and %d are both %s: %q", i-1, i, p.Op, parts)
		}
		if p.Op != Added {
			gotOld.WriteString(p.Text)
		}
		if p.Op != Removed {
			gotNew.WriteString(p.Text)
		}
	}
	if gotOld.String() != old {
		t.Errorf("kept+removed: got %q, want old %q", gotOld.String(), old)
	}
	if gotNew.String() != new {
		t.Errorf("kept+added: got %q, want new %q", gotNew.String(), new)
	}
}

func TestWordsManyDistinctTokens(t *testing.T) {
	// More distinct words than there are runes below the surrogates, so that
	// tokens are also mapped above them; a token mapped to a surrogate would
	// come back from the diff as U+FFFD and rebuild the wrong text.
	const n = 0xD800 + 2000
	words := make([]string, n)
	for i := range words {
		words[i] = "w" + strings.Repeat("x", i%7) + itoa36(i)
	}
	old := strings.Join(words, " ")
	words[n-10] = "changed"
	new := strings.Join(words, " ")

	got := Words(old, new)
	checkParts(t, old, new, got)
	want := []Part{{Removed, "w" + strings.Repeat("x", (n-10)%7) + itoa36(n-10)}, {Added, "changed"}}
	if len(got) != 4 || !reflect.DeepEqual(got[1:3], want) {
		t.Errorf("got %d parts with change %q, want 4 parts with change %q", len(got), got[1:min(3, len(got))], want)
	}
}

func itoa36(i int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	s := ""
	for {
		s = string(digits[i%36]) + s
		i /= 36
		if i == 0 {
			return s
		}
	}
}

func TestWordsTooManyTokens(t *testing.T) {
	tests := []struct {
		name      string
		old, new  string
		maxTokens int
		want      []Part
	}{
		{
			"over the limit: whole texts", "a b c", "a b d", 4,
			[]Part{{Removed, "a b c"}, {Added, "a b d"}},
		},
		{
			"at the limit: word by word", "a b c", "a b d", 6,
			[]Part{{Kept, "a b "}, {Removed, "c"}, {Added, "d"}},
		},
		{
			"equal texts need no tokens", "a b c", "a b c", 1,
			[]Part{{Kept, "a b c"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := words(tt.old, tt.new, tt.maxTokens)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTokenRune(t *testing.T) {
	tests := []struct {
		name  string
		index int
		want  rune
	}{
		{"first", 0, 0},
		{"last below surrogates", 0xD7FF, 0xD7FF},
		{"first above surrogates", 0xD800, 0xE000},
		{"last", MaxTokens - 1, utf8.MaxRune},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokenRune(tt.index)
			if got != tt.want {
				t.Errorf("tokenRune(%#x): got %#x, want %#x", tt.index, got, tt.want)
			}
			if !utf8.ValidRune(got) {
				t.Errorf("tokenRune(%#x) = %#x is not a valid rune", tt.index, got)
			}
			if back := tokenIndex(got); back != tt.index {
				t.Errorf("tokenIndex(%#x): got %#x, want %#x", got, back, tt.index)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"words and spaces", "two  words", []string{"two", "  ", "words"}},
		{"punctuation alone", "(a),b.", []string{"(", "a", ")", ",", "b", "."}},
		{"combining mark stays in its word", "cafe\u0301 ok", []string{"cafe\u0301", " ", "ok"}},
		{"mixed spaces are one run", "a \u00a0\tb", []string{"a", " \u00a0\t", "b"}},
		{"format character splits a word", "ab\u200bc", []string{"ab", "\u200b", "c"}},
		{"invalid bytes one by one", "a\xff\xfe", []string{"a", "\xff", "\xfe"}},
		{"digits are words", "Article 12a", []string{"Article", " ", "12a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tokens(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWordsSlideSpace(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Part
	}{
		{
			"removed word ends with its space", "within thirty days of the adoption", "within sixty days of adoption",
			[]Part{{Kept, "within "}, {Removed, "thirty"}, {Added, "sixty"}, {Kept, " days of "}, {Removed, "the "}, {Kept, "adoption"}},
		},
		{
			"added word ends with its space", "within sixty days of adoption", "within thirty days of the adoption",
			[]Part{{Kept, "within "}, {Removed, "sixty"}, {Added, "thirty"}, {Kept, " days of "}, {Added, "the "}, {Kept, "adoption"}},
		},
		{
			"other whitespace does not slide", "a b", "a\u00a0x b",
			[]Part{{Kept, "a"}, {Added, "\u00a0x"}, {Kept, " b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			checkParts(t, tt.old, tt.new, got)
		})
	}
}
