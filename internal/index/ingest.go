package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"

	"statementarchive/internal/ledger"
	"statementarchive/internal/statement"
)

// DefaultBatchSize is how many paragraph documents go to Bleve in one batch.
// Memory during ingestion is bounded by the batch, not by the corpus: each
// shard holds a batch's documents and their analysis until Bleve has made
// a segment of them. At 300,000 paragraphs, batches of 500 gave a peak RSS
// of 516 MB against 943 MB with 2,000, for as long an ingest.
const DefaultBatchSize = 500

// IngestOptions tunes an ingest; the zero value is ready to use.
type IngestOptions struct {
	// BatchSize is the number of documents per Bleve batch (DefaultBatchSize if 0).
	BatchSize int
	// Workers is how many files are parsed at once (GOMAXPROCS if 0).
	Workers int
	// Shards is how many Bleve indexes the corpus is split into, each
	// written and searched in parallel (GOMAXPROCS if 0, at most 8).
	Shards int
	// Progress, if set, is called as files are checked, as statements are
	// written into the index, and as its shards are merged: one call at a
	// time, from the ingest's goroutines.
	Progress func(Progress)
	// AllowChanges lets an ingest change what existing permalinks show.
	// Without it, an ingest that would is refused with a *ChangesError.
	// With a Ledger, it needs a Reason, and each change is recorded as a
	// revision.
	AllowChanges bool
	// Ledger, if set, is every permalink published before, which the
	// ingest compares with whatever index root holds (or none): it
	// refuses a change to any of them, and on success records the
	// permalinks it adds and the revisions it was allowed to make in it,
	// for the caller to write. LedgerName names it in messages.
	Ledger     *ledger.Ledger
	LedgerName string
	// FrozenLedger refuses a permalink the Ledger does not record yet: for
	// a release build, whose ledger must already be committed whole.
	FrozenLedger bool
	// NewLedger says the Ledger is new (no file held one): the ingest is
	// refused if the index it would replace has published permalinks, or
	// cannot tell, since the ledger of what it published is missing.
	NewLedger bool
	// Reason is why the changes AllowChanges lets through were made, kept
	// in each revision.
	Reason string
	// LedgerOnly compares the statements with the Ledger alone, not with
	// the index root holds: for an index that is only a copy of statements
	// whose ledger is the record (serve's default index, rebuilt by each
	// new binary from the statements and ledger it carries).
	LedgerOnly bool
}

// Progress reports how far an ingest has come.
type Progress struct {
	// Phase is "check" while every file is read and validated (Done and
	// Total count files), then "index" while the statements are written
	// into the shards (Done counts statements whose rows Bleve has taken,
	// not statements parsed, which run ahead of the writing), then "merge"
	// while each shard is merged into one segment (Done and Total count
	// bytes of segments, mergeShards): the merge is a third to a half of
	// the time of a large ingest, and a bar that ended with the writing
	// said nothing was left to do while it ran.
	Phase       string
	Done, Total int64
}

// Ingest phases, as Progress names them.
const (
	PhaseCheck = "check"
	PhaseIndex = "index"
	PhaseMerge = "merge"
)

// Summary describes a finished ingest.
type Summary struct {
	Path       string
	Statements int
	// Paragraphs counts the paragraphs indexed in each language, the
	// preambles included; Headings and Footnotes count those rows in all
	// languages together.
	Paragraphs          map[string]int
	Headings, Footnotes int
	Duration            time.Duration
	// Added counts the permalinks (a paragraph in a language) the index it
	// replaced did not have; Changed those whose text changed or that are
	// gone (only with AllowChanges). Compared is false when the index
	// replaced predates permalink fingerprints or could not be read, so
	// nothing was compared.
	Added, Changed int
	Compared       bool
	// LedgerAdded and LedgerRevised count the permalinks recorded in the
	// ledger, and the revisions, when the ingest had one.
	LedgerAdded, LedgerRevised int
}

