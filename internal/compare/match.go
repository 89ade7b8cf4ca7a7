package compare

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	"statementarchive/internal/statement"
	"statementarchive/internal/textdiff"
)

// Status says what became of a row between statement A and statement B.
type Status string

// The classes of a compared pair of rows.
const (
	// Same is a row with the same text in both, in the order of the
	// other rows kept (its number may differ: communiqués renumber).
	Same Status = "same"
	// Changed is a row found in both by its words, some of them changed.
	Changed Status = "changed"
	// Moved is a row found in both, but out of the order of the other
	// rows found in both; its words may have changed too (Pair.Edited).
	Moved Status = "moved"
	// New is a row of B that no row of A words alike.
	New Status = "new"
	// Dropped is a row of A that no row of B words alike.
	Dropped Status = "dropped"
)

// Statuses lists the classes in the order a summary gives them.
var Statuses = []Status{Same, Changed, Moved, New, Dropped}

// Row is a row of a statement in the language compared.
type Row struct {
	Ref  statement.Ref
	Text string
}

// Pair is a row of A and the row of B it became, or a row of one alone.
type Pair struct {
	// A and B are the rows in each statement; nil where there is none
	// (New has no A, Dropped no B).
	A, B *Row
	// Status classes the pair.
	Status Status
	// Similarity is how much of their words the two rows share, from 0 to
	// 1 (see Statements); 1 for identical rows, 0 for a row alone.
	Similarity float64
	// Edited is set on a Moved pair whose text changed as well.
	Edited bool
	// Diff is the word-level change from A's text to B's: the kept and
	// added parts joined give B's text exactly, the kept and removed
	// parts A's (a New row is all added, a Dropped one all removed).
	Diff []textdiff.Part
}

// WordCount is how often a word occurs in each statement's rows.
type WordCount struct {
	Word string
	A, B int
}

// Result is the comparison of two statements in one language.
type Result struct {
	Lang string
	// Threshold is the similarity from which two rows were matched.
	Threshold float64
	// Pairs follow B's order, each row of A alone placed after the pair
	// of the row that preceded it in A.
	Pairs []Pair
	// Counts counts the pairs of each Status.
	Counts map[Status]int
	// Words are the words whose count changed most between A and B, the
	// largest change first.
	Words []WordCount
}

// Options tunes Statements; the zero value gives the defaults.
type Options struct {
	// Threshold is the similarity from which two rows count as one row
	// changed rather than one dropped and one new: DefaultThreshold if 0.
	Threshold float64
	// TopWords is how many words the summary lists: DefaultTopWords if 0,
	// at most MaxTopWords.
	TopWords int
}

// Bounds and defaults of a comparison.
const (
	// DefaultThreshold is the similarity from which two rows are matched:
	// 0.5. Rows edited by a few words keep 0.8 and more; unrelated rows
	// of the same genre share function words and share 0.1 to 0.3.
	DefaultThreshold = 0.5
	// DefaultTopWords and MaxTopWords bound the summary's words.
	DefaultTopWords = 12
	MaxTopWords     = 50
	// CommonRows is how many rows of a statement a word or word pair may
	// occur in and still count towards similarity. Rarer features carry
	// the matching; leaving out those in more rows ("of the" in a long
	// statement) bounds the work to CommonRows per feature of each row,
	// whatever the statement's length.
	CommonRows = 32
)

