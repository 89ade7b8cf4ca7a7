// Package corpus writes synthetic statement files for load tests and
// benchmarks: deterministic for a seed, in the canonical format, with
// aligned numbered paragraphs in English and French whose words follow a
// Zipf distribution over a vocabulary seeded from the bundled statements.
package corpus

import (
	"bufio"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"statementarchive/internal/statement"
)

// Options says what to generate.
type Options struct {
	// Paragraphs is how many paragraphs to write, all languages counted.
	Paragraphs int
	// Seed makes the output deterministic.
	Seed int64
	// Vocabulary is the number of distinct words per language (default 30000).
	Vocabulary int
}

// Stats describes what was written.
type Stats struct {
	Statements int
	Paragraphs int
}

// Languages are the languages of every generated statement.
var Languages = []string{"en", "fr"}

var issuers = []string{
	"North Atlantic Council",
	"Heads of State and Government",
	"Foreign Ministers",
	"Defence Ministers",
	"Military Committee",
	"Secretary General",
}

// Generate writes statements into dir (created if needed) until opt.Paragraphs
// paragraphs are written. Words are drawn from each language's vocabulary:
// the words of the statements in seed (the bundled ones), most frequent
// first, then made-up words, so common words are as common as in real text.
func Generate(dir string, seed fs.FS, opt Options) (Stats, error) {
	if opt.Paragraphs < 1 {
		return Stats{}, fmt.Errorf("paragraphs must be at least 1")
	}
	if opt.Vocabulary == 0 {
		opt.Vocabulary = 30000
	}
	r := rand.New(rand.NewSource(opt.Seed))
	vocab, err := vocabularies(seed, opt.Vocabulary, r)
	if err != nil {
		return Stats{}, err
	}
	zipf := map[string]*rand.Zipf{}
	for _, l := range Languages {
		zipf[l] = rand.NewZipf(r, 1.07, 2.7, uint64(len(vocab[l])-1))
	}
	words := func(lang string, n int) string {
		var b strings.Builder
		sentence := 0
		for i := 0; i < n; i++ {
			w := vocab[lang][zipf[lang].Uint64()]
			if sentence == 0 {
				w = capitalize(w)
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			sentence++
			if sentence > 8+r.Intn(18) || i == n-1 {
				b.WriteByte('.')
				sentence = 0
			}
		}
		return b.String()
	}

	var st Stats
	for st.Paragraphs < opt.Paragraphs {
		year := 1949 + r.Intn(2026-1949+1)
		id := fmt.Sprintf("%d-%02d-%02d-gen-%06d", year, 1+r.Intn(12), 1+r.Intn(28), st.Statements+1)
		perLang := 3 + r.Intn(28)
		if left := (opt.Paragraphs - st.Paragraphs + len(Languages) - 1) / len(Languages); perLang > left {
			perLang = left
		}
		var b strings.Builder
		b.WriteString("---\ntitle:\n")
		for _, l := range Languages {
			fmt.Fprintf(&b, "  %s: %q\n", l, words(l, 6+r.Intn(8)))
		}
		fmt.Fprintf(&b, "date: %s\nissuer: %s\nreference: \"(%d) %03d\"\n---\n", id[:10], issuers[r.Intn(len(issuers))], year, r.Intn(200))
		lengths := make([]int, perLang)
		for i := range lengths {
			lengths[i] = 40 + r.Intn(111)
		}
		for _, l := range Languages {
			fmt.Fprintf(&b, "\n[%s]\n", l)
			for i, n := range lengths {
				fmt.Fprintf(&b, "%d. %s\n", i+1, words(l, n))
			}
		}
		sub := filepath.Join(dir, id[:4])
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return st, err
		}
		if err := os.WriteFile(filepath.Join(sub, id+statement.Ext), []byte(b.String()), 0o644); err != nil {
			return st, err
		}
		st.Statements++
		st.Paragraphs += perLang * len(Languages)
	}
	return st, nil
}

// vocabularies returns size words per language: those of the seed
// statements by falling frequency, then made-up words.
func vocabularies(seed fs.FS, size int, r *rand.Rand) (map[string][]string, error) {
	counts := map[string]map[string]int{}
	for _, l := range Languages {
		counts[l] = map[string]int{}
	}
	sources, err := statement.SourcesFS(seed, "seed")
	if err != nil {
		return nil, err
	}
	for _, src := range sources {
		st, err := src.Load()
		if err != nil {
			return nil, err
		}
		for _, p := range st.Paragraphs {
			for l, text := range p.Text {
				if counts[l] == nil {
					continue
				}
				sc := bufio.NewScanner(strings.NewReader(text))
				sc.Split(bufio.ScanWords)
				for sc.Scan() {
					if w := strings.ToLower(strings.TrimFunc(sc.Text(), func(r rune) bool { return !unicode.IsLetter(r) })); w != "" {
						counts[l][w]++
					}
				}
			}
		}
	}
	out := map[string][]string{}
	for _, l := range Languages {
		known := make([]string, 0, len(counts[l]))
		for w := range counts[l] {
			known = append(known, w)
		}
		sort.Slice(known, func(i, j int) bool {
			if counts[l][known[i]] != counts[l][known[j]] {
				return counts[l][known[i]] > counts[l][known[j]]
			}
			return known[i] < known[j]
		})
		seen := map[string]bool{}
		for _, w := range known {
			seen[w] = true
		}
		for len(known) < size {
			w := madeUpWord(l, r)
			if !seen[w] {
				seen[w] = true
				known = append(known, w)
			}
		}
		out[l] = known[:size]
	}
	return out, nil
}

var syllables = map[string][]string{
	"en": {"al", "an", "ar", "ce", "con", "de", "en", "er", "for", "ing", "ion", "is", "it", "le", "ment", "nat", "o", "or", "pro", "re", "se", "ter", "tion", "ty", "un", "ur", "ver"},
	"fr": {"a", "ai", "an", "ce", "con", "dé", "é", "en", "er", "eur", "ie", "il", "in", "la", "ment", "on", "ou", "pro", "qu", "re", "ré", "sé", "té", "tion", "un", "ve", "è"},
}

func madeUpWord(lang string, r *rand.Rand) string {
	var b strings.Builder
	n := 2 + r.Intn(3)
	for i := 0; i < n; i++ {
		b.WriteString(syllables[lang][r.Intn(len(syllables[lang]))])
	}
	return b.String()
}

func capitalize(w string) string {
	for i, r := range w {
		return string(unicode.ToUpper(r)) + w[i+len(string(r)):]
	}
	return w
}
