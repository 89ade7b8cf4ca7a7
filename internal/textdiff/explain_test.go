package textdiff

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

const longParagraph = "The Member States reaffirm their commitment to an open, free, stable and secure cyberspace, " +
	"in which human rights, fundamental freedoms and the rule of law fully apply, and they will publish " +
	"their national assessments within thirty days of the adoption of this declaration by the Council, " +
	"in full cooperation with the relevant agencies and with due regard to the confidentiality of sources."

func TestExplain(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		width    int
		want     string
	}{
		{
			// The old message printed the first 60 characters of each text,
			// which were the same; the change must be shown, with context.
			"change deep in a long paragraph",
			longParagraph, strings.Replace(longParagraph, "thirty", "sixty", 1), 30,
			"…national assessments within [-thirty-]{+sixty+} days of the adoption of this…",
		},
		{
			"no context", longParagraph, strings.Replace(longParagraph, "thirty", "sixty", 1), 0,
			"…[-thirty-]{+sixty+}…",
		},
		{
			"two changes far apart",
			longParagraph, strings.NewReplacer("open", "opened", "sources", "information").Replace(longParagraph), 20,
			"…commitment to an [-open-]{+opened+}, free, stable and … confidentiality of [-sources-]{+information+}.",
		},
		{
			"two changes close together", "within thirty days of the adoption", "within sixty days of adoption", 30,
			"within [-thirty-]{+sixty+} days of [-the·-]adoption",
		},
		{"word added", "within thirty days", "within thirty calendar days", 30, "within thirty {+calendar·+}days"},
		{"word removed", "within thirty calendar days", "within thirty days", 30, "within thirty [-calendar·-]days"},
		{"word replaced", "within thirty days", "within sixty days", 30, "within [-thirty-]{+sixty+} days"},
		{"punctuation", "peace and security.", "peace and security!", 30, "peace and security[-.-]{+!+}"},
		{
			"double space", "the  Council", "the Council", 30,
			"only whitespace differs: the[-··-]{+·+}Council",
		},
		{
			"line break", "the\nCouncil", "the Council", 30,
			"only whitespace differs: the[-<U+000A>-]{+·+}Council",
		},
		{
			"no-break space", "Article 5\u00a0: les États", "Article 5 : les États", 30,
			"only whitespace differs: Article 5[-<U+00A0>-]{+·+}: les États",
		},
		{
			"NFC and NFD", "Le café est prêt.", "Le cafe\u0301 est pre\u0302t.", 30,
			"the same letters in another Unicode normalisation (NFC ↔ NFD): Le [-café-]{+cafe<U+0301>+} est [-prêt-]{+pre<U+0302>t+}.",
		},
		{
			"zero-width space inserted", "cybersecurity policy", "cyber\u200bsecurity policy", 30,
			"only invisible characters differ (zero-width, format or bidi): [-cybersecurity-]{+cyber<U+200B>security+} policy",
		},
		{"identical", longParagraph, longParagraph, 30, "no difference"},
		{"both empty", "", "", 30, "no difference"},
		{"empty old", "", "A new paragraph.", 30, "{+A new paragraph.+}"},
		{"empty new", "An old paragraph.", "", 30, "[-An old paragraph.-]"},
		{"space added at the end", "The end.", "The end. ", 30, "only whitespace differs: The end.{+·+}"},
		{
			"French accents", "Les États membres coopèrent pleinement.", "Les États membres coopéreront pleinement.", 30,
			"Les États membres [-coopèrent-]{+coopéreront+} pleinement.",
		},
		{
			"Greek", "Η Ευρωπαϊκή Ένωση στηρίζει την ειρήνη.", "Η Ευρωπαϊκή Ένωση υποστηρίζει την ειρήνη.", 10,
			"…Ένωση [-στηρίζει-]{+υποστηρίζει+} την…",
		},
		{
			"Russian", "Европейский союз осуждает нападение на Украину.", "Европейский союз решительно осуждает нападение на Украину.", 12,
			"…союз {+решительно·+}осуждает…",
		},
		{
			"a long word is cut inside", "x https://example.org/a/very/long/path/to/a/document.html changed", "x https://example.org/a/very/long/path/to/a/document.html altered", 10,
			"…ment.html [-changed-]{+altered+}",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Explain(tt.old, tt.new, tt.width)
			if got != tt.want {
				t.Errorf("Explain(%q, %q, %d)\ngot  %q\nwant %q", tt.old, tt.new, tt.width, got, tt.want)
			}
			checkTerminalSafe(t, got)
		})
	}
}

func TestExplainHostile(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{
			"escape sequences", "Red alert.", "\x1b[31mRed\x1b[0m alert.\x1b]0;title\x07",
			"[-Red-]{+<U+001B>[31mRed<U+001B>[0m+} alert.{+<U+001B>]0;title<U+0007>+}",
		},
		{
			"right-to-left override", "invoice.txt", "invoice\u202etxt.exe",
			"invoice[-.-]{+<U+202E>+}txt{+.exe+}",
		},
		{
			"override in kept text", "abc\u202edef ghi", "abc\u202edef jkl",
			"abc<U+202E>def [-ghi-]{+jkl+}",
		},
		{"NUL", "a b", "a\x00b", "a[-·-]{+<U+0000>+}b"},
		{"invalid UTF-8", "a b", "a \xff\xfe", "a [-b-]{+<0xFF><0xFE>+}"},
		{"carriage return hiding text", "safe", "evil\rsafe", "{+evil<U+000D>+}safe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Explain(tt.old, tt.new, 30)
			if got != tt.want {
				t.Errorf("Explain(%q, %q)\ngot  %q\nwant %q", tt.old, tt.new, got, tt.want)
			}
			checkTerminalSafe(t, got)
		})
	}
}

// checkTerminalSafe fails if s holds anything a terminal would obey or that
// would reorder or hide what follows.
func checkTerminalSafe(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("output is not valid UTF-8: %q", s)
	}
	for _, r := range s {
		if r != ' ' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) || !unicode.IsGraphic(r)) {
			t.Errorf("output holds %U: %q", r, s)
		}
	}
}
