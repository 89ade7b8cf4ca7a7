package statement

import "sort"

// Revision is a change of a published row's words in one language,
// accepted with a reason (archive ingest -allow-changes -reason), and the
// words it replaced.
type Revision struct {
	Ref    Ref
	Lang   string
	Date   string // YYYY-MM-DD
	Reason string
	// OldText is what the row showed in Lang before.
	OldText string
}

// Version is a row's words in every language for a span of time: as
// first published, between two revisions, or now.
type Version struct {
	// N counts versions from 1, the words as first published.
	N int
	// Text maps each language to the row's words in this version.
	Text map[string]string
	// Since is the day this version replaced the one before ("" for the
	// first); Until the day the next replaced it ("" for the current one).
	Since, Until string
	// Reason is why the next version replaced this one ("" for the
	// current one).
	Reason string
	// Changed lists the languages whose words the next version changed.
	Changed []string
}

// Versions returns a row's versions, oldest first, the last one current:
// from its words now and the revisions of this row (any order of rows,
// in the order they were accepted). Revisions accepted together (one day,
// one reason, consecutive) make one version. A row never revised has one
// version, its words now.
func Versions(ref Ref, current map[string]string, revs []Revision) []Version {
	type step struct {
		date, reason string
		revs         []Revision
	}
	var steps []step
	for _, r := range revs {
		if r.Ref != ref {
			continue
		}
		if n := len(steps); n > 0 && steps[n-1].date == r.Date && steps[n-1].reason == r.Reason {
			steps[n-1].revs = append(steps[n-1].revs, r)
			continue
		}
		steps = append(steps, step{date: r.Date, reason: r.Reason, revs: []Revision{r}})
	}
	out := make([]Version, len(steps)+1)
	text := current
	out[len(steps)] = Version{N: len(steps) + 1, Text: text}
	for i := len(steps) - 1; i >= 0; i-- {
		before := make(map[string]string, len(text))
		for l, t := range text {
			before[l] = t
		}
		var changed []string
		for _, r := range steps[i].revs {
			before[r.Lang] = r.OldText
			changed = append(changed, r.Lang)
		}
		out[i] = Version{N: i + 1, Text: before, Until: steps[i].date, Reason: steps[i].reason, Changed: changed}
		out[i+1].Since = steps[i].date
		text = before
	}
	return out
}

// Cited is what a citation of a statement carries besides its row: its
// titles, subtitles, date (YYYY-MM-DD, "" when unknown), issuer and
// references. The permalink ledger keeps its JSON's digest.
type Cited struct {
	Title     map[string]string `json:"title"`
	Subtitle  map[string]string `json:"subtitle"`
	Date      string            `json:"date"`
	Issuer    string            `json:"issuer"`
	Reference map[string]string `json:"reference"`
}

// Cited returns what a citation of the statement carries.
func (s *Statement) Cited() Cited {
	date := ""
	if s.HasDate() {
		date = s.Date.Format("2006-01-02")
	}
	return Cited{Title: s.Title, Subtitle: s.Subtitle, Date: date, Issuer: s.Issuer, Reference: s.Reference}
}

// MetaRevision is a change of what a statement's citations carry,
// accepted with a reason, and what they carried before.
type MetaRevision struct {
	Date, Reason string
	Old          Cited
}

// FieldChange is one field of Cited a revision changed, in one language
// ("" for a field without languages, or a reference the same in all).
type FieldChange struct {
	Field, Lang, Old, New string
}

// MetaChange is a revision of a statement's cited details, with the
// fields it changed.
type MetaChange struct {
	Date, Reason string
	Fields       []FieldChange
}

// MetaChanges returns the revisions of what the statement's citations
// carry, oldest first, each with the fields it changed: from what each
// replaced to what the next one replaced, or to what they carry now.
func (s *Statement) MetaChanges() []MetaChange {
	out := make([]MetaChange, 0, len(s.MetaRevisions))
	for i, r := range s.MetaRevisions {
		next := s.Cited()
		if i+1 < len(s.MetaRevisions) {
			next = s.MetaRevisions[i+1].Old
		}
		out = append(out, MetaChange{Date: r.Date, Reason: r.Reason, Fields: citedChanges(r.Old, next)})
	}
	return out
}

// citedChanges lists the fields that differ between a and b.
func citedChanges(a, b Cited) []FieldChange {
	var out []FieldChange
	byLang := func(field string, x, y map[string]string) {
		langs := map[string]bool{}
		for l := range x {
			langs[l] = true
		}
		for l := range y {
			langs[l] = true
		}
		keys := make([]string, 0, len(langs))
		for l := range langs {
			keys = append(keys, l)
		}
		sort.Strings(keys)
		for _, l := range keys {
			if x[l] != y[l] {
				out = append(out, FieldChange{Field: field, Lang: l, Old: x[l], New: y[l]})
			}
		}
	}
	byLang("title", a.Title, b.Title)
	byLang("subtitle", a.Subtitle, b.Subtitle)
	if a.Date != b.Date {
		out = append(out, FieldChange{Field: "date", Old: a.Date, New: b.Date})
	}
	if a.Issuer != b.Issuer {
		out = append(out, FieldChange{Field: "issuer", Old: a.Issuer, New: b.Issuer})
	}
	byLang("reference", a.Reference, b.Reference)
	return out
}