// TotalParagraphs returns the paragraphs indexed in all languages together.
func (s Summary) TotalParagraphs() int {
	n := 0
	for _, c := range s.Paragraphs {
		n += c
	}
	return n
}

// Ingest reads every source, and only if all of them are valid statements
// builds a new index beside the one at root and swaps it in. Invalid input
// gives statement.Problems listing every problem in every file, and leaves
// root as it was. So does any other failure, a cancelled ctx, or a kill: the
// index at root stays whole and servable throughout, and an error says what
// failed and what to do.
//
// Ingest deletes only what it made: root must be new, empty, or an index
// folder ingest built (see surveyIndex); a folder holding anything else is
// refused and left as it is.
//
// If the new index was swapped in but cleaning up after it failed, Ingest
// returns the Summary, with its Path set, along with the error.
func Ingest(ctx context.Context, root string, sources []statement.Source, opt IngestOptions) (Summary, error) {
	start := time.Now()
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Shards <= 0 {
		opt.Shards = min(runtime.GOMAXPROCS(0), 8)
	}
	if len(sources) == 0 {
		return Summary{}, errors.New("no statement files to ingest: give .txt statement files or a folder holding them")
	}
	if opt.Reason != "" {
		if err := checkReason(opt.Reason); err != nil {
			return Summary{}, err
		}
	}
	// Refuse a folder that is not ours before the files are read, so the
	// user learns it at once; it is checked again under the lock.
	if s, err := surveyIndex(root); err != nil {
		return Summary{}, err
	} else if err := s.refuseForeign(root); err != nil {
		return Summary{}, err
	}

	langs, sums, entries, byID, renamed, sample, err := check(ctx, sources, opt)
	if err != nil {
		return Summary{}, err
	}

	if err := os.MkdirAll(root, 0o755); err != nil {
		return Summary{}, fmt.Errorf("create the index folder %s (%v): check the path, and that the user running ingest can write there", root, unwrapPathError(err))
	}
	unlock, err := lockIngest(root)
	if err != nil {
		return Summary{}, err
	}
	defer unlock()
	survey, err := surveyIndex(root)
	if err != nil {
		return Summary{}, err
	}
	if err := survey.refuseForeign(root); err != nil {
		return Summary{}, err
	}
	if err := claimIndex(root, survey); err != nil {
		return Summary{}, err
	}
	// Permalinks are cited: refuse to change what they show, unless told.
	old, compared := previousSums(root)
	changed, added := compareSums(old, sums, renamed)
	if opt.Ledger != nil && opt.LedgerOnly {
		changed, compared = nil, false
	}
	if len(changed) > 0 && !opt.AllowChanges {
		return Summary{}, &ChangesError{Path: root, Total: len(changed), Changes: quoteChanges(root, changed, byID), Inserted: sumsHints(changed, old, sums)}
	}
	var revised []ledger.Change
	var recorded []ledger.Entry
	if opt.Ledger != nil && opt.NewLedger && !opt.LedgerOnly {
		if err := refuseMissingLedger(root, opt.LedgerName, old, compared); err != nil {
			return Summary{}, err
		}
	}
	if opt.Ledger != nil {
		revised, recorded = opt.Ledger.Compare(entries, renamed)
		if len(revised) > 0 && !opt.AllowChanges {
			return Summary{}, &ChangesError{Path: root, Against: "published in the ledger " + opt.LedgerName, Total: len(revised), Changes: ledgerChanges(root, revised, byID), Inserted: ledgerHints(revised, entries)}
		}
		if len(revised) > 0 {
			if err := checkReason(opt.Reason); err != nil {
				return Summary{}, err
			}
		}
		if opt.FrozenLedger && (len(recorded) > 0 || len(revised) > 0) {
			return Summary{}, frozenError(opt.LedgerName, recorded, revised)
		}
		// The words revisions replace are read from the index before the
		// new one replaces it.
		if err := revise(root, opt.Ledger, revised, recorded, strings.TrimSpace(opt.Reason), time.Now()); err != nil {
			return Summary{}, err
		}
	}
	if err := removeUnused(root); err != nil {
		return Summary{}, fmt.Errorf("remove unused generations in %s (%w): check that the user running ingest can write there", root, err)
	}

	gen, err := createGeneration(root, time.Now())
	if err != nil {
		return Summary{}, err
	}
	genPath := filepath.Join(root, gen)
	sum, err := build(ctx, genPath, langs, sums, sample, sources, servedRevisions(opt.Ledger, renamed, byID), opt)
	if err != nil {
		// The generation is ours: createGeneration made and marked it.
		if rmErr := os.RemoveAll(genPath); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("remove the unfinished index %s (%w): delete it by hand, or the next ingest will", genPath, rmErr))
		}
		return Summary{}, err
	}
	if err := swap(root, gen); err != nil {
		err = fmt.Errorf("switch %s to the new index (%w): check that the user running ingest can write there", root, err)
		if t, linkErr := os.Readlink(filepath.Join(root, currentLink)); linkErr == nil && t == gen {
			sum.Path = root
			sum.Duration = time.Since(start)
			return sum, err
		}
		if rmErr := os.RemoveAll(genPath); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("remove the unused new index %s (%w): delete it by hand, or the next ingest will", genPath, rmErr))
		}
		return Summary{}, err
	}
	sum.Path = root
	sum.Duration = time.Since(start)
	sum.Added, sum.Changed, sum.Compared = added, len(changed), compared
	sum.LedgerAdded, sum.LedgerRevised = len(recorded), len(revised)
	if err := removeUnused(root); err != nil {
		return sum, fmt.Errorf("the new index is in place, but removing old generations in %s failed (%w): the next ingest will try again", root, err)
	}
	return sum, nil
}

