// Package index keeps the archive's statements in a Bleve full-text index:
// the versioned mapping with one analysed text field per language, the
// ingestion that builds a new index beside the served one and swaps it in,
// and the statement metadata kept in the index so that the archive can be
// served from the index alone.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"statementarchive/internal/fault"
	"statementarchive/internal/statement"
)

// Keys of the values kept beside the documents in Bleve's internal store
// of the first shard.
var (
	keyVersion = []byte("archive/mapping-version")
	keyShards  = []byte("archive/shards")
)

// Files of a generation beside its shards: the statement catalog, and
// every permalink's text fingerprint (drift.go).
const (
	catalogFile   = "catalog.json"
	sumsFile      = "permalinks.json"
	revisionsFile = "revisions.json"
)

// shardPrefix names the shards of a generation: gen-…/shard-00, shard-01, …
// A statement's paragraphs all live in one shard, chosen by its ID, and a
// search runs on every shard at once.
const shardPrefix = "shard-"

func shardDir(gen string, i int) string {
	return filepath.Join(gen, fmt.Sprintf("%s%02d", shardPrefix, i))
}

// shardOf returns the shard of a statement.
func shardOf(statementID string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(statementID))
	return int(h.Sum32() % uint32(shards))
}

// ErrNotFound is returned, wrapped, for a statement or row the index does
// not hold: a fault.NotFound error.
var ErrNotFound = &fault.Error{Kind: fault.NotFound, Msg: "There is no such statement or paragraph in the archive."}

// Index is an open, read-only archive index.
type Index struct {
	root   string
	gen    string
	shards []bleve.Index
	alias  bleve.IndexAlias
	cat    catalog
	byID   map[string]*statement.Statement
	// revisions holds, per statement, the revisions of its rows, in the
	// order accepted (revisionsFile).
	revisions map[string][]statement.Revision
	// renamed maps each alias (an identifier a statement was published
	// under) to the statement's identifier now.
	renamed map[string]string
	sorted  []*statement.Statement
	langs   []string
	counts  map[string]int
	// rows counts, per language, the rows with text in it (paragraphs,
	// preambles, headings and footnotes).
	rows map[string]int
	// tables maps each shard's documents to their statements.
	tables []docTable
	// pairs holds the analyzer of each language's pairs field.
	pairs map[string]analysis.Analyzer
	// keys holds each statement's facet values as integers.
	keys facetKeys
	// refs maps each reference key to the statements it names.
	refs refIndex
	// analyseRows has the renderings and the written forms of terms
	// analyse rows' texts rather than read their stored terms
	// (TermsField): the way tests compare the two.
	analyseRows bool

	// gone, when a Live serves the index, is told that Ping found its
	// generation deleted from disk (see present, in live.go).
	gone func()

	closeOnce sync.Once
	closeErr  error
}

// catalog is the statement metadata kept in the index, as JSON.
type catalog struct {
	Built      time.Time `json:"built"`
	Statements []record  `json:"statements"`
}

// record is one statement's metadata: everything but the paragraph texts,
// which the documents hold.
type record struct {
	ID         string            `json:"id"`
	Title      map[string]string `json:"title,omitempty"`
	Subtitle   map[string]string `json:"subtitle,omitempty"`
	Date       string            `json:"date,omitempty"`
	Issuer     string            `json:"issuer,omitempty"`
	Reference  references        `json:"reference,omitempty"`
	Source     map[string]string `json:"source,omitempty"`
	Copy       map[string]string `json:"copy,omitempty"`
	Tags       []string          `json:"tags,omitempty"`
	Aliases    []string          `json:"aliases,omitempty"`
	Languages  []string          `json:"languages"`
	Unofficial []string          `json:"unofficial,omitempty"`
	Incomplete []string          `json:"incomplete,omitempty"`
	Unnumbered bool              `json:"unnumbered,omitempty"`
	// Bytes is the size of the statement's text in every language.
	Bytes int `json:"bytes,omitempty"`
	// Rows lists the rows in reading order.
	Rows rowList `json:"rows"`
	// Missing lists, for a language, the rows it lacks (declared gaps).
	Missing map[string][]string `json:"missing,omitempty"`
	// Cut lists, for a language, the rows its copy cuts short.
	Cut map[string][]string `json:"cut,omitempty"`
}

