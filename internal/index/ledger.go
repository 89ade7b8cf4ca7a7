package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"statementarchive/internal/ledger"
	"statementarchive/internal/statement"
	"statementarchive/internal/textdiff"
)

// explain shows how the words of a permalink would change, word by word,
// with what cannot be seen made visible.
func explain(old, new string) string { return textdiff.Explain(old, new, 40) }

// ledgerChanges turns a ledger's changes into a ChangesError's, quoting
// the first MaxListedChanges: the old words from the index at root where
// it has them, the new ones from the statement files.
func ledgerChanges(root string, changes []ledger.Change, byID map[string]statement.Source) []Change {
	out := make([]Change, 0, min(len(changes), MaxListedChanges))
	old, err := Open(root)
	if err == nil {
		defer old.Close()
	}
	load := statementLoader(byID)
	for _, c := range changes[:min(len(changes), MaxListedChanges)] {
		ch := Change{Statement: c.Statement, Lang: c.Lang, Removed: c.New == "", Meta: c.Ref == ledger.MetaRef}
		if !ch.Meta {
			ch.Ref, _ = statement.ParseRef(c.Ref)
		}
		oldText, haveOld := "", false
		if err == nil {
			oldText, haveOld = old.permalinkText(c.Key)
		}
		newText, haveNew := "", false
		if st := load(c.Statement); st != nil && !ch.Removed {
			newText, haveNew = ledger.Text(st, c.Key)
		}
		switch {
		case haveOld && haveNew:
			ch.Diff = explain(oldText, newText)
		case haveNew:
			ch.New = statement.Excerpt(newText, 60)
		}
		if haveOld {
			ch.Old = statement.Excerpt(oldText, 60)
		}
		out = append(out, ch)
	}
	return out
}

// permalinkText returns what a permalink of the index shows, as the
// ledger digests it.
func (x *Index) permalinkText(k ledger.Key) (string, bool) {
	if k.Ref == ledger.MetaRef {
		st, ok := x.Lookup(k.Statement)
		if !ok {
			return "", false
		}
		return ledger.MetaText(st), true
	}
	ref, ok := statement.ParseRef(k.Ref)
	if !ok {
		return "", false
	}
	text, err := x.StoredText(k.Statement, ref, k.Lang)
	return text, err == nil
}

// revise records the changes an ingest was told to make as revisions of
// the ledger, with the reason and the words each replaced, read from the
// index at root, and records the permalinks it adds. It refuses, leaving
// the ledger as it was, when root does not hold the words published for
// a change (a fresh path, or an index of other words): the ledger keeps
// them so that the earlier version stays served, and without them it
// would be lost.
func revise(root string, l *ledger.Ledger, changes []ledger.Change, added []ledger.Entry, reason string, today time.Time) error {
	if len(changes) == 0 {
		// Nothing to revise: the index at root need not be opened.
		l.Record(added)
		return nil
	}
	old, err := Open(root)
	if err == nil {
		defer old.Close()
	}
	revisions := make([]ledger.Revision, 0, len(changes))
	var unknown []string
	for _, c := range changes {
		r := ledger.Revision{Key: c.Key, Date: today.Format(time.DateOnly), Old: c.Old, New: c.New, Reason: reason}
		if err == nil {
			if text, ok := old.permalinkText(c.Key); ok && ledger.Digest(text) == c.Old {
				r.OldText = text
			}
		}
		if r.OldText == "" && c.Old != ledger.Digest("") {
			unknown = append(unknown, c.Key.String())
		}
		revisions = append(revisions, r)
	}
	if len(unknown) > 0 {
		listed := unknown[:min(len(unknown), 5)]
		more := ""
		if len(unknown) > len(listed) {
			more = fmt.Sprintf(" and %d more", len(unknown)-len(listed))
		}
		return fmt.Errorf("the words published for %s%s are not in the index at %s (a new path, or an index of other words), so their earlier versions could not be kept: run this revision against the index that serves these statements (archive ingest -index THAT_PATH -allow-changes -reason …), then commit the ledger it writes; builds into new paths then pass", strings.Join(listed, ", "), more, root)
	}
	for _, r := range revisions {
		l.Revise(r)
	}
	l.Record(added)
	return nil
}

// checkReason refuses a revision without a reason worth keeping.
func checkReason(reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return fmt.Errorf("a change to published permalinks is recorded as a revision, with its reason: give -reason \"…\" (e.g. \"corrected to match the publisher's revised text of 2026-11-30\") with -allow-changes")
	case len(reason) > ledger.MaxReasonBytes:
		return fmt.Errorf("the reason is %d bytes; the ledger keeps at most %d", len(reason), ledger.MaxReasonBytes)
	}
	return nil
}

