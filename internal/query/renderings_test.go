package query_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
)

// renderingRows is an invented bilingual archive of 30 rows. The first 8
// speak of NATO, which the French texts write OTAN (after an elided
// article, so the written form must be cut from "l’OTAN"); they also share
// a year and a single letter, which tie with OTAN and must not be shown.
// "Alliés" is in every row; "sécurité" in the 8 and in 8 others; "plan"
// in the 8 and in 2 others.
var renderingRows = [][2]string{
	{"NATO keeps plan B ready for 2030, the Allies said.", "Les Alliés ont dit que l’OTAN garde le plan B prêt pour 2030, pour la sécurité."},
	{"By 2030 NATO will hold plan B exercises with all Allies.", "D’ici 2030, l'OTAN tiendra des exercices du plan B avec tous les Alliés, pour leur sécurité."},
	{"The Allies fund NATO and its plan B until 2030.", "Les Alliés financent l’OTAN et son plan B jusqu’en 2030 au nom de la sécurité."},
	{"NATO's plan B is reviewed by the Allies before 2030.", "Le plan B de l’OTAN est revu par les Alliés avant 2030 ; la sécurité l’exige."},
	{"Allies agree that NATO must update plan B by 2030.", "Les Alliés conviennent que l'OTAN doit revoir le plan B d’ici 2030 pour la sécurité."},
	{"NATO staff brief the Allies on plan B for 2030.", "Le personnel de l’OTAN informe les Alliés du plan B pour 2030 et de la sécurité."},
	{"Allies ask NATO to publish plan B in 2030.", "Les Alliés demandent à l’OTAN de publier le plan B en 2030, par souci de sécurité."},
	{"NATO thanks the Allies for plan B and looks to 2030.", "L’OTAN remercie les Alliés pour le plan B et regarde vers 2030, pour la sécurité."},
	{"Allies discuss the harvest and food security.", "Les Alliés parlent de la récolte et de la sécurité alimentaire."},
	{"Allies review the security of their ports.", "Les Alliés examinent la sécurité de leurs ports."},
	{"Allies share rules on road safety.", "Les Alliés partagent des règles de sécurité routière."},
	{"Allies improve the security of their railways.", "Les Alliés améliorent la sécurité de leurs chemins de fer."},
	{"Allies speak of security at sea.", "Les Alliés parlent de la sécurité en mer."},
	{"Allies fund security for schools.", "Les Alliés financent la sécurité des écoles."},
	{"Allies set the security of hospitals as a goal.", "Les Alliés font de la sécurité des hôpitaux un but."},
	{"Allies welcome the security of energy supplies.", "Les Alliés saluent la sécurité des approvisionnements en énergie."},
	{"Allies welcome the new museum.", "Les Alliés saluent le nouveau musée."},
	{"Allies plant trees along the rivers.", "Les Alliés plantent des arbres le long des rivières."},
	{"Allies open a library for students.", "Les Alliés ouvrent une bibliothèque pour les étudiants."},
	{"Allies celebrate the spring festival.", "Les Alliés célèbrent la fête du printemps."},
	{"Allies praise the local bakers.", "Les Alliés louent les boulangers du pays."},
	{"Allies build a bridge over the valley to a new plan.", "Les Alliés construisent un pont sur la vallée selon un nouveau plan."},
	{"Allies thank the volunteers of the choir.", "Les Alliés remercient les bénévoles de la chorale."},
	{"Allies visit the old harbour and its plan.", "Les Alliés visitent le vieux port et son plan."},
	{"Allies note the price of bread.", "Les Alliés notent le prix du pain."},
	{"Allies support young painters.", "Les Alliés soutiennent les jeunes peintres."},
	{"Allies repair the mountain roads.", "Les Alliés réparent les routes de montagne."},
	{"Allies count the birds of the marsh.", "Les Alliés comptent les oiseaux du marais."},
	{"Allies restore the town hall clock.", "Les Alliés restaurent l’horloge de la mairie."},
	{"Allies close the summer session.", "Les Alliés clôturent la session d’été."},
}