// newRecord returns st's record. Its strings are copies: a parsed
// statement's strings are slices of its whole file, and ingest keeps every
// record until the catalog is written, so a kept slice would keep every
// file's text in memory (at 300,000 rows, 700 MB of an ingest's peak).
func newRecord(st *statement.Statement) record {
	r := record{
		ID: strings.Clone(st.ID), Title: cloneMap(st.Title), Subtitle: cloneMap(st.Subtitle), Issuer: strings.Clone(st.Issuer),
		Reference: references(cloneMap(st.Reference)),
		Source:    cloneMap(st.Source), Copy: cloneMap(st.Copy), Tags: cloneStrings(st.Tags), Aliases: cloneStrings(st.Aliases),
		Languages: cloneStrings(st.Languages), Unofficial: cloneStrings(st.Unofficial), Incomplete: cloneStrings(st.Incomplete),
		Unnumbered: st.Unnumbered,
		Bytes:      st.TextBytes,
		Rows:       make(rowList, 0, len(st.Paragraphs)),
	}
	for lang, refs := range st.Cut {
		if r.Cut == nil {
			r.Cut = map[string][]string{}
		}
		for _, ref := range refs {
			r.Cut[strings.Clone(lang)] = append(r.Cut[lang], ref.String())
		}
	}
	if st.HasDate() {
		r.Date = st.Date.Format(time.DateOnly)
	}
	for _, p := range st.Paragraphs {
		r.Rows = append(r.Rows, p.Ref())
		for _, l := range st.Languages {
			if _, ok := p.Text[l]; !ok {
				if r.Missing == nil {
					r.Missing = map[string][]string{}
				}
				r.Missing[strings.Clone(l)] = append(r.Missing[l], p.Ref().String())
			}
		}
	}
	return r
}

// rowList is a statement's rows in reading order. The catalog keeps it as
// one string of refs separated by spaces, a run of consecutive keys of one
// kind written as a range: "preamble 1-12 h1 13-20 n1-n3". A catalog of a
// million rows then decodes in a fraction of the time a string per row
// takes, which is most of a large archive's start.
type rowList []statement.Ref

func (l rowList) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	for i := 0; i < len(l); {
		j := i
		for j+1 < len(l) && l[i].Kind != statement.Preamble && l[j+1].Kind == l[i].Kind && l[j].Sub == 0 && l[j+1].Sub == 0 && l[j+1].Key == l[j].Key+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l[i].String())
		if j > i {
			b.WriteByte('-')
			b.WriteString(l[j].String())
		}
		i = j + 1
	}
	return json.Marshal(b.String())
}

func (l *rowList) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("rows: %w", err)
	}
	out := rowList{}
	for _, tok := range strings.Fields(s) {
		first, last, isRange := strings.Cut(tok, "-")
		a, ok := statement.ParseRef(first)
		if !ok {
			return fmt.Errorf("rows: %q is not a paragraph, preamble, heading or footnote", first)
		}
		if !isRange {
			out = append(out, a)
			continue
		}
		// ParseRef bounds the keys, and so the run.
		b, ok := statement.ParseRef(last)
		if !ok || b.Kind != a.Kind || a.Kind == statement.Preamble || a.Sub != 0 || b.Sub != 0 || b.Key <= a.Key {
			return fmt.Errorf("rows: %q is not a range of rows", tok)
		}
		for k := a.Key; k <= b.Key; k++ {
			out = append(out, statement.Ref{Kind: a.Kind, Key: k})
		}
	}
	*l = out
	return nil
}

// references is a statement's publication reference per language. Catalogs
// written before references had languages hold one string, read as the
// reference for every language.
type references map[string]string