// refuseMissingLedger refuses an ingest that starts a new ledger where the
// index at root has published permalinks, or cannot tell whether it has:
// the record of what it published is missing, so nothing could be
// compared with it.
func refuseMissingLedger(root, name string, published textSums, readable bool) error {
	n := published.count()
	switch {
	case !readable:
		return fmt.Errorf("there is no permalink ledger at %s, and the index at %s cannot tell what it published: restore the ledger from version control, or rebuild it from an index that serves these statements with `archive ledger -index PATH -o FILE`", name, root)
	case n > 0:
		return fmt.Errorf("there is no permalink ledger at %s, but the index at %s has published %d permalinks, which this ingest would replace unchecked: restore the ledger from version control (git checkout -- FILE), or rebuild it from that index with `archive ledger -index %s -o FILE`, or ingest into another -index", name, root, n, root)
	}
	return nil
}

// frozenError refuses an ingest that would add to a ledger that must be
// complete already (IngestOptions.FrozenLedger), naming the first few
// permalinks it lacks.
func frozenError(name string, added []ledger.Entry, revised []ledger.Change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "the ledger %s does not record %d new %s and %d %s of these statements", name, len(added), plural(len(added), "permalink", "permalinks"), len(revised), plural(len(revised), "revision", "revisions"))
	for i, e := range added {
		switch {
		case i == 5:
			b.WriteString(", …")
		case i == 0:
			fmt.Fprintf(&b, ": %s", e.Key)
		default:
			fmt.Fprintf(&b, ", %s", e.Key)
		}
		if i == 5 {
			break
		}
	}
	b.WriteString("; a release is built from a ledger committed whole: run archive ingest on the statements folder, and commit the ledger it writes with them")
	return errors.New(b.String())
}

// revisionRecord is a revision as a generation keeps it (revisionsFile).
type revisionRecord struct {
	Ref     string `json:"ref"`
	Lang    string `json:"lang"`
	Date    string `json:"date"`
	Reason  string `json:"reason"`
	OldText string `json:"old_text"`
}

// servedRevisions returns, per statement ingested, the ledger's revisions
// of its rows whose earlier words it kept, so that the index can serve
// every earlier version: those recorded under an alias go to the
// statement renamed. A revision that removed a permalink is not served.
func servedRevisions(l *ledger.Ledger, renamed map[string]string, byID map[string]statement.Source) map[string][]revisionRecord {
	out := map[string][]revisionRecord{}
	if l == nil {
		return out
	}
	for _, r := range l.Revisions() {
		if r.New == "" || r.OldText == "" {
			continue
		}
		id := r.Statement
		if _, ok := byID[id]; !ok {
			id = renamed[id]
		}
		if _, ok := byID[id]; !ok {
			continue
		}
		out[id] = append(out[id], revisionRecord{Ref: r.Ref, Lang: r.Lang, Date: r.Date, Reason: r.Reason, OldText: r.OldText})
	}
	return out
}

// readRevisions reads a generation's revisions of rows, and of what
// citations carry; a generation built before they were kept has none.
func readRevisions(gen string) (map[string][]statement.Revision, map[string][]statement.MetaRevision, error) {
	raw, err := os.ReadFile(filepath.Join(gen, revisionsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read the revisions of the index (%w)", err)
	}
	var recs map[string][]revisionRecord
	if err := json.Unmarshal(raw, &recs); err != nil {
		return nil, nil, fmt.Errorf("the revisions of the index are unreadable (%v)", err)
	}
	out := make(map[string][]statement.Revision, len(recs))
	meta := map[string][]statement.MetaRevision{}
	for id, rs := range recs {
		for _, r := range rs {
			if r.Ref == ledger.MetaRef {
				var old statement.Cited
				if err := json.Unmarshal([]byte(r.OldText), &old); err != nil {
					return nil, nil, fmt.Errorf("the revisions of the index hold details of %s that are unreadable (%v)", id, err)
				}
				meta[id] = append(meta[id], statement.MetaRevision{Date: r.Date, Reason: r.Reason, Old: old})
				continue
			}
			ref, ok := statement.ParseRef(r.Ref)
			if !ok {
				return nil, nil, fmt.Errorf("the revisions of the index name a row %q of %s that is not one", r.Ref, id)
			}
			out[id] = append(out[id], statement.Revision{Ref: ref, Lang: r.Lang, Date: r.Date, Reason: r.Reason, OldText: r.OldText})
		}
	}
	return out, meta, nil
}
