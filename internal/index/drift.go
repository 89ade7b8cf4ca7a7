package index

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"statementarchive/internal/statement"
)

// Every permalink's text fingerprint is what the next ingest compares its
// input with, so that a permalink never starts showing other words
// unnoticed. A generation keeps them in its sumsFile; indexes of mapping
// versions before 8 kept them under keySums in the first shard's internal
// store, where they are still read from.
var keySums = []byte("archive/sums")

// A permalink is one row of one statement in one language: the text that
// /statements/ID/REF?lang=LANG shows and a citation quotes.
type permalink struct {
	ref statement.Ref
	sum uint64
}

// packRef writes a ref in the 32 bits a fingerprint keeps for it: the key
// in the low 20 bits, an inserted row's letter in the 8 above, the kind
// above them (a paragraph's kind and a letter are 0 for the rows of
// fingerprints written before rows had kinds or letters, so they read as
// they were). Keys are at most statement.MaxParagraphKey, under 2^20.
func packRef(r statement.Ref) uint32 {
	return uint32(r.Kind)<<28 | uint32(r.Sub)&0xff<<20 | uint32(r.Key)&(1<<20-1)
}

func unpackRef(v uint32) statement.Ref {
	return statement.Ref{Kind: statement.Kind(v >> 28), Sub: int(v >> 20 & 0xff), Key: int(v & (1<<20 - 1))}
}

// textSums maps a statement ID to, per language, the fingerprint of each
// paragraph's text in key order.
type textSums map[string]map[string][]permalink

// add records the fingerprints of a statement's paragraphs.
// The keys are copied: a parsed statement's strings are slices of its whole
// file, and a map keeps the key it is given, so a kept ID or language code
// would keep the file's text in memory for the length of the ingest.
func (ts textSums) add(st *statement.Statement) {
	byLang := make(map[string][]permalink, len(st.Languages))
	names := make(map[string]string, len(st.Languages))
	for _, p := range st.Paragraphs {
		for lang, text := range p.Text {
			name := copied(names, lang)
			byLang[name] = append(byLang[name], permalink{ref: p.Ref(), sum: fingerprint(text)})
		}
	}
	ts[strings.Clone(st.ID)] = byLang
}

// copied returns a copy of s, the same one each time names is asked for
// s. A map keyed by such copies never holds a slice of a statement's
// file: assigning to a string key that is present stores the key given
// (the runtime updates string keys), so one assignment with a code sliced
// from the file would keep the whole file alive.
func copied(names map[string]string, s string) string {
	c, ok := names[s]
	if !ok {
		c = strings.Clone(s)
		names[c] = c
	}
	return c
}

func fingerprint(text string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(text))
	return h.Sum64()
}

// MarshalJSON writes each language's fingerprints as base64 of 12-byte
// entries (key, then sum), a twentieth of the size of JSON numbers.
func (ts textSums) MarshalJSON() ([]byte, error) {
	out := make(map[string]map[string]string, len(ts))
	for id, langs := range ts {
		enc := make(map[string]string, len(langs))
		for lang, ps := range langs {
			buf := make([]byte, 0, 12*len(ps))
			for _, p := range ps {
				buf = binary.LittleEndian.AppendUint32(buf, packRef(p.ref))
				buf = binary.LittleEndian.AppendUint64(buf, p.sum)
			}
			enc[lang] = base64.StdEncoding.EncodeToString(buf)
		}
		out[id] = enc
	}
	return json.Marshal(out)
}

func (ts *textSums) UnmarshalJSON(b []byte) error {
	var in map[string]map[string]string
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*ts = make(textSums, len(in))
	for id, langs := range in {
		dec := make(map[string][]permalink, len(langs))
		for lang, s := range langs {
			buf, err := base64.StdEncoding.DecodeString(s)
			if err != nil || len(buf)%12 != 0 {
				return fmt.Errorf("the fingerprints of %s [%s] are damaged", id, lang)
			}
			ps := make([]permalink, len(buf)/12)
			for i := range ps {
				ps[i] = permalink{ref: unpackRef(binary.LittleEndian.Uint32(buf[12*i:])), sum: binary.LittleEndian.Uint64(buf[12*i+4:])}
			}
			dec[lang] = ps
		}
		(*ts)[id] = dec
	}
	return nil
}

