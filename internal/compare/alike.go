package compare

import (
	"cmp"
	"slices"

	"statementarchive/internal/statement"
	"statementarchive/internal/textdiff"
)

// Candidate is a row of another statement that may be worded like the row
// compared: the index finds candidates by the rarest words they share,
// Rank aligns them.
type Candidate struct {
	// Statement is the other statement's metadata (its date, title).
	Statement *statement.Statement
	Ref       statement.Ref
	Text      string
}

// Alike is a row of another statement worded like the row compared.
type Alike struct {
	Candidate
	// Shared is how many words the best local alignment of the two rows
	// has in common (Smith–Waterman over words).
	Shared int
	// Share is Shared over the words of the shorter row: 1 when one row
	// holds the other's wording whole, a sentence reused in a longer
	// paragraph included. Rows shorter than MinSharedWords are measured
	// against the longer row instead, so that a one-word heading is not
	// "worded like" every paragraph that holds the word.
	Share float64
	// Passage is set when the rows share less than the threshold of the
	// shorter one's words but a passage of at least PassageWords words
	// with PassageIdentity of them the same: a sentence reused in a
	// longer paragraph than its own.
	Passage bool
	// Diff is the word-level change from the row compared to this one.
	Diff []textdiff.Part
}

// Lineage is a row's worded-alike rows in one language.
type Lineage struct {
	Lang string
	// Threshold is the least Share listed.
	Threshold float64
	// Alike are the rows listed, oldest statement first (undated last).
	Alike []Alike
	// Found is how many rows reached the threshold, Alike the first
	// Limit of them by Share.
	Found int
	// First is the earliest dated statement worded this way, the row's
	// own included; FirstIsThis is set when that is the row's own.
	First       *statement.Statement
	FirstIsThis bool
	// ReusedLater counts the statements dated after the row's own that
	// reuse its wording.
	ReusedLater int
}

// Bounds and defaults of worded-alike.
const (
	// DefaultAlikeThreshold is the least Share listed: 0.6. An edited
	// reuse keeps 0.8 and more; unrelated rows of the same genre align
	// on a few function words and stay under 0.3.
	DefaultAlikeThreshold = 0.6
	// MinSharedWords is the shortest alignment that counts against the
	// shorter row (see Alike.Share).
	MinSharedWords = 8
	// PassageWords and PassageIdentity say when a shared passage makes
	// two rows alike whatever their length: 12 words in common, at least
	// 0.85 of the words of the two aligned stretches (one sentence of a
	// communiqué, reused with an edit or two).
	PassageWords    = 12
	PassageIdentity = 0.85
	// MaxAlignWords bounds the words of each row aligned: a longer row
	// is aligned on its first MaxAlignWords words, so that one alignment
	// costs at most MaxAlignWords² cells (90,000).
	MaxAlignWords = 300
	// DefaultAlikeLimit and MaxAlikeLimit bound the rows listed.
	DefaultAlikeLimit = 10
	MaxAlikeLimit     = 50
)

// AlikeOptions tunes Rank; the zero value gives the defaults.
type AlikeOptions struct {
	Threshold float64 // DefaultAlikeThreshold if 0
	Limit     int     // DefaultAlikeLimit if 0, at most MaxAlikeLimit
}

// Rank aligns each candidate with the row (text, in lang, of statement
// this) and returns those sharing at least the threshold: the Limit with
// most Share, listed by date, with the lineage's first statement and its
// reuse in later ones. Candidates of statement this are left out.
func Rank(this *statement.Statement, text, lang string, cands []Candidate, opt AlikeOptions) Lineage {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultAlikeThreshold
	}
	if opt.Limit <= 0 {
		opt.Limit = DefaultAlikeLimit
	}
	opt.Limit = min(opt.Limit, MaxAlikeLimit)
	lin := Lineage{Lang: lang, Threshold: opt.Threshold}
	dict := map[string]int32{}
	encode := func(ws []string) []int32 {
		ws = ws[:min(len(ws), MaxAlignWords)]
		out := make([]int32, len(ws))
		for i, w := range ws {
			id, ok := dict[w]
			if !ok {
				id = int32(len(dict))
				dict[w] = id
			}
			out[i] = id
		}
		return out
	}
	mine := encode(Words(text))
	var al aligner
	var found []Alike
	for _, c := range cands {
		if c.Statement == nil || c.Statement.ID == this.ID {
			continue
		}
		theirs := encode(Words(c.Text))
		aln := al.local(mine, theirs)
		share := shareOf(aln.Shared, len(mine), len(theirs))
		passage := aln.Shared >= PassageWords && aln.identity() >= PassageIdentity
		if share < opt.Threshold && !passage {
			continue
		}
		found = append(found, Alike{Candidate: c, Shared: aln.Shared, Share: share, Passage: passage && share < opt.Threshold})
	}
	lin.Found = len(found)
	slices.SortStableFunc(found, func(x, y Alike) int { return cmp.Compare(y.Share, x.Share) })
	found = found[:min(len(found), opt.Limit)]
	slices.SortStableFunc(found, func(x, y Alike) int { return byDate(x.Statement, y.Statement) })
	for i := range found {
		found[i].Diff = Diff(text, found[i].Text)
	}
	lin.Alike = found

	lin.First, lin.FirstIsThis = this, true
	later := map[string]bool{}
	for _, a := range found {
		st := a.Statement
		if st.HasDate() && (!lin.First.HasDate() || st.Date.Before(lin.First.Date)) {
			lin.First, lin.FirstIsThis = st, false
		}
		if this.HasDate() && st.HasDate() && st.Date.After(this.Date) {
			later[st.ID] = true
		}
	}
	if !lin.First.HasDate() {
		lin.First, lin.FirstIsThis = nil, false
	}
	lin.ReusedLater = len(later)
	return lin
}

