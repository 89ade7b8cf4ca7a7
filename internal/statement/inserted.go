package statement

import (
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"
)

// A statement that does not number its paragraphs keys them by position,
// and headings are keyed by their order, so a row added once the
// statement is published would move every permalink after it. The front
// matter declares such a row instead, by the key it takes, and no other
// key moves:
//
//	inserted: [2a, h1a]
//
// says that the paragraph after paragraph 2 was inserted (it is "2a", the
// next one is 3 as before) and that the heading after heading 1 was
// inserted ("h1a"). A second row inserted at the same place is "2b";
// "0a" and "h0a" stand before the first paragraph and heading. Gaps may
// name inserted rows too: gaps: {fr: [2a]}.

// insertedRows reads the inserted field: a list of paragraph or heading
// keys with a letter, each listed once, lettered from a at each place.
func (ps *parser) insertedRows(n *yaml.Node, at func(*yaml.Node) int) map[Ref]int {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	out := map[Ref]int{}
	for _, item := range items {
		r, ok := ParseRef(item.Value)
		switch {
		case item.Kind != yaml.ScalarNode || !ok || r.Sub == 0 || r.Kind == Footnote:
			ps.addf(at(item), "inserted %q is not the key of an inserted paragraph or heading: give the key of the row before it followed by a letter, e.g. inserted: [2a] for a paragraph added after paragraph 2, [h1a] for a heading added after heading 1, [0a] or [h0a] before the first", item.Value)
		case out[r] > 0:
			ps.addf(at(item), "inserted lists %s twice: keep one", r)
		default:
			out[r] = at(item)
		}
	}
	for r, line := range out {
		if prev := (Ref{Kind: r.Kind, Key: r.Key, Sub: r.Sub - 1}); r.Sub > 1 && out[prev] == 0 {
			ps.addf(line, "inserted lists %s but not %s: letter the rows inserted at one place from a, in their order", r, prev)
		}
	}
	return out
}

// first returns the key of a section's first paragraph or heading.
func (ps *parser) first(kind Kind) Ref {
	if r := (Ref{Kind: kind, Sub: 1}); ps.inserted[r] > 0 {
		return r
	}
	return Ref{Kind: kind, Key: 1}
}

// after returns the key of the paragraph or heading after r: the next
// inserted one at r's place, else the next number.
func (ps *parser) after(r Ref) Ref {
	if next := (Ref{Kind: r.Kind, Key: r.Key, Sub: r.Sub + 1}); ps.inserted[next] > 0 {
		return next
	}
	return Ref{Kind: r.Kind, Key: r.Key + 1}
}

// checkInserted reports an inserted row that no section has: most often a
// paragraph declared inserted in a statement that numbers its paragraphs,
// where a paragraph added later has its own number.
func (ps *parser) checkInserted(sections []section) {
	have := map[Ref]bool{}
	numbered := ""
	for _, s := range sections {
		for _, p := range s.paras {
			have[p.ref()] = true
		}
		if s.numbered && numbered == "" {
			numbered = s.lang
		}
	}
	refs := make([]Ref, 0, len(ps.inserted))
	for r := range ps.inserted {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Compare(refs[j]) < 0 })
	for _, r := range refs {
		if have[r] {
			continue
		}
		why := fmt.Sprintf("no section has a %s there", r.Kind)
		if r.Kind == Body && numbered != "" {
			why = fmt.Sprintf("the [%s] section numbers its paragraphs, and a paragraph added to a numbered statement takes the number the original gives it", numbered)
		}
		ps.addf(ps.inserted[r], "inserted %s names no row: %s; remove it from inserted, or add the %s %s", r, why, r.Kind, r.InsertedPlace())
	}
}