// Change is a permalink whose text an ingest would change: the paragraph
// was edited, its key now names another paragraph (one was inserted before
// it in a statement that does not number its paragraphs), or it is gone.
type Change struct {
	Statement string
	Ref       statement.Ref
	Lang      string
	// Removed is set when the permalink would no longer exist.
	Removed bool
	// Meta is set for a statement's cited metadata (titles, subtitles,
	// date, issuer, references) rather than a row.
	Meta bool
	// Old and New are the start of the text before and after; New is
	// empty for a removed permalink. Either is empty where the words are
	// not known (a ledger keeps digests, and a fresh index path has no
	// words before).
	Old, New string
	// Diff shows the change word by word, where both texts are known.
	Diff string
}

func (c Change) String() string {
	where := fmt.Sprintf("%s/%s [%s]", c.Statement, c.Ref, c.Lang)
	if c.Meta {
		where = c.Statement + " (its title, subtitle, date, issuer or reference, which citations carry)"
	}
	switch {
	case c.Removed && c.Old != "":
		return fmt.Sprintf("%s would be gone; it showed %q", where, c.Old)
	case c.Removed:
		return fmt.Sprintf("%s would be gone", where)
	case c.Diff != "":
		return fmt.Sprintf("%s would change: %s", where, c.Diff)
	case c.Old == "":
		return fmt.Sprintf("%s would show other words (the words published are not in this index: git diff of its file shows them); it would show %q", where, c.New)
	}
	return fmt.Sprintf("%s would show %q instead of %q", where, c.New, c.Old)
}

// MaxListedChanges bounds how many changes a ChangesError quotes.
const MaxListedChanges = 20

// ChangesError refuses an ingest that would change what existing
// permalinks show, listing them. IngestOptions.AllowChanges lets it pass.
type ChangesError struct {
	Path string
	// Against says what was compared, when not the index at Path
	// ("published in the ledger statements/permalinks.ledger").
	Against string
	// Total is how many permalinks would change; Changes lists the first
	// MaxListedChanges of them, in statement and key order.
	Total   int
	Changes []Change
	// Inserted holds, per statement, the keys to declare inserted where
	// the changes look like rows added before others (insertionHints).
	Inserted map[string][]statement.Ref
}

func (e *ChangesError) Error() string {
	var b strings.Builder
	against := "of the index at " + e.Path
	if e.Against != "" {
		against = e.Against
	}
	fmt.Fprintf(&b, "%d %s %s would show other words than they do now:\n", e.Total, plural(e.Total, "permalink", "permalinks"), against)
	for _, c := range e.Changes {
		fmt.Fprintf(&b, "  %s\n", c)
	}
	if e.Total > len(e.Changes) {
		fmt.Fprintf(&b, "  … and %d more\n", e.Total-len(e.Changes))
	}
	writeHints(&b, e.Inserted)
	b.WriteString("Permalinks are cited in published work, so nothing was ingested and the index is unchanged. " +
		"To keep them, number the paragraphs as the original publication does (numbered paragraphs keep their keys whatever is added); " +
		"where the original has no numbers, declare a paragraph or heading added before others in the front matter (inserted: [2a] for one after paragraph 2, [h1a] for a heading after heading 1). " +
		"If the change is intended (a corrected typo, a re-aligned translation), run the ingest again with -allow-changes -reason \"why\": these permalinks will then show the new text, and the ledger records each change as a revision with its reason and the words it replaced.")
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// previousSums reads the fingerprints of the index root serves now. It
// returns nil and ok when root serves no index (everything is new), and ok
// false when the index there predates fingerprints or cannot be read: an
// ingest is also how a damaged index is repaired, so that does not stop it,
// but nothing can be compared.
func previousSums(root string) (sums textSums, ok bool) {
	gen, err := currentGeneration(root)
	if err != nil {
		return nil, errors.Is(err, ErrNoIndex)
	}
	if raw, err := os.ReadFile(filepath.Join(gen, sumsFile)); err == nil {
		if json.Unmarshal(raw, &sums) != nil {
			return nil, false
		}
		return sums, true
	}
	dir := shardDir(gen, 0)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	b, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true, "bolt_timeout": "10s"})
	if err != nil {
		return nil, false
	}
	defer b.Close()
	raw, err := b.GetInternal(keySums)
	if err != nil || len(raw) == 0 || json.Unmarshal(raw, &sums) != nil {
		return nil, false
	}
	return sums, true
}

