// Package ledger is the permalink ledger: a plain-text file kept beside
// the statement files and committed with them, recording every permalink
// the archive has published (a row of a statement in a language, and each
// statement's cited metadata) with a SHA-256 digest of what it shows, and
// every revision accepted since. Every ingest, into any index path,
// compares its statements with the ledger, so that no build can change
// published words silently: not even one into a fresh path, as an image
// build is.
//
// The format, one line a permalink, sorted, so that a pull request that
// touches a permalink shows it as a changed line:
//
//	# statement-archive permalink ledger v1
//	2021-07-19-nac-cyber-solidarity meta - sha256:<64 hex digits>
//	2021-07-19-nac-cyber-solidarity 1 en sha256:<…>
//	2021-07-19-nac-cyber-solidarity 1 fr sha256:<…>
//	revision 2021-07-19-nac-cyber-solidarity 1 en 2026-12-05 sha256:<old> sha256:<new> "reason" "old words"
//
// A row line names the statement, the row (as its permalink does: 3,
// preamble, h2, n1, or meta for the metadata a citation carries: titles,
// subtitles, date, issuer, references) and the language ("-" for meta).
// A revision line records a change accepted with a reason: the day, the
// digests before and after, the reason and the words it replaced, as Go
// quoted strings. Lines starting with # are comments.
package ledger

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"statementarchive/internal/statement"
)

// FileName is the ledger's name in a folder of statement files.
const FileName = "permalinks.ledger"

// header is the ledger's first line, naming its format.
const header = "# statement-archive permalink ledger v1"

// MetaRef is the row name of a statement's cited metadata.
const MetaRef = "meta"

// noLang is the language of a metadata line.
const noLang = "-"

// Key names one permalink: a row of a statement in a language, or a
// statement's cited metadata (Ref MetaRef, Lang "-").
type Key struct {
	Statement, Ref, Lang string
}

func (k Key) String() string {
	if k.Ref == MetaRef {
		return k.Statement + " (title, date, issuer, reference)"
	}
	return fmt.Sprintf("%s/%s [%s]", k.Statement, k.Ref, k.Lang)
}

// Revision is a change to a published permalink, accepted with a reason.
type Revision struct {
	Key
	Date     string // YYYY-MM-DD
	Old, New string // digests
	Reason   string
	// OldText is the words the permalink showed before, where the ingest
	// that accepted the revision could read them ("" if it could not).
	OldText string
}

// Ledger is every permalink published, by key, with its digest, and the
// revisions accepted.
type Ledger struct {
	digests   map[Key]string
	revisions []Revision
}

// New returns an empty ledger: that of a collection nothing of which has
// been published.
func New() *Ledger { return &Ledger{digests: map[Key]string{}} }

// Len is how many permalinks the ledger records.
func (l *Ledger) Len() int { return len(l.digests) }

// Revisions returns the revisions recorded, oldest first.
func (l *Ledger) Revisions() []Revision { return l.revisions }

// Digest returns the digest of text as the ledger writes it.
func Digest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Entry is one permalink of a statement as ingested, and the digest of
// what it shows.
type Entry struct {
	Key
	Digest string
}

// Entries returns the permalinks of a statement: one a row and language,
// and one for its cited metadata. Their strings are copies: a parsed
// statement's are slices of its whole file, and an ingest keeps every
// entry until the ledger is written, so a language code kept as a slice
// would keep every file's text in memory (at a million rows, 730 MB of
// the ingest's heap two minutes in).
func Entries(st *statement.Statement) []Entry {
	id := strings.Clone(st.ID)
	langs := map[string]string{}
	out := []Entry{{Key: Key{id, MetaRef, noLang}, Digest: Digest(MetaText(st))}}
	for _, p := range st.Paragraphs {
		for lang, text := range p.Text {
			l, ok := langs[lang]
			if !ok {
				l = strings.Clone(lang)
				langs[l] = l
			}
			out = append(out, Entry{Key: Key{id, p.Ref().String(), l}, Digest: Digest(text)})
		}
	}
	return out
}

// Text returns what the permalink k of st shows, and whether st has it.
func Text(st *statement.Statement, k Key) (string, bool) {
	if k.Ref == MetaRef {
		return MetaText(st), true
	}
	ref, ok := statement.ParseRef(k.Ref)
	if !ok {
		return "", false
	}
	p, ok := st.Row(ref)
	if !ok {
		return "", false
	}
	text, ok := p.Text[k.Lang]
	return text, ok
}

