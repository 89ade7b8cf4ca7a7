package web

import (
	"net/url"
	"strconv"
	"strings"

	"statementarchive/internal/compare"
	"statementarchive/internal/statement"
)

// AlikeView is a row's worded-alike section: in each language the page
// shows (at most MaxAlikeLangs), the rows of other statements worded like
// it, by date.
type AlikeView struct {
	Statement *statement.Statement
	Ref       statement.Ref
	Langs     []compare.Lineage
	// Others are the row's languages not shown, their lists one link away.
	Others []string
	// Error, if set, says why the list could not be made.
	Error string
	// DiffBytes bounds the text of the diffs shown in all: rows after it
	// is reached are listed without their diff (see ShowDiff).
	DiffBytes int
}

// MaxAlikeLangs is how many languages a row's page lists worded-alike
// rows in.
const MaxAlikeLangs = 4

// AlikePageBytes bounds the text of the diffs the section shows: 32 KiB,
// so that the section adds at most LargeResponse to a page.
const AlikePageBytes = 32 << 10

// ShowDiffs says, for each row listed in each language, whether its diff
// is shown: until AlikePageBytes of diff text are.
func ShowDiffs(v AlikeView) [][]bool {
	out := make([][]bool, len(v.Langs))
	used := 0
	for i, lin := range v.Langs {
		out[i] = make([]bool, len(lin.Alike))
		for k, a := range lin.Alike {
			n := 0
			for _, pt := range a.Diff {
				n += len(pt.Text)
			}
			if used+n <= AlikePageBytes {
				used += n
				out[i][k] = true
			}
		}
	}
	return out
}

// LineageNote says where the wording comes from and where it went:
// "First worded this way in … (date); reused in N later statements."
func LineageNote(v AlikeView, lin compare.Lineage) string {
	var first string
	switch {
	case lin.FirstIsThis:
		first = "First worded this way here, as far as the archive holds."
	case lin.First != nil:
		first = "First worded this way in " + lin.First.DisplayTitle(lin.Lang) + " (" + FormatDate(lin.First) + ")."
	}
	reuse := " Reused in " + Plural(lin.ReusedLater, "1 later statement", strconv.Itoa(lin.ReusedLater)+" later statements") + "."
	if lin.ReusedLater == 0 {
		reuse = " Not reused in a later statement the archive holds."
	}
	return first + reuse
}

// PhraseUsesPage lists the statements whose rows use a phrase, oldest
// first.
type PhraseUsesPage struct {
	Phrase string
	Uses   []PhraseUse
	// Total is the rows holding the phrase; Read how many of them, the
	// oldest, the list was made from.
	Total, Read int
	Error       string
}

// PhraseUse is a statement using a phrase, and the rows that do.
type PhraseUse struct {
	Statement *statement.Statement
	Rows      []statement.Ref
}

// PhraseOf returns the phrase of a search query that is one "quoted
// phrase" and nothing else, or "".
func PhraseOf(q string) string {
	q = strings.TrimSpace(q)
	if len(q) < 3 || q[0] != '"' || q[len(q)-1] != '"' {
		return ""
	}
	inner := q[1 : len(q)-1]
	for _, r := range inner {
		if r == '"' {
			return ""
		}
	}
	return inner
}

func urlQuery(s string) string { return url.QueryEscape(s) }
