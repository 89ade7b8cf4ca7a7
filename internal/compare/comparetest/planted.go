// Package comparetest generates corpora with planted reuse and edits, for
// measuring the compare package and worded-alike: statements of several
// issuers, one a year each, every one made from its issuer's previous one
// by keeping, editing, moving, dropping and inserting rows, some new rows
// borrowing a sentence of an older row. The words are made up (no
// published text), in English-like and French-like forms translated word
// for word, so that reuse in one language is reuse in the other. The
// truth of every edit is kept beside the statements.
package comparetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"statementarchive/internal/statement"
)

// Options says what to generate.
type Options struct {
	Seed uint64
	// Issuers and Years: each issuer publishes one statement a year.
	Issuers, Years int
	// Paragraphs is the number of paragraphs of a first statement.
	Paragraphs int
}

// Corpus is a generated archive with the truth of its edits.
type Corpus struct {
	// Statements, each issuer's in date order, issuers one after another.
	Statements []*statement.Statement
	// Lineages maps a row ("id/ref") to its lineages: the row it was
	// copied or edited from, through the years, and the rows a sentence
	// of it was borrowed from.
	Lineages map[string][]int
	// Edits holds, for each statement that has a previous one of its
	// issuer, the class each row's edit should get comparing them.
	Edits []Edit
}

// Edit is the truth of comparing Prev with Next.
type Edit struct {
	Prev, Next *statement.Statement
	// Pairs are the planted (A ref, B ref, status): A empty for a new
	// row, B empty for a dropped one.
	Pairs []TruthPair
}

// TruthPair is one planted edit.
type TruthPair struct {
	A, B   string
	Status string
}

// RowKey names a row of the corpus.
func RowKey(id string, ref statement.Ref) string { return id + "/" + ref.String() }

// Alike reports whether the rows x and y were planted worded alike: they
// share a lineage.
func (c *Corpus) Alike(x, y string) bool {
	for _, l := range c.Lineages[x] {
		if slices.Contains(c.Lineages[y], l) {
			return true
		}
	}
	return false
}

// row is a generated row: its sentences of English-like words.
type row struct {
	kind      statement.Kind
	sentences [][]string
	list      bool // the sentences after the first are list items
	lineages  []int
	ref       statement.Ref // in the statement it was last written to
}

type generator struct {
	r        *rand.Rand
	vocab    []string
	fr       map[string]string
	zipf     *rand.Zipf
	lineage  int
	borrowed []*row // body rows written so far, to borrow sentences from
}

var functionWords = []string{"the", "of", "and", "to", "in", "we", "our", "will", "with", "for", "on", "a", "that", "is", "are", "as", "by", "its", "all", "this"}
var frFunction = []string{"le", "de", "et", "à", "dans", "nous", "notre", "allons", "avec", "pour", "sur", "un", "que", "est", "sont", "comme", "par", "ses", "tous", "ce"}

// vocabulary is the number of made-up words, drawn with a Zipf law: as
// many as a few decades of one organisation's communiqués use.
const vocabulary = 30000

// Generate builds a corpus.
func Generate(opt Options) *Corpus {
	g := &generator{r: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), fr: map[string]string{}}
	syll := []string{"ka", "lo", "mer", "tan", "vis", "or", "pel", "dri", "sum", "ent", "ax", "bro", "cul", "dem", "fir", "gan", "hol", "ist", "jur", "kel"}
	seen := map[string]bool{}
	for len(g.vocab) < vocabulary {
		n := 2 + g.r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syll[g.r.IntN(len(syll))])
		}
		w := b.String()
		if !seen[w] {
			seen[w] = true
			g.vocab = append(g.vocab, w)
		}
	}
	for i, w := range functionWords {
		g.fr[w] = frFunction[i]
	}
	g.zipf = rand.NewZipf(g.r, 1.1, 8, uint64(len(g.vocab)-1))
	c := &Corpus{Lineages: map[string][]int{}}
	start := time.Date(2000, 6, 1, 0, 0, 0, 0, time.UTC)
	// Years outer, issuers inner, so a borrowed sentence may come from any
	// issuer's earlier statement.
	prevs := make([][]*row, opt.Issuers)
	prevSt := make([]*statement.Statement, opt.Issuers)
	byIssuer := make([][]*statement.Statement, opt.Issuers)
	var edits [][]Edit = make([][]Edit, opt.Issuers)
	for y := range opt.Years {
		for is := range opt.Issuers {
			var rows []*row
			var truth []TruthPair
			if y == 0 {
				rows = g.first(opt.Paragraphs)
				numberRows(rows)
			} else {
				rows, truth = g.next(prevs[is])
			}
			id := fmt.Sprintf("is%02d-%d", is, 2000+y)
			st := g.statement(id, is, start.AddDate(y, 0, is), rows)
			for _, rw := range rows {
				c.Lineages[RowKey(id, rw.ref)] = rw.lineages
			}
			if y > 0 {
				edits[is] = append(edits[is], Edit{Prev: prevSt[is], Next: st, Pairs: truth})
			}
			for _, rw := range rows {
				if rw.kind == statement.Body {
					g.borrowed = append(g.borrowed, rw)
				}
			}
			prevs[is], prevSt[is] = rows, st
			byIssuer[is] = append(byIssuer[is], st)
		}
	}
	for is := range opt.Issuers {
		c.Statements = append(c.Statements, byIssuer[is]...)
		c.Edits = append(c.Edits, edits[is]...)
	}
	return c
}