// Statements compares statement a with statement b in lang, row by row:
// each row of one is matched with the row of the other whose words and
// word pairs it shares most (Dice's coefficient over the two multisets of
// words and adjacent word pairs, from 0 to 1), best first, if at least
// the threshold; identical rows first of all. Headings are matched with
// headings, footnotes with footnotes, the preamble and paragraphs with
// each other. Matched rows that keep the order of the most rows matched
// (a longest increasing subsequence) are Same or Changed, the others
// Moved. Rows that lack text in lang are left out.
func Statements(a, b *statement.Statement, lang string, opt Options) Result {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	if opt.TopWords <= 0 {
		opt.TopWords = DefaultTopWords
	}
	opt.TopWords = min(opt.TopWords, MaxTopWords)
	ra, rb := rowsIn(a, lang), rowsIn(b, lang)
	fa, fb := featuresOf(ra), featuresOf(rb)
	match := matchRows(ra, rb, fa, fb, opt.Threshold)

	res := Result{Lang: lang, Threshold: opt.Threshold, Counts: map[Status]int{}}
	// Matched rows in A's order; those on a longest run increasing in B
	// kept their place.
	var byA []int // indices into rb of A's matched rows, in A's order
	var aOf []int
	for i, j := range match.aToB {
		if j >= 0 {
			byA = append(byA, j)
			aOf = append(aOf, i)
		}
	}
	inOrder := make([]bool, len(ra))
	for _, k := range longestIncreasing(byA) {
		inOrder[aOf[k]] = true
	}
	// Rows of A alone go after the pair of the A row before them.
	after := make(map[int][]int) // B index (-1: first) → dropped A rows
	prev := -1
	for i, j := range match.aToB {
		if j < 0 {
			after[prev] = append(after[prev], i)
			continue
		}
		if inOrder[i] {
			prev = j
		}
	}
	emitDropped := func(key int) {
		for _, i := range after[key] {
			row := ra[i]
			res.Pairs = append(res.Pairs, Pair{A: &row, Status: Dropped, Diff: Diff(row.Text, "")})
		}
	}
	emitDropped(-1)
	for j := range rb {
		rowB := rb[j]
		i := match.bToA[j]
		if i < 0 {
			res.Pairs = append(res.Pairs, Pair{B: &rowB, Status: New, Diff: Diff("", rowB.Text)})
		} else {
			rowA := ra[i]
			p := Pair{A: &rowA, B: &rowB, Similarity: match.sim[j], Diff: Diff(rowA.Text, rowB.Text)}
			same := rowA.Text == rowB.Text
			switch {
			case !inOrder[i]:
				p.Status, p.Edited = Moved, !same
			case same:
				p.Status = Same
			default:
				p.Status = Changed
			}
			res.Pairs = append(res.Pairs, p)
		}
		emitDropped(j)
	}
	for _, p := range res.Pairs {
		res.Counts[p.Status]++
	}
	res.Words = wordChanges(ra, rb, lang, opt.TopWords)
	return res
}

// rowsIn returns the rows of st that have text in lang.
func rowsIn(st *statement.Statement, lang string) []Row {
	var out []Row
	for _, p := range st.Paragraphs {
		if text, ok := p.Text[lang]; ok {
			out = append(out, Row{Ref: p.Ref(), Text: text})
		}
	}
	return out
}

// features is a row's multiset of words and adjacent word pairs, hashed.
type features struct {
	count map[uint64]int32
	size  int // the multiset's size, counting only features kept
	exact uint64
	group int
}

func hashWords(ws ...string) uint64 {
	h := fnv.New64a()
	for i, w := range ws {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(w))
	}
	return h.Sum64()
}

// featuresOf returns each row's features, leaving out those in more than
// CommonRows rows.
func featuresOf(rows []Row) []features {
	out := make([]features, len(rows))
	rowsWith := map[uint64]int{}
	for i, r := range rows {
		ws := Words(r.Text)
		f := features{count: make(map[uint64]int32, 2*len(ws)), group: kindGroup(r.Ref.Kind),
			exact: hashWords(strings.Fields(r.Text)...)}
		for k, w := range ws {
			f.count[hashWords(w)]++
			if k > 0 {
				f.count[hashWords(ws[k-1], w)]++
			}
		}
		for h := range f.count {
			rowsWith[h]++
		}
		out[i] = f
	}
	for i := range out {
		for h, n := range out[i].count {
			if rowsWith[h] > CommonRows {
				delete(out[i].count, h)
				continue
			}
			out[i].size += int(n)
		}
	}
	return out
}

// kindGroup says which rows may match: headings with headings, footnotes
// with footnotes, the preamble and paragraphs together.
func kindGroup(k statement.Kind) int {
	switch k {
	case statement.Heading:
		return 1
	case statement.Footnote:
		return 2
	}
	return 0
}

// matching is which row of B each row of A became, and back (-1: none).
type matching struct {
	aToB, bToA []int
	sim        []float64 // by B row
}