// Published returns how many permalinks the index at root has published,
// 0 when root holds no index; ok is false when it cannot tell (an index
// from before fingerprints, or one that cannot be read).
func Published(root string) (n int, ok bool) {
	sums, ok := previousSums(root)
	return sums.count(), ok
}

// count returns how many permalinks ts holds.
func (ts textSums) count() int {
	n := 0
	for _, langs := range ts {
		for _, ps := range langs {
			n += len(ps)
		}
	}
	return n
}

// statementLoader returns a function that loads a statement by ID from
// byID once, nil when it has none or it does not load: what a refusal
// quotes the new words from.
func statementLoader(byID map[string]statement.Source) func(id string) *statement.Statement {
	loaded := map[string]*statement.Statement{}
	return func(id string) *statement.Statement {
		st, ok := loaded[id]
		if !ok {
			if src, found := byID[id]; found {
				st, _ = src.Load()
			}
			loaded[id] = st
		}
		return st
	}
}

// compareSums returns the permalinks of old whose text next changes or
// drops, and how many permalinks next adds. A statement renamed (its old
// identifier an alias in renamed) is compared under its new identifier,
// whose permalinks old's redirect to.
func compareSums(old, next textSums, renamed map[string]string) (changed []Change, added int) {
	for id, langs := range old {
		for lang, ps := range langs {
			nowID := id
			if _, kept := next[id]; !kept && renamed[id] != "" {
				nowID = renamed[id]
			}
			now := index(next[nowID][lang])
			for _, p := range ps {
				sum, ok := now[p.ref]
				switch {
				case !ok:
					changed = append(changed, Change{Statement: id, Ref: p.ref, Lang: lang, Removed: true})
				case sum != p.sum:
					changed = append(changed, Change{Statement: id, Ref: p.ref, Lang: lang})
				}
			}
		}
	}
	for id, langs := range next {
		for lang, ps := range langs {
			before := index(old[id][lang])
			for _, p := range ps {
				if _, ok := before[p.ref]; !ok {
					added++
				}
			}
		}
	}
	sort.Slice(changed, func(i, j int) bool {
		a, b := changed[i], changed[j]
		if a.Statement != b.Statement {
			return a.Statement < b.Statement
		}
		if a.Ref != b.Ref {
			return a.Ref.Compare(b.Ref) < 0
		}
		return a.Lang < b.Lang
	})
	return changed, added
}

func index(ps []permalink) map[statement.Ref]uint64 {
	m := make(map[statement.Ref]uint64, len(ps))
	for _, p := range ps {
		m[p.ref] = p.sum
	}
	return m
}

// quoteChanges fills in the start of the old text (read from the index
// root serves) and of the new one (read from the statement file) of the
// first MaxListedChanges changes.
func quoteChanges(root string, changes []Change, paths map[string]statement.Source) []Change {
	listed := slices.Clone(changes[:min(len(changes), MaxListedChanges)])
	old, err := Open(root)
	if err == nil {
		defer old.Close()
	}
	load := statementLoader(paths)
	for i, c := range listed {
		oldText, haveOld := "", false
		if err == nil {
			if text, terr := old.StoredText(c.Statement, c.Ref, c.Lang); terr == nil {
				listed[i].Old = statement.Excerpt(text, 60)
				oldText, haveOld = text, true
			}
		}
		if c.Removed {
			continue
		}
		if st := load(c.Statement); st != nil {
			if p, ok := st.Row(c.Ref); ok {
				listed[i].New = statement.Excerpt(p.Text[c.Lang], 60)
				if haveOld {
					listed[i].Diff = explain(oldText, p.Text[c.Lang])
				}
			}
		}
	}
	return listed
}