func (g *generator) word() string {
	if g.r.IntN(100) < 45 {
		return functionWords[g.r.IntN(len(functionWords))]
	}
	return g.vocab[g.zipf.Uint64()]
}

func (g *generator) sentence() []string {
	n := 12 + g.r.IntN(13)
	s := make([]string, n)
	for i := range s {
		s[i] = g.word()
	}
	return s
}

func (g *generator) newLineage() int { g.lineage++; return g.lineage }

func (g *generator) paragraph() *row {
	rw := &row{kind: statement.Body, lineages: []int{g.newLineage()}}
	for range 2 + g.r.IntN(3) {
		rw.sentences = append(rw.sentences, g.sentence())
	}
	rw.list = g.r.IntN(10) == 0
	return rw
}

func (g *generator) heading() *row {
	// Heading words are rare words of their own, so that two issuers'
	// headings are not alike by chance.
	s := []string{g.vocab[len(g.vocab)-1-g.r.IntN(10000)], g.vocab[len(g.vocab)-1-g.r.IntN(10000)], g.vocab[len(g.vocab)-1-g.r.IntN(10000)]}
	return &row{kind: statement.Heading, sentences: [][]string{s}, lineages: []int{g.newLineage()}}
}

func (g *generator) first(paragraphs int) []*row {
	rows := []*row{{kind: statement.Preamble, sentences: [][]string{g.sentence()}, lineages: []int{g.newLineage()}}}
	for i := range paragraphs {
		if i%8 == 0 {
			rows = append(rows, g.heading())
		}
		rows = append(rows, g.paragraph())
	}
	return rows
}

// edit changes one to three words of a row.
func (g *generator) edit(rw *row) *row {
	out := &row{kind: rw.kind, list: rw.list, lineages: rw.lineages}
	for _, s := range rw.sentences {
		out.sentences = append(out.sentences, slices.Clone(s))
	}
	for range 1 + g.r.IntN(3) {
		si := g.r.IntN(len(out.sentences))
		s := out.sentences[si]
		k := g.r.IntN(len(s))
		switch g.r.IntN(3) {
		case 0:
			w := g.vocab[g.r.IntN(len(g.vocab))]
			if s[k] == w {
				w += "ka"
			}
			s[k] = w
		case 1:
			s = slices.Insert(s, k, g.vocab[g.r.IntN(len(g.vocab))])
		default:
			if len(s) > 4 {
				s = slices.Delete(s, k, k+1)
			} else {
				s[k] += "lo"
			}
		}
		out.sentences[si] = s
	}
	return out
}

// next makes a statement's rows from its issuer's previous ones, and the
// truth of each row's edit.
func (g *generator) next(prev []*row) ([]*row, []TruthPair) {
	type out struct {
		rw     *row
		from   *row
		status string
	}
	var rows []out
	var dropped []*row
	moves := 0
	var moving []out
	for _, p := range prev {
		switch {
		case p.kind == statement.Preamble:
			rows = append(rows, out{g.edit(p), p, "changed"})
			continue
		case p.kind == statement.Heading:
			rows = append(rows, out{p.copy(), p, "same"})
			continue
		}
		x := g.r.IntN(100)
		switch {
		case x < 5:
			dropped = append(dropped, p)
		case x < 20:
			rows = append(rows, out{g.edit(p), p, "changed"})
		case x < 23 && moves < 2:
			moves++
			moving = append(moving, out{p.copy(), p, "moved"})
		default:
			rows = append(rows, out{p.copy(), p, "same"})
		}
		if g.r.IntN(100) < 5 {
			n := g.paragraph()
			if g.r.IntN(100) < 40 && len(g.borrowed) > 0 {
				src := g.borrowed[g.r.IntN(len(g.borrowed))]
				s := src.sentences[g.r.IntN(len(src.sentences))]
				if len(s) >= 14 {
					n.sentences[0] = slices.Clone(s)
					n.list = false
					n.lineages = append(n.lineages, src.lineages...)
				}
			}
			rows = append(rows, out{n, nil, "new"})
		}
	}
	// A moved row goes at least ten rows away from where it was, after a
	// paragraph (never first, so that the order of the rest is clear).
	for _, m := range moving {
		was := 0
		for i, o := range rows {
			if o.from != nil && slices.Index(prev, o.from) < slices.Index(prev, m.from) {
				was = i + 1
			}
		}
		to := (was + 10 + g.r.IntN(max(1, len(rows)-10))) % max(1, len(rows)+1)
		if to > was-10 && to < was+10 {
			to = (was + len(rows)/2) % max(1, len(rows)+1)
		}
		to = max(to, 2)
		rows = slices.Insert(rows, min(to, len(rows)), m)
	}
	var result []*row
	for _, o := range rows {
		result = append(result, o.rw)
	}
	numberRows(result)
	var truth []TruthPair
	for _, o := range rows {
		tp := TruthPair{B: o.rw.ref.String(), Status: o.status}
		if o.from != nil {
			tp.A = o.from.ref.String()
		}
		truth = append(truth, tp)
	}
	for _, d := range dropped {
		truth = append(truth, TruthPair{A: d.ref.String(), Status: "dropped"})
	}
	return result, truth
}

