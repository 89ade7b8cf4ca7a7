package draft

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tagalog is a text of the length of a short statement in a language the
// archive seldom holds (written for this test).
const tagalog = `1. Ang mga bansa ay nagkasundo na magtulungan para sa kapayapaan at seguridad ng buong rehiyon.
2. Nagpulong ang mga ministro sa lungsod upang talakayin ang mga hakbang laban sa mga banta sa kalawakan.
3. Patuloy naming susuportahan ang mga mamamayan na nasalanta ng bagyo at baha sa mga nakaraang linggo.
4. Magkikita muli ang konseho sa susunod na taon upang suriin ang pag-unlad ng mga kasunduang ito.
5. Nananawagan kami sa lahat ng panig na igalang ang mga karapatang pantao at ang batas ng mga bansa.
`

// A part's language comes with a CHECK whenever the identification is not
// sure, and a short English text of short words and names, which the
// identifier once took for Tagalog without a word, is read as English.
func TestLanguageIdentificationSaysWhenUnsure(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "short-en-names.txt"))
	if err != nil {
		t.Fatal(err)
	}
	short := string(data)
	tests := []struct {
		name      string
		text      string
		wantLang  string
		wantCheck string // a phrase of the language's CHECK; "" for none
	}{
		{"short English of short words and names", short, "en",
			"the identifier's first guess was Filipino (tl, confidence"},
		{"one line of English with many names", "1. Manila, Batangas and Laguna: talks at a gala on aid, trade and a plan.\n", "en",
			"change [en] below and the en: keys of the front matter to tl"},
		{"English, long enough to be sure", "1. " + english, "en", ""},
		{"English, short and close", "1. Peace talks resume in Oslo.\n", "en",
			"language identified as English (en) with a low margin (confidence 0.80 of 1)"},
		{"a language the archive seldom holds, long and sure",
			tagalog, "tl", "identified as Filipino (tl), which the archive seldom holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Read([]Input{{Name: "part.txt", Text: []byte(tt.text)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Sections[0].Lang; got != tt.wantLang {
				t.Errorf("language %q, want %q", got, tt.wantLang)
			}
			langChecks := append(checksWith(st, "language identified"), checksWith(st, "language taken")...)
			switch {
			case tt.wantCheck == "" && len(langChecks) > 0:
				t.Errorf("got language checks %q, want none", langChecks)
			case tt.wantCheck != "" && len(checksWith(st, tt.wantCheck)) != 1:
				t.Errorf("got checks %q, want one saying %q", st.Checks, tt.wantCheck)
			}
			if tt.wantCheck != "" && !strings.Contains(string(st.Format()), "# CHECK: [") {
				t.Errorf("the draft lacks the CHECK line:\n%s", st.Format())
			}
		})
	}
}
