package statement

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
