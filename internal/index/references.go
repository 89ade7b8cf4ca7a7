package index

import (
	"slices"
	"strings"

	"statementarchive/internal/statement"
)

// Analysts name statements by their reference ("PR(2006)150", "SC/10378",
// "M-NAC-2(2001)159"), in whichever of its forms they have at hand. The
// index keeps every statement's reference keys (statement.ReferenceKey),
// and a search looks for them in its query before the query's words are
// read: a reference found there is the statement it names, listed first,
// and no punctuation of it reaches the query syntax.

// refIndex maps a reference key to the statements it names, newest first.
type refIndex map[string][]string

// minRefTokens is the fewest tokens a key needs to be looked for in a
// text, and it must hold a number: a reference of one word would be
// found in every text that holds the word.
const minRefTokens = 2

func newRefIndex(sorted []*statement.Statement) refIndex {
	out := refIndex{}
	for _, st := range sorted {
		for _, k := range st.ReferenceKeys() {
			if f := strings.Fields(k); len(f) >= minRefTokens && len(f) <= statement.MaxRefTokens && strings.ContainsAny(k, "0123456789") && !slices.Contains(out[k], st.ID) {
				out[k] = append(out[k], st.ID)
			}
		}
	}
	return out
}

// RefMatch is a reference found in a text: where it stands (bytes) and
// the statements it names.
type RefMatch struct {
	Start, End int
	IDs        []string
}

// FindReferences returns the references of the archive's statements that
// text holds, in order, each the longest that starts there.
func (x *Index) FindReferences(text string) []RefMatch {
	if len(x.refs) == 0 {
		return nil
	}
	toks := statement.RefTokens(text)
	var out []RefMatch
	for i := 0; i < len(toks); {
		found := 0
		for n := min(statement.MaxRefTokens, len(toks)-i); n >= minRefTokens; n-- {
			keys := make([]string, n)
			for j := range n {
				keys[j] = toks[i+j].Key
			}
			if ids, ok := x.refs[strings.Join(keys, " ")]; ok {
				out = append(out, RefMatch{Start: toks[i].Start, End: toks[i+n-1].End, IDs: ids})
				found = n
				break
			}
		}
		if found == 0 {
			found = 1
		}
		i += found
	}
	return out
}

// References returns the statements a reference names, however it is
// written: "PR/CP(2006)150" names the statement whose reference is "Press
// Release (2006) 150".
func (x *Index) References(ref string) []string {
	return x.refs[statement.ReferenceKey(ref)]
}

// ReferencesIn takes the references out of a query: the statements they
// name, in the order found, and the query without them (each replaced by
// a space, so the words around it stay apart). A reference inside a
// "phrase" is left to the phrase.
func (x *Index) ReferencesIn(q string) (ids []string, rest string) {
	matches := x.FindReferences(q)
	if len(matches) == 0 {
		return nil, q
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		if strings.Count(q[:m.Start], `"`)%2 == 1 {
			continue // inside a phrase
		}
		b.WriteString(q[last:m.Start])
		b.WriteByte(' ')
		last = m.End
		for _, id := range m.IDs {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	b.WriteString(q[last:])
	return ids, b.String()
}
