package query_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"statementarchive/internal/fault"
	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// referenceArchive holds invented statements with the references of real
// series, each written as its publisher writes it.
func referenceArchive(t *testing.T) *index.Index {
	t.Helper()
	file := func(date, title, reference, en, fr string) string {
		return "---\ntitle: {en: \"" + title + "\"}\ndate: " + date + "\nissuer: Test Council\nreference: " + reference + "\n---\n[en]\n" + en + "\n[fr]\n" + fr + "\n"
	}
	return indextest.Build(t, map[string]string{
		"2006-11-29-pr.txt": file("2006-11-29", "Final communiqué", "{en: \"Press Release (2006) 150\", fr: \"Communiqué de presse (2006) 150\"}",
			"1. Ministers reviewed the mission in the region.\n\n2. They agreed to renew the training effort.",
			"1. Les ministres ont examiné la mission dans la région.\n\n2. Ils sont convenus de renouveler l'effort de formation."),
		"2006-11-30-pr.txt": file("2006-11-30", "Statement on the summit", "\"Press Release (2006) 151\"",
			"1. The summit will meet in the spring.", "1. Le sommet se réunira au printemps."),
		"2001-12-06-nac.txt": file("2001-12-06", "Ministerial communiqué", "\"M-NAC-2(2001)159\"",
			"1. Ministers met in Brussels.", "1. Les ministres se sont réunis à Bruxelles."),
		"2011-09-09-sc.txt": file("2011-09-09", "Security Council press statement", "\"SC/10378\"",
			"1. The members of the Security Council condemned the attack.", "1. Les membres du Conseil de sécurité ont condamné l'attaque."),
		"2014-03-06-memo.txt": file("2014-03-06", "Questions and answers", "\"MEMO/14/402\"",
			"1. The Commission answers questions on the package.", "1. La Commission répond aux questions sur le paquet."),
		"2001-09-21-sn.txt": file("2001-09-21", "Conclusions of the extraordinary meeting", "\"SN 140/01\"",
			"1. The European Council met in extraordinary session.", "1. Le Conseil européen s'est réuni en session extraordinaire."),
		"2014-08-15-res.txt": file("2014-08-15", "Resolution on foreign fighters", "\"S/RES/2170 (2014)\"",
			"1. The Council condemns the recruitment of foreign fighters.", "1. Le Conseil condamne le recrutement de combattants étrangers."),
	})
}