const natoRows = 8

// renderingFixture indexes renderingRows as three statements of ten
// paragraphs and returns the index and the rows' texts.
func renderingFixture(t testing.TB) (*index.Index, []map[string]string) {
	t.Helper()
	files := map[string]string{}
	var rows []map[string]string
	for s := 0; s*10 < len(renderingRows); s++ {
		var en, fr strings.Builder
		for i, r := range renderingRows[s*10 : s*10+10] {
			fmt.Fprintf(&en, "%d. %s\n", i+1, r[0])
			fmt.Fprintf(&fr, "%d. %s\n", i+1, r[1])
			rows = append(rows, map[string]string{"en": r[0], "fr": r[1]})
		}
		id := fmt.Sprintf("2024-01-0%d-renderings-%d", s+1, s+1)
		files[id+".txt"] = fmt.Sprintf("---\ntitle: {en: Statement %d}\ndate: 2024-01-0%d\n---\n[en]\n%s[fr]\n%s", s+1, s+1, en.String(), fr.String())
	}
	return indextest.Build(t, files), rows
}

func archiveTotal(lang string) int { return len(renderingRows) }

func TestRenderings(t *testing.T) {
	idx, rows := renderingFixture(t)
	got, err := query.New(idx, nil).Renderings(context.Background(), rows[:natoRows], []string{"fr", "de"}, archiveTotal, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Lang != "fr" {
		t.Fatalf("Renderings in fr and de = %+v, want one Rendering, in fr (the rows have no de text)", got)
	}
	terms := got[0].Terms
	if len(terms) == 0 {
		t.Fatal("the French rendering has no terms")
	}
	if first := terms[0]; first.Text != "OTAN" || first.Rows != natoRows || first.Archive != natoRows {
		t.Errorf("first French term = %+v, want OTAN in %d rows of %d and of the archive", first, natoRows, natoRows)
	}
	// OTAN is in all 8 rows and nowhere else: a=8, N=8, n=8, T=30.
	if want := 2 * (8*math.Log(30.0/8) + 22*math.Log(30.0/22)); math.Abs(terms[0].Score-want) > 1e-9 {
		t.Errorf("OTAN's score = %v, want G² = %v", terms[0].Score, want)
	}
	for i, term := range terms {
		if term.Score <= 0 {
			t.Errorf("term %d %q has score %v, want > 0", i, term.Text, term.Score)
		}
		if i > 0 && term.Score > terms[i-1].Score {
			t.Errorf("term %d %q (%v) outranks term %d %q (%v)", i, term.Text, term.Score, i-1, terms[i-1].Text, terms[i-1].Score)
		}
		if term.Rows < 2 || term.Rows > natoRows || term.Archive < term.Rows {
			t.Errorf("term %q counts %d rows of %d, %d in the archive", term.Text, term.Rows, natoRows, term.Archive)
		}
		switch strings.ToLower(term.Text) {
		case "2030", "b":
			t.Errorf("term %d is %q: a number or a single letter", i, term.Text)
		case "alliés", "allies":
			t.Errorf("term %d is %q, which every row of the archive holds", i, term.Text)
		case "plan":
			if i == 0 || term.Rows != natoRows || term.Archive != natoRows+2 {
				t.Errorf("plan = %+v at %d, want below OTAN, in 8 rows and 10 of the archive", term, i)
			}
		case "sécurité", "securite":
			if i == 0 || term.Rows != natoRows || term.Archive != 2*natoRows {
				t.Errorf("sécurité = %+v at %d, want below OTAN, in 8 rows and 16 of the archive", term, i)
			}
		}
		if strings.ContainsAny(term.Text, "'’") {
			t.Errorf("term %q keeps an elided article", term.Text)
		}
	}
	var texts []string
	for _, term := range terms {
		texts = append(texts, term.Text)
	}
	if !hasText(texts, "sécurité") || !hasText(texts, "plan") {
		t.Errorf("French terms = %q, want sécurité and plan among them", texts)
	}

	short, err := query.New(idx, nil).Renderings(context.Background(), rows[:natoRows], []string{"fr"}, archiveTotal, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(short) != 1 || len(short[0].Terms) != 1 || short[0].Terms[0].Text != "OTAN" {
		t.Errorf("Renderings with max 1 = %+v, want OTAN alone", short)
	}
}

func hasText(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRenderingsWrittenForms(t *testing.T) {
	idx, _ := renderingFixture(t)
	tests := []struct {
		name  string
		lang  string
		texts []string
		want  string
		rows  int
	}{
		{"an elided article is cut", "fr", []string{"L’OTAN décide.", "Selon l'OTAN, oui.", "Au nom de l’OTAN[^1] encore."}, "OTAN", 6},
		{"a possessive is cut", "en", []string{"NATO's role grows.", "It is NATO’s budget."}, "NATO", 6},
		{"a capital that starts a sentence is no capital", "fr", []string{"Dissuasion nucléaire.", "La dissuasion reste.", "Non. Dissuasion encore."}, "dissuasion", 6},
		{"a name keeps its capital", "fr", []string{"Face à la Russie, rien.", "Avec la Russie.", "Russie."}, "Russie", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The texts are repeated to six rows, over the threshold, which
			// keeps the share of each way of writing the word.
			var rows []map[string]string
			for i := 0; i < 6; i++ {
				rows = append(rows, map[string]string{tt.lang: tt.texts[i%len(tt.texts)]})
			}
			got, err := query.New(idx, nil).Renderings(context.Background(), rows, []string{tt.lang}, archiveTotal, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || len(got[0].Terms) != 1 {
				t.Fatalf("got %+v, want one term", got)
			}
			if term := got[0].Terms[0]; term.Text != tt.want || term.Rows != tt.rows {
				t.Errorf("got %q in %d rows, want %q in %d", term.Text, term.Rows, tt.want, tt.rows)
			}
		})
	}
}

func TestRenderingsNothingToSay(t *testing.T) {
	idx, rows := renderingFixture(t)
	tests := []struct {
		name string
		rows []map[string]string
		max  int
	}{
		{"no rows", nil, 10},
		{"max 0", rows[:natoRows], 0},
		// Every word of the five rows is in one of them only, or in every
		// row of the archive.
		{"no term in two rows", rows[16:21], 10},
		{"too few rows", rows[:query.MinRenderingRows-1], 10},
		{"empty texts", []map[string]string{{"fr": " "}, {"fr": ""}}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := query.New(idx, nil).Renderings(context.Background(), tt.rows, []string{"fr"}, archiveTotal, tt.max)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 0 {
				t.Errorf("got %+v, want no Rendering", got)
			}
		})
	}
}

// The archive's counts are clamped to the table's, never giving a
// negative cell: a term in fewer archive rows than the given rows hold it
// (rows the index no longer has) counts as in those rows only; an archive
// total below the rows' own makes the rows the whole archive, where
// nothing is over-represented.
func TestRenderingsClampsCounts(t *testing.T) {
	idx, _ := renderingFixture(t)
	// The index holds neither word.
	var rows []map[string]string
	for i := 0; i < query.MinRenderingRows; i++ {
		rows = append(rows, map[string]string{"fr": "La dissuasion."})
	}
	n := query.MinRenderingRows
	tests := []struct {
		name  string
		total int
		want  []search.RenderedTerm
	}{
		{"term missing from the index", 30, []search.RenderedTerm{{Text: "dissuasion", Rows: n, Archive: n, Score: query.LogLikelihood(n, n, n, 30)}}},
		{"total below the rows", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := query.New(idx, nil).Renderings(context.Background(), rows, []string{"fr"}, func(string) int { return tt.total }, 5)
			if err != nil {
				t.Fatal(err)
			}
			var terms []search.RenderedTerm
			if len(got) > 0 {
				terms = got[0].Terms
			}
			if !reflect.DeepEqual(terms, tt.want) {
				t.Errorf("got %+v, want %+v", terms, tt.want)
			}
		})
	}
}

// A language needs text in query.MinRenderingRows of the rows for its
// rendering to mean something: one Dutch row among English ones, or two,
// gives none; three give one, which says it rests on three rows. The rows
// read also count only where they have text in the language.
func TestRenderingsThreshold(t *testing.T) {
	idx, rows := renderingFixture(t)
	if query.MinRenderingRows != 3 {
		t.Fatalf("MinRenderingRows = %d; the documentation (docs/search-aids.md) says 3", query.MinRenderingRows)
	}
	withText := func(n int) []map[string]string {
		var out []map[string]string
		for i := range natoRows {
			r := map[string]string{"en": rows[i]["en"]}
			if i < n {
				r["fr"] = rows[i]["fr"]
			}
			out = append(out, r)
		}
		return out
	}
	tests := []struct {
		name     string
		rows     []map[string]string
		wantRows int // 0: no rendering
	}{
		{"one row with French text among eight", withText(1), 0},
		{"two rows", withText(query.MinRenderingRows - 1), 0},
		{"three rows", withText(query.MinRenderingRows), query.MinRenderingRows},
		{"eight rows", withText(natoRows), natoRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := query.New(idx, nil).Renderings(context.Background(), tt.rows, []string{"fr"}, archiveTotal, 3)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.wantRows == 0 && len(got) != 0:
				t.Errorf("got %+v, want no rendering", got)
			case tt.wantRows > 0 && len(got) != 1:
				t.Errorf("got %+v, want one French rendering", got)
			case tt.wantRows > 0 && (got[0].Rows != tt.wantRows || got[0].Terms[0].Text != "OTAN"):
				t.Errorf("got %+v, want OTAN first, resting on %d rows", got[0], tt.wantRows)
			}
		})
	}
}

