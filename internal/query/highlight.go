package query

import (
	"context"
	"errors"
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// MaxHighlightBytes is the most text of one paragraph the highlighter
// reads. Past it the text is shown escaped but unmarked: marking a paragraph
// costs time in its length, and the archive, not Bleve, decides how much
// of that a request may spend.
const MaxHighlightBytes = 64 << 10

// vectorMaxRows is the most rows of a shard a query term may be in for
// the highlighter to read its term vectors rather than analyse the text.
const vectorMaxRows = 4096

// marker marks the matches of a query's positive clauses in the text of one
// language, analysed as the index analysed it. It is built once per search
// and used only for the hits shown, so a page costs the same however many
// paragraphs match.
type marker struct {
	analyzer analysis.Analyzer
	terms    map[string]bool
	prefixes []string
	// phrases holds each phrase's terms with their positions relative to
	// its first term, so that stop-word gaps stay as they are in the text.
	phrases [][]phraseTerm
}

type phraseTerm struct {
	term   string
	offset int
}

// newMarker returns the marker of clauses for a language's analyzer.
func newMarker(clauses []search.Clause, analyzer analysis.Analyzer) *marker {
	m := &marker{analyzer: analyzer, terms: map[string]bool{}}
	for _, c := range clauses {
		if c.Occur == search.MustNot {
			continue
		}
		if c.Prefix {
			m.prefixes = append(m.prefixes, prefixTerms(c.Text, analyzer)...)
			continue
		}
		tokens := analyzer.Analyze([]byte(c.Text))
		switch len(tokens) {
		case 0:
		case 1:
			m.terms[string(tokens[0].Term)] = true
		default:
			first := tokens[0].Position
			ph := make([]phraseTerm, len(tokens))
			for i, t := range tokens {
				ph[i] = phraseTerm{term: string(t.Term), offset: t.Position - first}
			}
			m.phrases = append(m.phrases, ph)
		}
	}
	return m
}

// span is a byte range of the text to mark.
type span struct{ start, end int }

// highlight returns text as HTML: everything escaped, the matches in
// <mark>; and how many matches it marked. Only the first
// MaxHighlightBytes are read for matches.
func (m *marker) highlight(text string) (string, int) {
	head, tail := text, ""
	if len(head) > MaxHighlightBytes {
		cut := MaxHighlightBytes
		for cut > 0 && !utf8.RuneStart(head[cut]) {
			cut--
		}
		// Do not cut a word in two: a half word could match a prefix.
		if sp := strings.LastIndexAny(head[:cut], " \t\n"); sp > cut-256 && sp > 0 {
			cut = sp
		}
		head, tail = head[:cut], head[cut:]
	}
	tokens := m.analyzer.Analyze([]byte(head))
	var spans []span
	for _, t := range tokens {
		term := string(t.Term)
		if m.terms[term] || m.hasPrefix(term) {
			spans = append(spans, span{t.Start, t.End})
		}
	}
	if len(m.phrases) > 0 {
		at := make(map[int]int, len(tokens)) // position → token index
		for i, t := range tokens {
			at[t.Position] = i
		}
		for _, ph := range m.phrases {
			for _, t := range tokens {
				if string(t.Term) != ph[0].term {
					continue
				}
				last, ok := t, true
				for _, p := range ph[1:] {
					j, found := at[t.Position+p.offset]
					if !found || string(tokens[j].Term) != p.term {
						ok = false
						break
					}
					last = tokens[j]
				}
				if ok {
					spans = append(spans, span{t.Start, last.End})
				}
			}
		}
	}
	return markSpans(head, spans) + escapeText(tail), len(spans)
}

// highlightStored is highlight for a row's stored text, whose term
// vectors (each occurrence's position and offsets, kept in the index for
// phrases) say where the query's terms are without analysing the text
// again: analysis was most of the time a page's highlights took. Reading
// a row's vectors of a term decodes those of up to a chunk of the term's
// other rows, so a term in more than vectorMaxRows rows of a shard (a
// common word: 2 ms a text at a million paragraphs, against 0.1 ms to
// analyse it) has the text analysed instead, as has a query with a
// prefix, or a text past MaxHighlightBytes.
// TestHighlightStoredMatchesAnalysis compares the two on every row of a
// corpus.
func (m *marker) highlightStored(ctx context.Context, r bleveindex.IndexReader, field string, doc uint64, text string) (string, int, error) {
	analyse := func() (string, int, error) {
		html, n := m.highlight(text)
		return html, n, nil
	}
	if len(m.prefixes) > 0 || len(text) > MaxHighlightBytes {
		return analyse()
	}
	var buf [8]byte
	id := bleveindex.NewIndexInternalID(buf[:], doc)
	found := map[string][]*bleveindex.TermFieldVector{}
	// errCommon stops the vectors' way at a common term.
	errCommon := errors.New("common term")
	occurrences := func(term string) ([]*bleveindex.TermFieldVector, error) {
		if v, ok := found[term]; ok {
			return v, nil
		}
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, true)
		if err != nil {
			return nil, err
		}
		defer tfr.Close()
		if tfr.Count() > vectorMaxRows {
			return nil, errCommon
		}
		d, err := tfr.Advance(id, nil)
		if err != nil {
			return nil, err
		}
		var v []*bleveindex.TermFieldVector
		if d != nil && d.ID.Equals(id) {
			v = d.Vectors
		}
		found[term] = v
		return v, nil
	}
	var spans []span
	for term := range m.terms {
		vs, err := occurrences(term)
		if err == errCommon {
			return analyse()
		}
		if err != nil {
			return "", 0, err
		}
		for _, v := range vs {
			spans = append(spans, span{int(v.Start), int(v.End)})
		}
	}
	for _, ph := range m.phrases {
		firsts, err := occurrences(ph[0].term)
		if err == errCommon {
			return analyse()
		}
		if err != nil {
			return "", 0, err
		}
		for _, f := range firsts {
			last, ok := f, true
			for _, p := range ph[1:] {
				vs, err := occurrences(p.term)
				if err == errCommon {
					return analyse()
				}
				if err != nil {
					return "", 0, err
				}
				at := f.Pos + uint64(p.offset)
				i := slices.IndexFunc(vs, func(v *bleveindex.TermFieldVector) bool { return v.Pos == at })
				if i < 0 {
					ok = false
					break
				}
				last = vs[i]
			}
			if ok {
				spans = append(spans, span{int(f.Start), int(last.End)})
			}
		}
	}
	return markSpans(text, spans), len(spans), nil
}