// check parses every source, collecting every problem, and returns the
// languages of the corpus, the fingerprint of every permalink, each
// statement's source by ID, and the sample that decides which words pair.
func check(ctx context.Context, sources []statement.Source, opt IngestOptions) ([]string, textSums, []ledger.Entry, map[string]statement.Source, map[string]string, *pairSample, error) {
	var entries []ledger.Entry
	renamed := map[string]string{} // alias → the statement that declares it
	aliasPath := map[string]string{}
	var problems statement.Problems
	firstPath := map[string]string{}
	sums := textSums{}
	byID := map[string]statement.Source{}
	langSet := map[string]bool{}
	sample := newPairSample(len(sources))
	done := 0
	err := parseAll(ctx, sources, opt.Workers, func(src statement.Source, st *statement.Statement, err error) error {
		done++
		if opt.Progress != nil {
			opt.Progress(Progress{Phase: PhaseCheck, Done: int64(done), Total: int64(len(sources))})
		}
		if err != nil {
			var ps statement.Problems
			if !errors.As(err, &ps) {
				return err
			}
			problems = append(problems, ps...)
			return nil
		}
		// Whatever is kept is copied: a parsed statement's strings are
		// slices of its whole file (see newRecord).
		for _, l := range st.Languages {
			if !langSet[l] {
				langSet[strings.Clone(l)] = true
			}
		}
		id := strings.Clone(st.ID)
		if other, dup := firstPath[id]; dup {
			a, b := other, src.Path
			if b < a {
				a, b = b, a
			}
			problems = append(problems, statement.Problem{Path: b, Msg: fmt.Sprintf("statement ID %q is already used by %s: IDs are permalinks and must be unique, so rename one of the files", id, a)})
			return nil
		}
		firstPath[id] = src.Path
		byID[id] = src
		for _, a := range st.Aliases {
			if other, dup := renamed[a]; dup {
				problems = append(problems, statement.Problem{Path: src.Path, Msg: fmt.Sprintf("alias %q is also declared by %s (%s): an identifier's permalinks can lead to one statement only", a, other, aliasPath[a])})
				continue
			}
			a = strings.Clone(a)
			renamed[a], aliasPath[a] = id, src.Path
		}
		sums.add(st)
		if opt.Ledger != nil {
			for _, e := range ledger.Entries(st) {
				e.Statement, e.Lang = strings.Clone(e.Statement), strings.Clone(e.Lang)
				entries = append(entries, e)
			}
		}
		sample.add(st)
		return nil
	})
	if err != nil {
		return nil, nil, nil, nil, nil, nil, err
	}
	for a, id := range renamed {
		if path, taken := firstPath[a]; taken {
			problems = append(problems, statement.Problem{Path: aliasPath[a], Msg: fmt.Sprintf("alias %q of %s is the identifier of the statement in %s: a renamed statement's former identifier cannot be used again", a, id, path)})
		}
	}
	if len(problems) > 0 {
		problems.Sort()
		return nil, nil, nil, nil, nil, nil, problems
	}
	langs := make([]string, 0, len(langSet))
	for l := range langSet {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	return langs, sums, entries, byID, renamed, sample, nil
}

// buildConfig tunes Bleve's index writer for a bulk build: the writer
// pauses when unpersisted segments pass this size, so that memory stays
// bounded however large the corpus (by default it never pauses).
var buildConfig = map[string]interface{}{
	"scorchPersisterOptions": map[string]interface{}{
		"MemoryPressurePauseThreshold": 192 << 20,
	},
}

// mergeShards merges each closed shard's segments into one before the new
// index is published: a build leaves dozens of segments per shard, and a
// search reads every segment's dictionary and postings for each term, so
// one segment answers rare words faster and takes less disk. Each shard is
// opened for writing, merged, closed, and rid of the segments the merge
// replaced, one shard at a time, so that one shard's segments are mapped
// at once, not every shard's.
//
// merged is told how far the merge has come in bytes of the shards' live
// segments (total): those of the shards merged, plus the running shard's
// share as far as its merge has written (checked every quarter second).
// A shard of n segments is merged in about log10(n) rounds (each merges up
// to ten segments into one), each rewriting about the whole shard, so a
// shard's share is what its merge has written against its size times its
// rounds. It is an estimate, and never goes backwards: a round deletes the
// segments it replaced, and the count keeps the most written so far.
func mergeShards(ctx context.Context, dirs []string, merged func(done, total int64)) error {
	sizes := make([]int64, len(dirs))
	rounds := make([]int64, len(dirs))
	var total, done int64
	for i, dir := range dirs {
		n, segments, err := liveBytes(dir)
		if err != nil {
			return err
		}
		sizes[i] = n
		rounds[i] = int64(max(1, math.Ceil(math.Log10(float64(max(segments, 1))))))
		total += n
	}
	merged(0, total)
	for i, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := bleve.OpenUsing(dir, map[string]interface{}{"bolt_timeout": "10s"})
		if err != nil {
			return fmt.Errorf("open index shard %s to merge it (%w): %s", dir, err, diskAdvice)
		}
		expected := float64(sizes[i]) * float64(rounds[i])
		stop := watchMerge(dir, func(written int64) {
			share := int64(float64(sizes[i]) * min(float64(written), expected) / expected)
			merged(done+min(share, sizes[i]), total)
		})
		err = mergeToOne(ctx, b)
		stop()
		if cerr := b.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("merge index shard %s (%w): %s", dir, err, diskAdvice)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := dropMergedSegments(dir); err != nil {
			return err
		}
		if err := syncDir(dir); err != nil {
			return err
		}
		done += sizes[i]
		merged(done, total)
	}
	return nil
}