func (r *references) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*r = references{"": one}
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	*r = m
	return nil
}

// statement returns the record as a statement whose paragraphs have their
// keys and, for each language that has the paragraph, an empty text. Rows
// in every language share one map, read-only like all catalog metadata:
// a large catalog then loads without a map per paragraph.
func (r record) statement() (*statement.Statement, error) {
	st := &statement.Statement{
		ID: r.ID, Title: r.Title, Subtitle: r.Subtitle, Issuer: r.Issuer, Reference: r.Reference,
		Source: r.Source, Copy: r.Copy, Tags: r.Tags, Aliases: r.Aliases, Languages: r.Languages,
		Unofficial: r.Unofficial, Incomplete: r.Incomplete, Unnumbered: r.Unnumbered,
		TextBytes: r.Bytes,
	}
	for lang, refs := range r.Cut {
		if st.Cut == nil {
			st.Cut = map[string][]statement.Ref{}
		}
		for _, k := range refs {
			ref, ok := statement.ParseRef(k)
			if !ok {
				return nil, fmt.Errorf("statement %s: cut %q is not a row", r.ID, k)
			}
			st.Cut[lang] = append(st.Cut[lang], ref)
		}
	}
	if r.Date != "" {
		d, err := time.Parse(time.DateOnly, r.Date)
		if err != nil {
			return nil, fmt.Errorf("statement %s: date %q: %w", r.ID, r.Date, err)
		}
		st.Date = d
	}
	full := make(map[string]string, len(r.Languages))
	for _, l := range r.Languages {
		full[l] = ""
	}
	missing := map[string][]string{}
	for l, refs := range r.Missing {
		for _, k := range refs {
			missing[k] = append(missing[k], l)
		}
	}
	st.Paragraphs = make([]statement.Paragraph, len(r.Rows))
	for i, ref := range r.Rows {
		text := full
		if gone := missing[ref.String()]; len(missing) > 0 && len(gone) > 0 {
			text = make(map[string]string, len(r.Languages))
			for _, l := range r.Languages {
				text[l] = ""
			}
			for _, l := range gone {
				delete(text, l)
			}
		}
		st.Paragraphs[i] = statement.Paragraph{Kind: ref.Kind, Key: ref.Key, Sub: ref.Sub, Text: text}
	}
	return st, nil
}

// DocID returns the ID of the document holding one row: statement/KEY,
// the key zero-padded so that a statement's row IDs sort in reading order
// of its paragraphs: 00003 for paragraph 3, 00000 for the preamble, h0002
// for heading 2, n0001 for footnote 1, and an inserted row's letter after
// the key it follows (00003a, h0001a). It is derived from the statement
// file alone, so re-ingesting the same files gives the same IDs. (A
// statement's own document has the statement's ID, which holds no slash.)
func DocID(statementID string, ref statement.Ref) string {
	letter := ref.Letter()
	switch ref.Kind {
	case statement.Heading:
		return fmt.Sprintf("%s/h%04d%s", statementID, ref.Key, letter)
	case statement.Footnote:
		return fmt.Sprintf("%s/n%04d", statementID, ref.Key)
	case statement.Preamble:
		return fmt.Sprintf("%s/%05d", statementID, 0)
	}
	return fmt.Sprintf("%s/%05d%s", statementID, ref.Key, letter)
}

// ParseDocID splits a row document's ID into its statement and row; ok is
// false for a statement's document or anything else.
func ParseDocID(id string) (statementID string, ref statement.Ref, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return "", statement.Ref{}, false
	}
	key := id[i+1:]
	if key == "00000" {
		return id[:i], statement.PreambleRef, true
	}
	prefix := ""
	if strings.HasPrefix(key, "h") || strings.HasPrefix(key, "n") {
		prefix, key = key[:1], key[1:]
	}
	key = strings.TrimLeft(key, "0")
	if key == "" || (key[0] >= 'a' && key[0] <= 'z') {
		key = "0" + key // 00000a: a row inserted before the first
	}
	ref, ok = statement.ParseRef(prefix + key)
	if !ok {
		return "", statement.Ref{}, false
	}
	return id[:i], ref, true
}