func (rw *row) copy() *row {
	c := *rw
	return &c
}

// numberRows gives rows their refs in a statement: paragraphs and
// headings numbered in order. Rows are copied first where shared with the
// previous statement, whose refs the truth still reads.
func numberRows(rows []*row) {
	body, heading := 0, 0
	for _, rw := range rows {
		switch rw.kind {
		case statement.Preamble:
			rw.ref = statement.Ref{Kind: statement.Preamble}
		case statement.Heading:
			heading++
			rw.ref = statement.Ref{Kind: statement.Heading, Key: heading}
		default:
			body++
			rw.ref = statement.Ref{Kind: statement.Body, Key: body}
		}
	}
}

// text renders a row in a language.
func (g *generator) text(rw *row, lang string) string {
	var lines []string
	for i, s := range rw.sentences {
		ws := make([]string, len(s))
		for k, w := range s {
			ws[k] = g.translate(w, lang)
		}
		if rw.kind == statement.Heading {
			return capital(ws[0]) + " " + strings.Join(ws[1:], " ")
		}
		line := capital(ws[0]) + " " + strings.Join(ws[1:], " ")
		switch {
		case rw.list && i == 0:
			lines = append(lines, line+":")
		case rw.list:
			lines = append(lines, "- "+strings.Join(ws, " ")+";")
		default:
			if i > 0 {
				lines[0] += " " + line + "."
			} else {
				lines = append(lines, line+".")
			}
		}
	}
	return strings.Join(lines, "\n")
}

func capital(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}

func (g *generator) translate(w, lang string) string {
	if lang == "en" {
		return w
	}
	t, ok := g.fr[w]
	if !ok {
		t = strings.ReplaceAll(strings.ReplaceAll(w, "k", "qu"), "o", "eau") + "e"
		g.fr[w] = t
	}
	return t
}

func (g *generator) statement(id string, issuer int, date time.Time, rows []*row) *statement.Statement {
	st := &statement.Statement{
		ID:        id,
		Title:     map[string]string{"en": fmt.Sprintf("Statement of council %d, %d", issuer, date.Year()), "fr": fmt.Sprintf("Déclaration du conseil %d, %d", issuer, date.Year())},
		Date:      date,
		Issuer:    fmt.Sprintf("Council %d", issuer),
		Reference: map[string]string{"": fmt.Sprintf("PR(%d)%03d", date.Year(), issuer+1)},
		Languages: []string{"en", "fr"},
	}
	for _, rw := range rows {
		st.Paragraphs = append(st.Paragraphs, statement.Paragraph{Kind: rw.ref.Kind, Key: rw.ref.Key, Text: map[string]string{"en": g.text(rw, "en"), "fr": g.text(rw, "fr")}})
	}
	return st
}

// File renders a statement in the archive's canonical file format.
func File(st *statement.Statement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle:\n")
	for _, l := range st.Languages {
		fmt.Fprintf(&b, "  %s: %s\n", l, st.Title[l])
	}
	fmt.Fprintf(&b, "date: %s\nissuer: %s\nreference: %s\n---\n", st.Date.Format("2006-01-02"), st.Issuer, st.Reference[""])
	for _, l := range st.Languages {
		fmt.Fprintf(&b, "\n[%s]\n", l)
		for _, p := range st.Paragraphs {
			text := p.Text[l]
			switch p.Kind {
			case statement.Preamble:
				fmt.Fprintf(&b, "%s\n\n", text)
			case statement.Heading:
				fmt.Fprintf(&b, "# %s\n", text)
			default:
				fmt.Fprintf(&b, "%d. %s\n", p.Key, text)
			}
		}
	}
	return b.String()
}