// liveBytes returns the size and the number of the segments a closed
// shard's latest snapshot uses.
func liveBytes(dir string) (size int64, segments int, err error) {
	b, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true, "bolt_timeout": "10s"})
	if err != nil {
		return 0, 0, fmt.Errorf("open index shard %s to measure it (%w): %s", dir, err, diskAdvice)
	}
	live, err := liveSegments(b)
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, fmt.Errorf("list the segments of index shard %s (%w): %s", dir, err, diskAdvice)
	}
	var n int64
	for name := range live {
		fi, err := os.Stat(filepath.Join(dir, "store", name))
		if err != nil {
			return 0, 0, err
		}
		n += fi.Size()
	}
	return n, len(live), nil
}

// mergeWatchInterval is how often a merge's progress is read.
const mergeWatchInterval = 250 * time.Millisecond

// watchMerge calls wrote, every mergeWatchInterval until stop is called,
// with the bytes of every segment file the shard in dir has gained since
// the call, deleted ones included (what its merge rounds have written),
// whenever they are more than it last said. No call comes after stop
// returns.
func watchMerge(dir string, wrote func(written int64)) (stop func()) {
	store := filepath.Join(dir, "store")
	before := map[string]bool{}
	if names, err := filepath.Glob(filepath.Join(store, "*.zap")); err == nil {
		for _, n := range names {
			before[n] = true
		}
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		// seen keeps each new file's largest size: a round's files still
		// count once the next round has replaced and deleted them.
		seen := map[string]int64{}
		var most int64
		t := time.NewTicker(mergeWatchInterval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			names, err := filepath.Glob(filepath.Join(store, "*.zap"))
			if err != nil {
				continue
			}
			for _, name := range names {
				if before[name] {
					continue
				}
				if fi, err := os.Stat(name); err == nil && fi.Size() > seen[name] {
					seen[name] = fi.Size()
				}
			}
			var n int64
			for _, size := range seen {
				n += size
			}
			if n > most {
				most = n
				wrote(most)
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}

// diskAdvice ends the message of a failure to write the new index.
const diskAdvice = "check that the user running ingest can write to the index folder and that the disk has room"

// newShard creates one empty shard of a generation; tests replace it to
// inject a fault.
var newShard = func(dir string, m mapping.IndexMapping) (bleve.Index, error) {
	return bleve.NewUsing(dir, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, buildConfig)
}

// build writes a whole index at genPath: one Bleve index per shard, each
// written by its own goroutine, so that analysis and segment writing use
// every core.
func build(ctx context.Context, genPath string, langs []string, sums textSums, sample *pairSample, sources []statement.Source, revisions map[string][]revisionRecord, opt IngestOptions) (Summary, error) {
	base, err := newMapping(langs, nil)
	if err != nil {
		return Summary{}, fmt.Errorf("index mapping: %w", err)
	}
	frequent := sample.frequentWords(base, langs)
	m, err := newMapping(langs, frequent)
	if err != nil {
		return Summary{}, fmt.Errorf("index mapping: %w", err)
	}
	shards := make([]bleve.Index, opt.Shards)
	defer func() {
		for _, b := range shards {
			if b != nil {
				b.Close()
			}
		}
	}()
	for i := range shards {
		// Assigned only on success: a failed bleve.NewUsing returns a
		// typed nil, which the deferred Close would call.
		b, err := newShard(shardDir(genPath, i), m)
		if err != nil {
			return Summary{}, fmt.Errorf("create index shard %s (%w): %s", shardDir(genPath, i), err, diskAdvice)
		}
		shards[i] = b
	}

	// Progress comes from the writers and then the merge, one call at a
	// time.
	var progressMu sync.Mutex
	report := func(p Progress) {
		if opt.Progress != nil {
			progressMu.Lock()
			defer progressMu.Unlock()
			opt.Progress(p)
		}
	}
	written := 0
	wrote := func(n int) {
		progressMu.Lock()
		written += n
		done := written
		progressMu.Unlock()
		report(Progress{Phase: PhaseIndex, Done: int64(done), Total: int64(len(sources))})
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	queues := make([]chan *statement.Statement, len(shards))
	var writers sync.WaitGroup
	for i := range shards {
		queues[i] = make(chan *statement.Statement, 16)
		writers.Add(1)
		go func(b bleve.Index, queue <-chan *statement.Statement) {
			defer writers.Done()
			if err := writeShard(b, queue, opt.BatchSize, frequent, wrote); err != nil {
				cancel(err)
				for range queue {
					// drain so the dispatcher never blocks
				}
			}
		}(shards[i], queues[i])
	}

	sum := Summary{Paragraphs: map[string]int{}}
	counted := map[string]string{} // language codes, copied
	var records []record
	err = parseAll(ctx, sources, opt.Workers, func(src statement.Source, st *statement.Statement, err error) error {
		if err != nil {
			return fmt.Errorf("%s changed while it was being ingested; run the ingest again:\n%w", src.Path, err)
		}
		select {
		case queues[shardOf(st.ID, len(shards))] <- st:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		for _, p := range st.Paragraphs {
			switch p.Kind {
			case statement.Heading:
				sum.Headings += len(p.Text)
			case statement.Footnote:
				sum.Footnotes += len(p.Text)
			default:
				for lang := range p.Text {
					sum.Paragraphs[copied(counted, lang)]++
				}
			}
		}
		records = append(records, newRecord(st))
		sum.Statements++
		return nil
	})
	for _, q := range queues {
		close(q)
	}
	writers.Wait()
	if cause := context.Cause(ctx); err == nil && cause != nil {
		err = cause
	}
	if err != nil {
		return Summary{}, err
	}

	sort.Slice(records, func(i, j int) bool { return records[i].ID < records[j].ID })
	cat, err := json.Marshal(catalog{Built: time.Now().UTC(), Statements: records})
	if err != nil {
		return Summary{}, err
	}
	sumsJSON, err := json.Marshal(sums)
	if err != nil {
		return Summary{}, err
	}
	// The catalog and the fingerprints are files of the generation, not
	// values of Bleve's internal store, which a shard loads whole into
	// memory when it opens and keeps there: at a million rows they were
	// a second of the server's start and a tenth of its memory.
	revisionsJSON, err := json.Marshal(revisions)
	if err != nil {
		return Summary{}, err
	}
	for name, val := range map[string][]byte{catalogFile: cat, sumsFile: sumsJSON, revisionsFile: revisionsJSON} {
		if err := writeSynced(filepath.Join(genPath, name), val); err != nil {
			return Summary{}, fmt.Errorf("write %s (%w): %s", name, err, diskAdvice)
		}
	}
	first := shards[0]
	for key, val := range map[string][]byte{
		string(keyShards):  []byte(strconv.Itoa(len(shards))),
		string(keyVersion): []byte(strconv.Itoa(MappingVersion)),
	} {
		if err := first.SetInternal([]byte(key), val); err != nil {
			return Summary{}, fmt.Errorf("write %s to the new index (%w): %s", key, err, diskAdvice)
		}
	}
	// Closing a shard persists every segment it holds in memory; only
	// then is each merged into one, so that none is left out of the merge.
	for i, b := range shards {
		shards[i] = nil
		if err := b.Close(); err != nil {
			return Summary{}, fmt.Errorf("close index shard %s (%w): %s", shardDir(genPath, i), err, diskAdvice)
		}
	}
	dirs := make([]string, opt.Shards)
	for i := range dirs {
		dirs[i] = shardDir(genPath, i)
	}
	if err := mergeShards(ctx, dirs, func(done, total int64) { report(Progress{Phase: PhaseMerge, Done: done, Total: total}) }); err != nil {
		return Summary{}, err
	}
	return sum, syncDir(genPath)
}

// maxMergeRounds bounds the force-merges of one shard: each merges up to
// ten segments into one per task, so a shard of a thousand segments is
// one after three.
const maxMergeRounds = 8

// mergeToOne force-merges an open shard until it holds one segment.
func mergeToOne(ctx context.Context, b bleve.Index) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	m, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil // not a scorch index: nothing to merge
	}
	for round := 0; round < maxMergeRounds; round++ {
		if err := m.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			return err
		}
		if err := settle(ctx, m); err != nil {
			return err
		}
		r, err := m.Reader()
		if err != nil {
			return err
		}
		n := len(r.(*scorch.IndexSnapshot).Segments())
		if err := r.Close(); err != nil {
			return err
		}
		if n <= 1 {
			return nil
		}
	}
	return nil
}

// maxSettle bounds the wait for a shard's background work after a merge.
const maxSettle = time.Minute

// settle waits until Bleve has persisted a shard's current snapshot:
// ForceMerge returns once the merged segment is in memory's snapshot, and
// a shard closed before the persister writes that snapshot keeps the one
// before the merge. Bleve signals no event for it; its stats say when
// (LastPersistedEpoch reaching CurRootEpoch), read every 10 ms.
// Past maxSettle the merge is left as it is: the snapshot on disk is
// whole either way, and dropMergedSegments keeps what it names.
func settle(ctx context.Context, m *scorch.Scorch) error {
	deadline := time.Now().Add(maxSettle)
	for {
		stats := m.StatsMap()
		root, _ := stats["CurRootEpoch"].(uint64)
		persisted, _ := stats["LastPersistedEpoch"].(uint64)
		if persisted >= root || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// dropMergedSegments removes the segment files of a closed shard that its
// latest snapshot does not use: Bleve deletes the segments a merge
// replaced in the background and keeps an older snapshot naming them, so
// a shard closed after the final merge kept some on disk (at a million
// rows, 0.7 GB of a 2.4 GB index). A shard opens its latest snapshot
// only, and the served index is never written again.
func dropMergedSegments(dir string) error {
	b, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true, "bolt_timeout": "10s"})
	if err != nil {
		return fmt.Errorf("reopen index shard %s to remove merged segments (%w): %s", dir, err, diskAdvice)
	}
	live, err := liveSegments(b)
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("list the segments of index shard %s (%w): %s", dir, err, diskAdvice)
	}
	files, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if !live[filepath.Base(f)] {
			if err := os.Remove(f); err != nil {
				return fmt.Errorf("remove the merged segment %s (%w): %s", f, err, diskAdvice)
			}
		}
	}
	return nil
}