// markSharedTitles sets TitleShared on every statement whose title, in
// one of its languages, another statement has too (compared without case
// and with runs of spaces as one).
func markSharedTitles(sts []*statement.Statement) {
	key := func(lang, title string) string {
		return lang + "\x00" + strings.ToLower(strings.Join(strings.Fields(title), " "))
	}
	holders := map[string]map[string]bool{}
	for _, st := range sts {
		for lang, t := range st.Title {
			k := key(lang, t)
			if holders[k] == nil {
				holders[k] = map[string]bool{}
			}
			holders[k][st.ID] = true
		}
	}
	for _, st := range sts {
		for lang, t := range st.Title {
			if len(holders[key(lang, t)]) > 1 {
				st.TitleShared = true
			}
		}
	}
}

// Open opens the index at root (the folder given to ingest) read-only. It
// fails with an error wrapping ErrNoIndex when there is none, ErrStale when
// it was built by another mapping version; each error names the path and the
// command that builds the index.
func Open(root string) (*Index, error) {
	gen, err := currentGeneration(root)
	if err != nil {
		return nil, err
	}
	dirs, err := filepath.Glob(filepath.Join(gen, shardPrefix+"*"))
	if err != nil || len(dirs) == 0 {
		return nil, &openError{path: root, err: ErrStale, why: "the index holds no shards; it was built by another version of the archive or is damaged"}
	}
	sort.Strings(dirs)
	var shards []bleve.Index
	closeAll := func() {
		for _, b := range shards {
			b.Close()
		}
	}
	for _, d := range dirs {
		b, err := bleve.OpenUsing(d, map[string]interface{}{"read_only": true, "bolt_timeout": "10s"})
		if err != nil {
			closeAll()
			return nil, &openError{path: root, err: err, why: fmt.Sprintf("the index is unreadable (%v)", err)}
		}
		shards = append(shards, b)
	}
	x, err := load(root, gen, shards)
	if err != nil {
		closeAll()
		return nil, err
	}
	return x, nil
}

func load(root, gen string, shards []bleve.Index) (*Index, error) {
	b := shards[0]
	v, err := b.GetInternal(keyVersion)
	if err != nil {
		return nil, &openError{path: root, err: err, why: fmt.Sprintf("the index is unreadable (%v)", err)}
	}
	if string(v) != strconv.Itoa(MappingVersion) {
		found := string(v)
		if found == "" {
			found = "none"
		}
		return nil, &openError{path: root, err: ErrStale, why: fmt.Sprintf("the index was built with mapping version %s and this archive reads version %d", found, MappingVersion)}
	}
	if n, _ := b.GetInternal(keyShards); string(n) != strconv.Itoa(len(shards)) {
		return nil, &openError{path: root, err: ErrStale, why: fmt.Sprintf("the index should have %s shards and has %d: it is damaged", n, len(shards))}
	}
	raw, err := os.ReadFile(filepath.Join(gen, catalogFile))
	if err != nil || len(raw) == 0 {
		return nil, &openError{path: root, err: ErrStale, why: "the index holds no statement catalog"}
	}
	x := &Index{root: root, gen: gen, shards: shards, alias: bleve.NewIndexAlias(shards...), byID: map[string]*statement.Statement{}}
	if err := json.Unmarshal(raw, &x.cat); err != nil {
		return nil, &openError{path: root, err: err, why: fmt.Sprintf("the statement catalog is unreadable (%v)", err)}
	}
	for _, r := range x.cat.Statements {
		st, err := r.statement()
		if err != nil {
			return nil, &openError{path: root, err: err, why: err.Error()}
		}
		x.byID[st.ID] = st
		x.sorted = append(x.sorted, st)
		for _, a := range st.Aliases {
			if x.renamed == nil {
				x.renamed = map[string]string{}
			}
			x.renamed[a] = st.ID
		}
	}
	var metaRevisions map[string][]statement.MetaRevision
	if x.revisions, metaRevisions, err = readRevisions(gen); err != nil {
		return nil, &openError{path: root, err: err, why: err.Error()}
	}
	for id, revs := range metaRevisions {
		if st, ok := x.byID[id]; ok {
			st.MetaRevisions = revs
		}
	}
	markSharedTitles(x.sorted)
	SortNewestFirst(x.sorted)
	x.refs = newRefIndex(x.sorted)
	x.counts, x.rows = map[string]int{}, map[string]int{}
	for _, st := range x.sorted {
		for l, n := range st.ParagraphCount() {
			x.counts[l] += n
		}
		for _, p := range st.Paragraphs {
			for l := range p.Text {
				x.rows[l]++
			}
		}
	}
	for l := range x.counts {
		x.langs = append(x.langs, l)
	}
	sort.Strings(x.langs)
	x.keys = newFacetKeys(x.sorted)
	x.pairs = map[string]analysis.Analyzer{}
	for _, l := range x.langs {
		if a := b.Mapping().AnalyzerNamed(pairAnalyzerName(l)); a != nil {
			x.pairs[l] = a
		}
	}
	if err := x.buildTables(); err != nil {
		return nil, &openError{path: root, err: ErrStale, why: fmt.Sprintf("the index's documents are unreadable (%v)", err)}
	}
	return x, nil
}