// matchRows matches rows greedily, most similar first: identical texts,
// then pairs of similarity at least threshold; among equals, the pair
// whose places in their statements are closest.
func matchRows(ra, rb []Row, fa, fb []features, threshold float64) matching {
	m := matching{aToB: filled(len(ra)), bToA: filled(len(rb)), sim: make([]float64, len(rb))}
	type cand struct {
		i, j int
		sim  float64
		dist float64
	}
	var cands []cand
	dist := func(i, j int) float64 {
		return math.Abs(float64(i)/float64(max(1, len(ra))) - float64(j)/float64(max(1, len(rb))))
	}
	// Postings of A's kept features: which rows hold them, how often.
	type posting struct {
		row int
		n   int32
	}
	post := map[uint64][]posting{}
	exact := map[uint64][]int{}
	for i, f := range fa {
		for h, n := range f.count {
			post[h] = append(post[h], posting{i, n})
		}
		exact[f.exact] = append(exact[f.exact], i)
	}
	common := make([]int32, len(ra))
	for j, f := range fb {
		for _, i := range exact[f.exact] {
			if fa[i].group == f.group && strings.Join(strings.Fields(ra[i].Text), " ") == strings.Join(strings.Fields(rb[j].Text), " ") {
				cands = append(cands, cand{i, j, 2, dist(i, j)}) // before any mere likeness
			}
		}
		clear(common)
		for h, n := range f.count {
			for _, p := range post[h] {
				common[p.row] += min(n, p.n)
			}
		}
		for i, c := range common {
			if c == 0 || fa[i].group != f.group {
				continue
			}
			sim := 2 * float64(c) / float64(fa[i].size+f.size)
			if sim >= threshold {
				cands = append(cands, cand{i, j, sim, dist(i, j)})
			}
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.dist, y.dist), cmp.Compare(x.i, y.i), cmp.Compare(x.j, y.j))
	})
	for _, c := range cands {
		if m.aToB[c.i] >= 0 || m.bToA[c.j] >= 0 {
			continue
		}
		m.aToB[c.i], m.bToA[c.j] = c.j, c.i
		m.sim[c.j] = min(c.sim, 1)
	}
	return m
}

func filled(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

// longestIncreasing returns the positions in s of a longest strictly
// increasing subsequence, in order (patience sorting, O(n log n)).
func longestIncreasing(s []int) []int {
	var tails []int // positions in s of the smallest tail of each length
	prev := make([]int, len(s))
	for k, v := range s {
		n, _ := slices.BinarySearchFunc(tails, v, func(pos, v int) int { return cmp.Compare(s[pos], v) })
		if n > 0 {
			prev[k] = tails[n-1]
		} else {
			prev[k] = -1
		}
		if n == len(tails) {
			tails = append(tails, k)
		} else {
			tails[n] = k
		}
	}
	out := make([]int, len(tails))
	if len(tails) > 0 {
		k := tails[len(tails)-1]
		for n := len(tails) - 1; n >= 0; n-- {
			out[n] = k
			k = prev[k]
		}
	}
	return out
}

// wordChanges counts the words of each side's rows and returns the top
// words by how much their count changed, then by their larger count.
func wordChanges(ra, rb []Row, lang string, top int) []WordCount {
	counts := map[string]*WordCount{}
	add := func(rows []Row, side func(*WordCount)) {
		for _, r := range rows {
			for _, w := range Words(r.Text) {
				if !counted(lang, w) {
					continue
				}
				c := counts[w]
				if c == nil {
					c = &WordCount{Word: w}
					counts[w] = c
				}
				side(c)
			}
		}
	}
	add(ra, func(c *WordCount) { c.A++ })
	add(rb, func(c *WordCount) { c.B++ })
	var out []WordCount
	for _, c := range counts {
		if c.A != c.B {
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, func(x, y WordCount) int {
		dx, dy := abs(x.B-x.A), abs(y.B-y.A)
		return cmp.Or(cmp.Compare(dy, dx), cmp.Compare(max(y.A, y.B), max(x.A, x.B)), strings.Compare(x.Word, y.Word))
	})
	return out[:min(top, len(out))]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