// MetaText writes what a citation of a statement carries (titles,
// subtitles, date, issuer, references), as its digest reads it: JSON with
// sorted keys.
func MetaText(st *statement.Statement) string {
	b, _ := json.Marshal(st.Cited())
	return string(b)
}

// Change is a published permalink an ingest would change or remove.
type Change struct {
	Key
	Old string // the digest published
	// New is the digest of the words it would show, "" if it would be gone.
	New string
}

// Compare returns the permalinks of the ledger whose digest next changes
// or drops, in key order, and the entries of next the ledger does not
// have. renamed maps an alias (an identifier a statement was published
// under) to the statement's identifier now: the ledger's permalinks under
// the alias, which redirect to the same rows under the new identifier,
// must show there the words they did.
func (l *Ledger) Compare(next []Entry, renamed map[string]string) (changed []Change, added []Entry) {
	digests := make(map[Key]string, len(next))
	for _, e := range next {
		digests[e.Key] = e.Digest
	}
	seen := make(map[Key]bool, len(next))
	for _, e := range next {
		seen[e.Key] = true
		old, ok := l.digests[e.Key]
		switch {
		case !ok:
			added = append(added, e)
		case old != e.Digest:
			changed = append(changed, Change{Key: e.Key, Old: old, New: e.Digest})
		}
	}
	for k, d := range l.digests {
		if seen[k] {
			continue
		}
		if now, ok := renamed[k.Statement]; ok {
			moved := Key{now, k.Ref, k.Lang}
			switch nd, has := digests[moved]; {
			case has && nd == d:
				continue // the same words, at the new address
			case has:
				changed = append(changed, Change{Key: k, Old: d, New: nd})
				continue
			}
		}
		changed = append(changed, Change{Key: k, Old: d})
	}
	sort.Slice(changed, func(i, j int) bool { return less(changed[i].Key, changed[j].Key) })
	sort.Slice(added, func(i, j int) bool { return less(added[i].Key, added[j].Key) })
	return changed, added
}

// Record adds entries the ledger does not have yet.
func (l *Ledger) Record(entries []Entry) {
	for _, e := range entries {
		if _, ok := l.digests[e.Key]; !ok {
			l.digests[e.Key] = e.Digest
		}
	}
}

// Revise records a revision and makes its new digest the permalink's; a
// permalink removed (New "") leaves the ledger's rows, so that it can
// never come back with other words.
func (l *Ledger) Revise(r Revision) {
	l.revisions = append(l.revisions, r)
	if r.New != "" {
		l.digests[r.Key] = r.New
	}
}

// less orders keys by statement, then row (metadata first, then the
// preamble, the paragraphs, the headings and the footnotes, each by
// number), then language.
func less(a, b Key) bool {
	if a.Statement != b.Statement {
		return a.Statement < b.Statement
	}
	if a.Ref != b.Ref {
		return refOrder(a.Ref) < refOrder(b.Ref)
	}
	return a.Lang < b.Lang
}

func refOrder(ref string) uint64 {
	if ref == MetaRef {
		return 0
	}
	r, ok := statement.ParseRef(ref)
	if !ok {
		return 1<<63 - 1
	}
	order := map[statement.Kind]uint64{statement.Preamble: 1, statement.Body: 2, statement.Heading: 3, statement.Footnote: 4}[r.Kind]
	return order<<40 | uint64(r.Key)<<8 | uint64(r.Sub)
}

// MaxLineBytes bounds one line of a ledger: a revision quotes the words it
// replaced, at most statement.MaxParagraphBytes, each byte at most four
// when quoted, and its reason.
const MaxLineBytes = 4*statement.MaxParagraphBytes + 4*MaxReasonBytes + 1024

// MaxReasonBytes bounds a revision's reason.
const MaxReasonBytes = 2000

// Read parses a ledger. It refuses anything it cannot read exactly, with
// the line and what is wrong: a ledger read in part would let a changed
// permalink through.
func Read(r io.Reader) (*Ledger, error) {
	l := New()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			if line != header {
				return nil, fmt.Errorf("line 1: the ledger must start with %q", header)
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "revision ") {
			rev, err := parseRevision(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			l.revisions = append(l.revisions, rev)
			continue
		}
		f := strings.Split(line, " ")
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d: a permalink line has four fields (statement, row, language, digest), not %d", n, len(f))
		}
		k := Key{f[0], f[1], f[2]}
		if err := checkKey(k); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if !validDigest(f[3]) {
			return nil, fmt.Errorf("line %d: %q is not a digest (sha256: and 64 hexadecimal digits)", n, clip(f[3]))
		}
		if _, dup := l.digests[k]; dup {
			return nil, fmt.Errorf("line %d: %s is listed twice", n, k)
		}
		l.digests[k] = f[3]
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", n+1, MaxLineBytes)
		}
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("line 1: the ledger is empty; it must start with %q", header)
	}
	for i, r := range l.revisions {
		if r.New != "" && l.digests[r.Key] == "" {
			return nil, fmt.Errorf("revision %d of %s: the permalink it revised is not listed", i+1, r.Key)
		}
	}
	return l, nil
}