// liveSegments returns the file names of the segments an open shard's
// latest snapshot uses. It fails rather than return a partial list.
func liveSegments(b bleve.Index) (map[string]bool, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("the shard's reader is a %T, not a scorch snapshot", r)
	}
	live := map[string]bool{}
	for _, ss := range snap.Segments() {
		p, ok := ss.Segment().(interface{ Path() string })
		if !ok {
			return nil, errors.New("a segment of the shard is not on disk")
		}
		live[filepath.Base(p.Path())] = true
	}
	return live, nil
}

// writeSynced writes a file and syncs it to disk.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeShard indexes the statements of one shard in batches: each
// statement's document, then a document per row. wrote is told how many
// statements each batch written completed.
func writeShard(b bleve.Index, queue <-chan *statement.Statement, batchSize int, pairs map[string][]string, wrote func(statements int)) error {
	batch := b.NewBatch()
	analysers := map[string]*rowAnalyser{}
	analyser := func(lang string) *rowAnalyser {
		ra, ok := analysers[lang]
		if !ok {
			if an := b.Mapping().AnalyzerNamed(AnalyzerName(lang)); an != nil {
				ra = newRowAnalyser(an)
			}
			analysers[lang] = ra
		}
		return ra
	}
	complete := 0 // statements whose every document is in batch
	flush := func() error {
		if err := b.Batch(batch); err != nil {
			return fmt.Errorf("write to the new index (%w): %s", err, diskAdvice)
		}
		batch.Reset()
		if complete > 0 {
			wrote(complete)
			complete = 0
		}
		return nil
	}
	add := func(id string, doc map[string]interface{}) error {
		if err := batch.Index(id, doc); err != nil {
			return fmt.Errorf("index %s: %w", id, err)
		}
		if batch.Size() >= batchSize {
			return flush()
		}
		return nil
	}
	for st := range queue {
		if err := add(st.ID, statementDoc(st)); err != nil {
			return err
		}
		for _, p := range st.Paragraphs {
			if err := add(DocID(st.ID, p.Ref()), rowDoc(st, p, pairs, analyser)); err != nil {
				return err
			}
		}
		complete++
	}
	if batch.Size() > 0 {
		return flush()
	}
	if complete > 0 {
		wrote(complete)
	}
	return nil
}