// An export and a feed of a search by reference hold the rows the search
// finds, the admission being one for all three: the statement's rows for
// a reference alone, and with words, the rows those words match.
func TestExportByReference(t *testing.T) {
	s := query.New(referenceArchive(t), nil)
	for _, q := range []string{"PR(2006)150", "Communiqué de presse (2006) 150", "SC/10378", "PR(2006)150 -training", "PR(2006)150 training"} {
		res, err := s.Search(context.Background(), search.Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var exported []string
		err = s.Export(context.Background(), search.Request{Query: q}, func(row search.Row) error {
			exported = append(exported, row.Statement.ID+"/"+row.Ref.String())
			return nil
		})
		if err != nil {
			t.Fatalf("export %q: %v", q, err)
		}
		var found []string
		for _, row := range res.Rows {
			found = append(found, row.Statement.ID+"/"+row.Ref.String())
		}
		slices.Sort(found)
		slices.Sort(exported)
		if len(found) == 0 || !slices.Equal(found, exported) {
			t.Errorf("%q: the search finds %v, the export holds %v", q, found, exported)
		}
		latest, err := s.Latest(context.Background(), search.Request{Query: q}, 10)
		if err != nil || len(latest) != len(found) {
			t.Errorf("%q: the feed has %d entries (%v), want %d", q, len(latest), err, len(found))
		}
	}
}

// Each form of a reference, typed as a query, finds its statement first
// and lists its rows; a reference beside words lifts its statement's
// rows among theirs; punctuation never turns a query into nothing.
func TestSearchByReference(t *testing.T) {
	idx := referenceArchive(t)
	s := query.New(idx, nil)
	for _, tt := range []struct {
		query, want string
		rows        int
	}{
		{"PR(2006)150", "2006-11-29-pr", 2},
		{"PR/CP(2006)150", "2006-11-29-pr", 2},
		{"pr (2006) 150", "2006-11-29-pr", 2},
		{"Press Release (2006) 150", "2006-11-29-pr", 2},
		{"Communiqué de presse (2006) 150", "2006-11-29-pr", 2},
		{"PR(2006)151", "2006-11-30-pr", 1},
		{"M-NAC-2(2001)159", "2001-12-06-nac", 1},
		{"SC/10378", "2011-09-09-sc", 1},
		{"MEMO/14/402", "2014-03-06-memo", 1},
		{"SN 140/01", "2001-09-21-sn", 1},
		{"S/RES/2170 (2014)", "2014-08-15-res", 1},
		{"UNSCR 2170", "2014-08-15-res", 1},
		{"PR(2006)150 training", "2006-11-29-pr", 1},
		{"PR(2006)150 -training", "2006-11-29-pr", 1},
	} {
		t.Run(tt.query, func(t *testing.T) {
			res, err := s.Search(context.Background(), search.Request{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Statements) == 0 || res.Statements[0].Statement.ID != tt.want {
				t.Fatalf("statements = %v, want %s first", ids(res.Statements), tt.want)
			}
			if res.Statements[0].Fields[0] != "reference" {
				t.Errorf("fields = %v, want it found by its reference", res.Statements[0].Fields)
			}
			if res.Total != tt.rows || len(res.Rows) == 0 || res.Rows[0].Statement.ID != tt.want {
				t.Errorf("%d rows, first of %v; want %d, of %s", res.Total, firstID(res.Rows), tt.rows, tt.want)
			}
		})
	}
	// A reference is not a word: another's number never matches it.
	res, err := s.Search(context.Background(), search.Request{Query: "PR(2006)152"})
	if err == nil && len(res.Statements) > 0 && res.Statements[0].Fields[0] == "reference" {
		t.Errorf("PR(2006)152 found %s by its reference", res.Statements[0].Statement.ID)
	}
	// Filters still apply to a reference's statement.
	res, err = s.Search(context.Background(), search.Request{Query: "SC/10378", Issuer: "Another Council"})
	if err != nil || len(res.Statements) != 0 || res.Total != 0 {
		t.Errorf("SC/10378 by another issuer: %v statements, %d rows, %v; want none", ids(res.Statements), res.Total, err)
	}
	// Words joined by punctuation find what the words find.
	for _, q := range []string{"mission/region", "(mission) region", "mission-region", "region/(mission)"} {
		res, err := s.Search(context.Background(), search.Request{Query: q})
		if err != nil || res.Total == 0 {
			t.Errorf("%q: %d rows, %v; want the row holding both words", q, res.Total, err)
		}
	}
	if got := idx.References("PR/CP(2006)150"); len(got) != 1 || got[0] != "2006-11-29-pr" {
		t.Errorf("References(PR/CP(2006)150) = %v", got)
	}
}

func ids(hits []search.StatementHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Statement.ID)
	}
	return out
}

func firstID(rows []search.Row) []string {
	if len(rows) == 0 {
		return nil
	}
	return []string{rows[0].Statement.ID}
}

// A query of references alone is bounded as any query is: its -excluded
// words and phrases are estimated before they reach Bleve, in a search,
// an export and a feed alike.
func TestReferenceQueryExclusionsBounded(t *testing.T) {
	s := query.New(referenceArchive(t), nil)
	q := `PR(2006)150 -"` + strings.TrimSpace(strings.Repeat("mission ", search.MaxPhraseWords+1)) + `"`
	want := fmt.Sprintf("at most %d", search.MaxPhraseWords)
	refused := func(what string, err error) {
		t.Helper()
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Kind != fault.Invalid || !strings.Contains(fe.Msg, want) {
			t.Errorf("%s of %.40q = %v, want a fault.Invalid refusal naming %q", what, q, err, want)
		}
	}
	_, err := s.Search(context.Background(), search.Request{Query: q})
	refused("search", err)
	refused("export", s.Export(context.Background(), search.Request{Query: q}, func(search.Row) error { return nil }))
	_, err = s.Latest(context.Background(), search.Request{Query: q}, 5)
	refused("feed", err)
	// Under the limit, the exclusion applies.
	res, err := s.Search(context.Background(), search.Request{Query: `PR(2006)150 -"the training effort"`})
	if err != nil || res.Total != 1 {
		t.Errorf("PR(2006)150 without the training row: %v rows, %v; want 1", res, err)
	}
}