// byDate orders statements oldest first, undated last, then by ID.
func byDate(a, b *statement.Statement) int {
	switch {
	case a.HasDate() && !b.HasDate():
		return -1
	case !a.HasDate() && b.HasDate():
		return 1
	}
	return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
}

// shareOf measures shared words against the shorter row, or the longer
// one where the shorter has fewer than MinSharedWords words.
func shareOf(shared, n, m int) float64 {
	short, long := min(n, m), max(n, m)
	if short == 0 {
		return 0
	}
	if short < MinSharedWords {
		return float64(shared) / float64(long)
	}
	if shared < MinSharedWords {
		return 0
	}
	return float64(shared) / float64(short)
}

// Scores of the local alignment: a word in common gains 2, a word changed
// or left out costs 1, so an alignment runs on through a few edits but
// not through unrelated text.
const (
	alignMatch    = 2
	alignMismatch = -1
	alignGap      = -1
)

// aligner holds the rows of the Smith–Waterman table, reused between
// alignments.
type aligner struct {
	prev, cur []cell
}

// cell is an entry of the table: the best local alignment ending here,
// its score, its words in common, and where it starts in each row.
type cell struct {
	score, words, startA, startB int32
}

// alignment is the best local alignment of two rows.
type alignment struct {
	// Shared is its words in common; SpanA and SpanB how many words of
	// each row it covers.
	Shared, SpanA, SpanB int
}

// identity is the share of the aligned stretches' words in common.
func (a alignment) identity() float64 {
	if a.SpanA+a.SpanB == 0 {
		return 0
	}
	return 2 * float64(a.Shared) / float64(a.SpanA+a.SpanB)
}

// local returns the best-scoring local alignment of a and b:
// Smith–Waterman over words, in O(len(a)·len(b)) time and O(len(b))
// memory, each cell carrying the words in common on its best path and
// where the path starts.
func (al *aligner) local(a, b []int32) alignment {
	n := len(b) + 1
	if cap(al.prev) < n {
		al.prev, al.cur = make([]cell, n), make([]cell, n)
	}
	prev, cur := al.prev[:n], al.cur[:n]
	clear(prev)
	var best cell
	var bestI, bestJ int32
	for i, x := range a {
		cur[0] = cell{}
		for j := 1; j < n; j++ {
			d := prev[j-1]
			c := cell{score: d.score + alignMismatch, words: d.words, startA: d.startA, startB: d.startB}
			if d.score == 0 {
				c.startA, c.startB = int32(i), int32(j-1)
			}
			if b[j-1] == x {
				c.score, c.words = d.score+alignMatch, d.words+1
			}
			if up := prev[j]; up.score+alignGap > c.score {
				c = cell{up.score + alignGap, up.words, up.startA, up.startB}
			}
			if left := cur[j-1]; left.score+alignGap > c.score {
				c = cell{left.score + alignGap, left.words, left.startA, left.startB}
			}
			if c.score <= 0 {
				c = cell{}
			}
			cur[j] = c
			if c.score > best.score || (c.score == best.score && c.words > best.words) {
				best, bestI, bestJ = c, int32(i), int32(j-1)
			}
		}
		prev, cur = cur, prev
	}
	if best.words == 0 {
		return alignment{}
	}
	return alignment{Shared: int(best.words), SpanA: int(bestI-best.startA) + 1, SpanB: int(bestJ-best.startB) + 1}
}