// filterFields are the fields a search filters and counts by, which a
// statement's documents all carry.
func filterFields(st *statement.Statement) map[string]interface{} {
	doc := map[string]interface{}{FieldStatement: st.ID}
	if st.Issuer != "" {
		doc[FieldIssuer] = st.Issuer
	}
	if st.HasDate() {
		doc[FieldDate] = st.Date
		doc[FieldYear] = strconv.Itoa(st.Date.Year())
	}
	if len(st.Tags) > 0 {
		doc[FieldTag] = st.Tags
	}
	return doc
}

// rowDoc is the document of one row in every language it has, with its
// terms in each (as analyser(lang) makes them, when it has an analyser),
// and its pairs of frequent words in each language that has some.
func rowDoc(st *statement.Statement, p statement.Paragraph, pairs map[string][]string, analyser func(lang string) *rowAnalyser) map[string]interface{} {
	doc := filterFields(st)
	langs := make([]string, 0, len(p.Text))
	for lang, text := range p.Text {
		doc[TextField(lang)] = text
		if ra := analyser(lang); ra != nil {
			doc[TermsField(lang)] = encodeRowTerms(text, ra.tokens(text))
		}
		if len(pairs[lang]) > 0 {
			doc[PairField(lang)] = text
		}
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	doc[FieldLang] = langs
	return doc
}

// statementDoc is the document of a statement's metadata: its title,
// subtitle and reference in each language, and its issuer, tags and
// reference for every language.
func statementDoc(st *statement.Statement) map[string]interface{} {
	doc := filterFields(st)
	doc[FieldLang] = st.Languages
	perLang := map[string][]string{}
	for _, m := range []map[string]string{st.Title, st.Subtitle, st.Reference} {
		for lang, v := range m {
			if lang != "" && statement.ValidLanguage(lang) {
				perLang[lang] = append(perLang[lang], v)
			}
		}
	}
	for lang, vs := range perLang {
		doc[MetaField(lang)] = strings.Join(vs, "\n")
	}
	general := append([]string{st.Issuer, st.Reference[""]}, st.Tags...)
	doc[FieldMeta] = strings.TrimSpace(strings.Join(general, "\n"))
	return doc
}

// parseAll parses the sources on workers goroutines and hands each result to
// fn, one at a time, in no particular order. It stops at the first error fn
// returns, or when ctx is done.
func parseAll(ctx context.Context, sources []statement.Source, workers int, fn func(statement.Source, *statement.Statement, error) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		src statement.Source
		st  *statement.Statement
		err error
	}
	jobs := make(chan statement.Source)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for src := range jobs {
				st, err := src.Load()
				select {
				case results <- result{src, st, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, src := range sources {
			select {
			case jobs <- src:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		if err := fn(r.src, r.st, r.err); err != nil {
			cancel()
			for range results {
				// drain so the workers can exit
			}
			return err
		}
	}
	return ctx.Err()
}
