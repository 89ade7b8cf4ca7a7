package draft

import (
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"statementarchive/internal/statement"
)

// commonLanguages are the languages the archive's statements are published
// and translated in: those of the member states of the organisations whose
// statements it holds, and of their neighbours. A part identified as
// another language is possible, but rarely right.
var commonLanguages = []string{
	"en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "hu", "ro",
	"bg", "el", "tr", "da", "nb", "nn", "is", "et", "lv", "lt", "sq", "mk", "fi", "sv",
	"sr", "uk", "ru", "ka", "ar",
}

// minUncommonLetters is how many letters a part needs before an
// identification as a language outside commonLanguages is believed: the
// identifier compares a text's most frequent three-letter sequences with
// each language's, and a few short lines — many short words, names — fit
// a language of short syllables (Tagalog, Javanese) better than English.
const minUncommonLetters = 400

// minConfidence is the identifier's confidence below which a part is
// refused, as statement.DetectLanguage refuses a section: too short or too
// mixed to tell.
const minConfidence = 0.5

// maxIdentifySample is how much of a part the identification reads, as
// statement.DetectLanguage does.
const maxIdentifySample = 4 << 10

// identification is a part's language and, when it is not sure, what the
// reviewer should check.
type identification struct {
	lang  string
	check string
}

// identifyLanguage identifies the language of a part's text. The
// identifier (whatlanggo, as statement.DetectLanguage uses it) is asked
// twice: among all the languages it knows, and among commonLanguages.
// When the two agree, that is the language, with a check when its margin
// over the others is low. When the first answer is an uncommon language,
// it is kept only when sure and the text long enough to be sure of;
// otherwise the best common language is taken, and the check names the
// first answer. It fails, as statement.DetectLanguage does, when the text
// has no letters of a script it knows or the confidence is under 0.5.
func identifyLanguage(text string) (identification, error) {
	if len(text) > maxIdentifySample {
		cut := maxIdentifySample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	all := whatlanggo.Detect(text)
	guess := all.Lang.Iso6391()
	if all.Script == nil || guess == "" || !statement.ValidLanguage(guess) {
		return identification{}, fmt.Errorf("could not tell which language this part is in")
	}
	if all.Confidence < minConfidence {
		return identification{}, fmt.Errorf("could not tell which language this part is in (best guess %s, %s, confidence %.2f)", statement.LanguageEnglishName(guess), guess, all.Confidence)
	}
	if slices.Contains(commonLanguages, guess) {
		id := identification{lang: guess}
		if all.Confidence < 1 {
			id.check = fmt.Sprintf("language identified as %s (%s) with a low margin (confidence %.2f of 1): if the text is in another language, change [%s] below and the %s: keys of the front matter to its code",
				statement.LanguageEnglishName(guess), guess, all.Confidence, guess, guess)
		}
		return id, nil
	}
	common := whatlanggo.DetectWithOptions(text, whatlanggo.Options{Whitelist: commonSet})
	usual := common.Lang.Iso6391()
	if all.Confidence >= 1 && letters(text) >= minUncommonLetters || usual == "" || !statement.ValidLanguage(usual) {
		return identification{lang: guess, check: fmt.Sprintf(
			"language identified as %s (%s), which the archive seldom holds: if the text is in another language (the nearest usual one is %s), change [%s] below and the %s: keys of the front matter to its code",
			statement.LanguageEnglishName(guess), guess, statement.LanguageEnglishName(usual), guess, guess)}, nil
	}
	return identification{lang: usual, check: fmt.Sprintf(
		"language taken as %s (%s): the identifier's first guess was %s (%s, confidence %.2f), a language the archive seldom holds, on a text too short or too close to tell; if the text is in %s, change [%s] below and the %s: keys of the front matter to %s",
		statement.LanguageEnglishName(usual), usual, statement.LanguageEnglishName(guess), guess, all.Confidence,
		statement.LanguageEnglishName(guess), usual, usual, guess)}, nil
}

// commonSet is commonLanguages as the identifier's whitelist.
var commonSet = func() map[whatlanggo.Lang]bool {
	set := map[whatlanggo.Lang]bool{}
	for l := range whatlanggo.Langs {
		if slices.Contains(commonLanguages, l.Iso6391()) {
			set[l] = true
		}
	}
	return set
}()

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