// SortNewestFirst orders statements by date, newest first, undated ones
// last, then by ID.
func SortNewestFirst(sts []*statement.Statement) {
	sort.SliceStable(sts, func(i, j int) bool {
		a, b := sts[i], sts[j]
		if a.HasDate() != b.HasDate() {
			return a.HasDate()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.ID < b.ID
	})
}

// Close releases the index. Closing twice is harmless.
func (x *Index) Close() error {
	x.closeOnce.Do(func() {
		var errs []error
		for _, b := range x.shards {
			errs = append(errs, b.Close())
		}
		x.closeErr = errors.Join(errs...)
	})
	return x.closeErr
}

// Bleve returns the index to search: an alias over every shard, which
// searches them in parallel and merges the hits. The search package builds
// every query.
func (x *Index) Bleve() bleve.Index { return x.alias }

// Ping checks that the generation the index reads is still on disk (an
// error wrapping ErrGenerationGone if not) and that every shard answers a
// query.
func (x *Index) Ping(ctx context.Context) error {
	if err := x.present(); err != nil {
		return err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	res, err := x.alias.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	if res.Status != nil && res.Status.Failed > 0 {
		return fmt.Errorf("%d of %d shards failed", res.Status.Failed, res.Status.Total)
	}
	return nil
}

// Analyzer returns the analyzer of a language's text field, for analysing
// query terms the way the text was.
func (x *Index) Analyzer(lang string) analysis.Analyzer {
	return x.shards[0].Mapping().AnalyzerNamed(AnalyzerName(lang))
}

// Built returns when the index was built.
func (x *Index) Built() time.Time { return x.cat.Built }

// Statements returns every statement's metadata, newest first. Paragraphs
// carry their keys and languages but no text. The slice is shared: do not
// modify it.
func (x *Index) Statements() []*statement.Statement { return x.sorted }

// Lookup returns a statement's metadata, as Statements does, or false.
func (x *Index) Lookup(id string) (*statement.Statement, bool) {
	st, ok := x.byID[id]
	return st, ok
}

// Revisions returns the revisions of a statement's rows, in the order
// they were accepted (statement.Versions reads them).
func (x *Index) Revisions(id string) []statement.Revision { return x.revisions[id] }

// Renamed returns the identifier a statement published under id has now,
// if id is one of its aliases.
func (x *Index) Renamed(id string) (string, bool) {
	now, ok := x.renamed[id]
	return now, ok
}

// Languages returns every language of the archive, in code order. The
// slice is shared: do not modify it.
func (x *Index) Languages() []string { return x.langs }

// ParagraphCounts returns how many paragraphs the archive holds in each
// language. The map is shared: do not modify it.
func (x *Index) ParagraphCounts() map[string]int { return x.counts }

// Statement returns a statement with the text of every paragraph, read from
// the index. It returns ErrNotFound for an unknown ID.
func (x *Index) Statement(id string) (*statement.Statement, error) {
	meta, ok := x.byID[id]
	if !ok {
		return nil, fmt.Errorf("statement %q: %w", id, ErrNotFound)
	}
	st := *meta
	st.Paragraphs = make([]statement.Paragraph, len(meta.Paragraphs))
	for i, p := range meta.Paragraphs {
		texts, err := x.texts(id, p, "")
		if err != nil {
			return nil, err
		}
		st.Paragraphs[i] = statement.Paragraph{Kind: p.Kind, Key: p.Key, Sub: p.Sub, Text: texts}
	}
	return &st, nil
}

// Paragraph returns one row of a statement in every language that has
// it. It returns ErrNotFound for an unknown statement or row.
func (x *Index) Paragraph(id string, ref statement.Ref) (statement.Paragraph, error) {
	row, err := x.row(id, ref)
	if err != nil {
		return statement.Paragraph{}, err
	}
	texts, err := x.texts(id, row, "")
	if err != nil {
		return statement.Paragraph{}, err
	}
	return statement.Paragraph{Kind: ref.Kind, Key: ref.Key, Sub: ref.Sub, Text: texts}, nil
}

// Translations returns a row in every language of its statement but
// lang: what a search hit in lang shows beside it, without reading the
// hit's own text again.
func (x *Index) Translations(id string, ref statement.Ref, lang string) (map[string]string, error) {
	row, err := x.row(id, ref)
	if err != nil {
		return nil, err
	}
	return x.texts(id, row, lang)
}

// row returns a row of the catalog, which says its languages.
func (x *Index) row(id string, ref statement.Ref) (statement.Paragraph, error) {
	meta, ok := x.byID[id]
	if !ok {
		return statement.Paragraph{}, fmt.Errorf("statement %q: %w", id, ErrNotFound)
	}
	p, ok := meta.Row(ref)
	if !ok {
		return statement.Paragraph{}, fmt.Errorf("statement %q row %s: %w", id, ref, ErrNotFound)
	}
	return p, nil
}

// texts reads the stored text of a row in each language that has it,
// but skip, from the row's one document.
func (x *Index) texts(id string, p statement.Paragraph, skip string) (map[string]string, error) {
	docID := DocID(id, p.Ref())
	doc, err := x.shards[shardOf(id, len(x.shards))].Document(docID)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", docID, err)
	}
	if doc == nil {
		return nil, fmt.Errorf("read %s: the index lacks a row its catalog lists: rebuild it with `archive ingest -index %s`", docID, x.root)
	}
	out := make(map[string]string, len(p.Text))
	doc.VisitFields(func(f bleveindex.Field) {
		lang, ok := strings.CutPrefix(f.Name(), "text_")
		if !ok || lang == skip {
			return
		}
		if _, has := p.Text[lang]; has {
			out[lang] = string(f.Value())
		}
	})
	return out, nil
}

// storedText reads one row's text in one language.
func (x *Index) storedText(id string, ref statement.Ref, lang string) (string, error) {
	texts, err := x.texts(id, statement.Paragraph{Kind: ref.Kind, Key: ref.Key, Sub: ref.Sub, Text: map[string]string{lang: ""}}, "")
	if err != nil {
		return "", err
	}
	return texts[lang], nil
}

// cloneMap returns a copy of m whose keys and values are copies, nil for
// nil: see newRecord.
func cloneMap[M ~map[string]string](m M) M {
	if m == nil {
		return nil
	}
	out := make(M, len(m))
	for k, v := range m {
		out[strings.Clone(k)] = strings.Clone(v)
	}
	return out
}

// cloneStrings returns a copy of s whose strings are copies, nil for nil.
func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.Clone(v)
	}
	return out
}
