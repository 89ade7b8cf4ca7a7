package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"

	"statementarchive/internal/statement"
)

// LargeLanguages are the languages of the statement WriteLarge writes:
// fourteen, as a long communiqué of an organisation with many official
// languages has.
var LargeLanguages = []string{"en", "fr", "de", "es", "it", "nl", "pt", "pl", "cs", "da", "el", "fi", "hu", "sv"}

// LargeID is the identifier of the statement WriteLarge writes, and
// LargeWord a made-up word in every one of its paragraphs and footnotes
// (and nowhere else), so that a search for it finds that statement's rows.
const (
	LargeID   = "2199-12-31-large-statement"
	LargeWord = "zorblax"
)

// WriteLarge writes into dir one valid statement of about size bytes of
// text, in LargeLanguages, dated last of all (so feeds and lists put it
// first): long paragraphs near statement.MaxParagraphBytes, each with a
// footnote, and a text full of the characters pages and JSON escape
// (< > & " '), so that every rendering of it is as large as the format
// allows. It is the hostile-but-valid input of load tests: nothing in it
// is refused by ingest. It returns the file's path.
func WriteLarge(dir string, size int, seed int64) (string, error) {
	if size < 1 {
		return "", fmt.Errorf("size must be at least 1 byte")
	}
	r := rand.New(rand.NewSource(seed))
	// A paragraph a little under the limit, its footnote a tenth of it.
	paraBytes := statement.MaxParagraphBytes - 2<<10
	noteBytes := paraBytes / 10
	perRow := (paraBytes + noteBytes) * len(LargeLanguages)
	rows := max(1, size/perRow)
	text := func(n int) string {
		var b strings.Builder
		for b.Len() < n-32 {
			b.WriteString(LargeWord)
			for i := 0; i < 6 && b.Len() < n-32; i++ {
				fmt.Fprintf(&b, " <%s&%s> \"q\" '%d'", syllables["en"][r.Intn(len(syllables["en"]))], syllables["fr"][r.Intn(len(syllables["fr"]))], r.Intn(100))
			}
			b.WriteString(". ")
		}
		return strings.TrimSpace(b.String())
	}
	var b strings.Builder
	b.WriteString("---\ntitle:\n")
	for _, l := range LargeLanguages {
		fmt.Fprintf(&b, "  %s: \"A large statement <%s> & its long paragraphs\"\n", l, l)
	}
	fmt.Fprintf(&b, "date: %s\nissuer: Load Test Council\nreference: \"LT(2199)001\"\n---\n", LargeID[:10])
	for _, l := range LargeLanguages {
		fmt.Fprintf(&b, "\n[%s]\n", l)
		for i := 1; i <= rows; i++ {
			fmt.Fprintf(&b, "%d. %s[^%d]\n", i, text(paraBytes), i)
		}
		for i := 1; i <= rows; i++ {
			fmt.Fprintf(&b, "[^%d]: %s\n", i, text(noteBytes))
		}
	}
	path := filepath.Join(dir, LargeID+statement.Ext)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}