func checkKey(k Key) error {
	if !statement.ValidID(k.Statement) {
		return fmt.Errorf("%q is not a statement identifier", clip(k.Statement))
	}
	if k.Ref == MetaRef {
		if k.Lang != noLang {
			return fmt.Errorf("a meta line's language is -, not %q", clip(k.Lang))
		}
		return nil
	}
	if _, ok := statement.ParseRef(k.Ref); !ok {
		return fmt.Errorf("%q is not a row (3, preamble, h2, n1 or meta)", clip(k.Ref))
	}
	if !statement.ValidLanguage(k.Lang) {
		return fmt.Errorf("%q is not a language code", clip(k.Lang))
	}
	return nil
}

func validDigest(d string) bool {
	hexPart, ok := strings.CutPrefix(d, "sha256:")
	if !ok || len(hexPart) != 64 {
		return false
	}
	_, err := hex.DecodeString(hexPart)
	return err == nil && strings.ToLower(hexPart) == hexPart
}

// parseRevision reads a revision line: revision ID REF LANG DATE OLD NEW
// "reason" "old words".
func parseRevision(line string) (Revision, error) {
	rest := strings.TrimPrefix(line, "revision ")
	f := strings.SplitN(rest, " ", 7)
	if len(f) != 7 {
		return Revision{}, errors.New("a revision line has: revision, statement, row, language, day, old digest, new digest (or -), reason, old words")
	}
	r := Revision{Key: Key{f[0], f[1], f[2]}, Date: f[3], Old: f[4], New: f[5]}
	if err := checkKey(r.Key); err != nil {
		return Revision{}, err
	}
	if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
		return Revision{}, fmt.Errorf("%q is not a day (YYYY-MM-DD)", clip(r.Date))
	}
	if !validDigest(r.Old) {
		return Revision{}, fmt.Errorf("%q is not a digest", clip(r.Old))
	}
	if r.New == noLang {
		r.New = ""
	} else if !validDigest(r.New) {
		return Revision{}, fmt.Errorf("%q is not a digest, nor - for a permalink removed", clip(r.New))
	}
	reason, tail, err := unquoteFirst(f[6])
	if err != nil {
		return Revision{}, fmt.Errorf("the reason: %w", err)
	}
	old, tail, err := unquoteFirst(strings.TrimPrefix(tail, " "))
	if err != nil || tail != "" {
		return Revision{}, errors.New("the old words must be one quoted string, last on the line")
	}
	if strings.TrimSpace(reason) == "" {
		return Revision{}, errors.New("the reason is empty")
	}
	r.Reason, r.OldText = reason, old
	return r, nil
}

// unquoteFirst unquotes the Go quoted string s starts with and returns the
// rest.
func unquoteFirst(s string) (string, string, error) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", "", errors.New("not a quoted string")
	}
	v, err := strconv.Unquote(q)
	return v, s[len(q):], err
}

// Write writes the ledger: its header, a note for whoever opens it, the
// permalinks in key order, then the revisions in the order recorded.
func (l *Ledger) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, header)
	fmt.Fprintln(bw, "# Every permalink the archive has published, with a SHA-256 digest of what it shows. Written by")
	fmt.Fprintln(bw, "# `archive ingest`; commit it with the statements. A changed line is a permalink that would show")
	fmt.Fprintln(bw, "# other words: ingest refuses it unless revised with -allow-changes -reason. See README, Permalinks.")
	keys := make([]Key, 0, len(l.digests))
	for k := range l.digests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	for _, k := range keys {
		fmt.Fprintf(bw, "%s %s %s %s\n", k.Statement, k.Ref, k.Lang, l.digests[k])
	}
	for _, r := range l.revisions {
		newDigest := r.New
		if newDigest == "" {
			newDigest = noLang
		}
		fmt.Fprintf(bw, "revision %s %s %s %s %s %s %s %s\n", r.Statement, r.Ref, r.Lang, r.Date, r.Old, newDigest, strconv.Quote(r.Reason), strconv.Quote(r.OldText))
	}
	return bw.Flush()
}

func clip(s string) string {
	if len(s) > 80 {
		return statement.Excerpt(s, 80)
	}
	return s
}