func TestRenderingsCancelled(t *testing.T) {
	idx, rows := renderingFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := query.New(idx, nil).Renderings(ctx, rows[:natoRows], []string{"fr"}, archiveTotal, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestLogLikelihood(t *testing.T) {
	tests := []struct {
		name        string
		a, N, n, T  int
		want        float64
		description string
	}{
		// 2·(8·ln(30/8) + 22·ln(30/22)), by bc -l.
		{"in every selected row and nowhere else", 8, 8, 8, 30, 34.79491028508605, "cells 8 0 0 22"},
		// Expected cells 2, 98, 18, 882:
		// 2·(10·ln(10/2) + 90·ln(90/98) + 10·ln(10/18) + 890·ln(890/882)), by bc -l.
		{"over-represented", 10, 100, 20, 1000, 21.176963409906105, "cells 10 90 10 890"},
		{"as frequent in the selection as outside", 5, 50, 100, 1000, 0, "a/N = n/T"},
		{"a negative cell", 3, 2, 5, 10, 0, "a > N"},
		{"an empty table", 0, 0, 0, 0, 0, "no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := query.LogLikelihood(tt.a, tt.N, tt.n, tt.T); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("LogLikelihood(%d, %d, %d, %d) (%s) = %v, want %v", tt.a, tt.N, tt.n, tt.T, tt.description, got, tt.want)
			}
		})
	}
	// G² measures surprise in either direction: a term rarer in the
	// selection than outside scores too (Renderings keeps only the over-represented).
	if got := query.LogLikelihood(0, 100, 500, 1000); got <= 0 {
		t.Errorf("LogLikelihood of an absent common term = %v, want > 0", got)
	}
}

func BenchmarkRenderings(b *testing.B) {
	idx, rows := renderingFixture(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := query.New(idx, nil).Renderings(ctx, rows[:natoRows], []string{"en", "fr"}, archiveTotal, 10); err != nil {
			b.Fatal(err)
		}
	}
}
