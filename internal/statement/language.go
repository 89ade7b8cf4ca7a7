package statement

import (
	"fmt"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// ValidLanguage reports whether code is a known two-letter ISO 639-1 language
// code in lower case, such as "en" or "fr".
func ValidLanguage(code string) bool {
	if len(code) != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' {
		return false
	}
	base, err := language.ParseBase(code)
	return err == nil && base.String() == code
}

// LanguageName returns the name of the language in that language ("français"
// for "fr"), falling back to its English name, then to the code itself.
func LanguageName(code string) string {
	base, err := language.ParseBase(code)
	if err != nil {
		return code
	}
	if name := display.Self.Name(base); name != "" {
		return name
	}
	if name := display.English.Languages().Name(base); name != "" {
		return name
	}
	return code
}

// LanguageEnglishName returns the language's name in English ("French"
// for "fr"), for running English text, falling back to the code.
func LanguageEnglishName(code string) string {
	base, err := language.ParseBase(code)
	if err != nil {
		return code
	}
	if name := display.English.Languages().Name(base); name != "" {
		return name
	}
	return code
}

// minDetectConfidence is the confidence below which an identified language is
// not trusted. A statement section is long; real ones score near 1.
const minDetectConfidence = 0.5

// detectSample is how many bytes of a section are used to identify its language.
const detectSample = 4 << 10

// DetectLanguage identifies the language of a section of text and returns its
// ISO 639-1 code. It fails when the text is too short or too mixed to tell.
func DetectLanguage(text string) (string, error) {
	if len(text) > detectSample {
		// A sample this long is identified as surely as the whole, and
		// bounds the work for a huge section.
		cut := detectSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	code := info.Lang.Iso6391()
	if code == "" || !ValidLanguage(code) {
		return "", fmt.Errorf("could not tell which language this section is in")
	}
	if info.Confidence < minDetectConfidence {
		return "", fmt.Errorf("could not tell which language this section is in (best guess %q, confidence %.2f)", code, info.Confidence)
	}
	return code, nil
}