func (m *marker) hasPrefix(term string) bool {
	for _, p := range m.prefixes {
		if strings.HasPrefix(term, p) {
			return true
		}
	}
	return false
}

// escapeText escapes text for HTML and writes its footnote references
// ([^1]) as superscript numbers: <sup>1</sup>, three times the
// reference's length, within the four the server reserves for a byte of
// text escaped ("<" becomes "&lt;").
func escapeText(text string) string {
	if !strings.Contains(text, "[^") {
		return html.EscapeString(text)
	}
	var b strings.Builder
	for _, sp := range statement.Spans(text) {
		if sp.Note > 0 {
			b.WriteString("<sup>" + strconv.Itoa(sp.Note) + "</sup>")
			continue
		}
		b.WriteString(html.EscapeString(sp.Text))
	}
	return b.String()
}

// markSpans escapes text and wraps each span in <mark>, merging spans that
// overlap. A span that is not a valid range of whole characters of text is
// dropped: marking never breaks the text.
func markSpans(text string, spans []span) string {
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	b.Grow(len(text) + len(spans)*13)
	pos := 0
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if s.start < pos || s.end <= s.start || s.end > len(text) || !utf8.RuneStart(text[s.start]) || (s.end < len(text) && !utf8.RuneStart(text[s.end])) {
			continue
		}
		for i+1 < len(spans) && spans[i+1].start < s.end {
			if e := spans[i+1].end; e > s.end && e <= len(text) && (e == len(text) || utf8.RuneStart(text[e])) {
				s.end = e
			}
			i++
		}
		b.WriteString(escapeText(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(escapeText(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(escapeText(text[pos:]))
	return b.String()
}
