package query_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// suggestRows are the invented rows of the suggestion fixture, five
// statements of four, three or so rows, English then French. Counted by
// hand, in English: terrorism 13 rows, cooperation 10 (and the misspelt
// coperation 1), part 8, NATO 6 (some NATO’s), sanctions 6 (sanctons 1),
// security 5, intelligence 4, pact 3, embargo 2; in French: OTAN 6 (always
// l’OTAN or l'OTAN), sécurité 5.
var suggestRows = [][][2]string{
	{
		{"Terrorism threatens the security of every Ally, and NATO will take part in the common response with full cooperation among its members.",
			"Le terrorisme menace la sécurité de chaque Allié, et l’OTAN prendra part à la réponse commune grâce à une pleine coopération entre ses membres."},
		{"We condemn terrorism in all its forms. Close cooperation between intelligence services is part of our answer.",
			"Nous condamnons le terrorisme sous toutes ses formes. Une étroite coopération entre services de renseignement fait partie de notre réponse."},
		{"Sanctions against those who finance terrorism remain in force, and the arms embargo stays in place.",
			"Les sanctions visant ceux qui financent le terrorisme restent en vigueur, et l’embargo sur les armes est maintenu."},
		{"The Allies signed a pact on civil preparedness, which forms part of a wider cooperation.",
			"Les Alliés ont signé un pacte sur la préparation du secteur civil, qui s’inscrit dans une coopération plus large."},
	},
	{
		{"Terrorism knows no borders; NATO’s partners share this view and seek cooperation.",
			"Le terrorisme ne connaît pas de frontières ; les partenaires de l'OTAN partagent ce point de vue et recherchent la coopération."},
		{"We will renew sanctions where terrorism is funded from abroad, in cooperation with the United Nations.",
			"Nous renouvellerons les sanctions là où le terrorisme est financé depuis l’étranger, en coopération avec les Nations Unies."},
		{"Intelligence sharing against terrorism is a pact among equals.",
			"Le partage du renseignement contre le terrorisme est un pacte entre égaux."},
		{"A further embargo was discussed as part of the security agenda.",
			"Un nouvel embargo a été examiné dans le cadre du programme de sécurité."},
	},
	{
		{"The fight against terrorism requires patience and cooperation.",
			"La lutte contre le terrorisme exige de la patience et de la coopération."},
		{"NATO stands ready to play its part in the security of the region, and sanctions stay one of the tools.",
			"L’OTAN est prête à jouer son rôle pour la sécurité de la région, et les sanctions restent l’un des outils."},
		{"Terrorism and organised crime feed each other, so cooperation must reach both.",
			"Le terrorisme et la criminalité organisée s’alimentent l’un l’autre ; la coopération doit donc viser les deux."},
		{"The delegation listed the sanctons adopted last year.",
			"La délégation a énuméré les sanctions adoptées l’an dernier."},
	},
	{
		{"Terrorism will be on the agenda of the next meeting, alongside NATO’s intelligence needs.",
			"Le terrorisme sera à l’ordre du jour de la prochaine réunion, aux côtés des besoins de l’OTAN en matière de renseignement."},
		{"Our coperation with neighbouring states has grown, and sanctions are reviewed every year.",
			"Notre coopération avec les États voisins s’est développée, et les sanctions sont réexaminées chaque année."},
		{"We reaffirm that terrorism cannot be justified; our cooperation on security will deepen as part of NATO’s core tasks.",
			"Nous réaffirmons que le terrorisme ne saurait être justifié ; notre coopération en matière de sécurité s’approfondira dans le cadre des tâches fondamentales de l'OTAN."},
		{"Each Ally does its part: the pact on intelligence and the sanctions regime both depend on it.",
			"Chaque Allié fait sa part : le pacte sur le renseignement et le régime de sanctions en dépendent tous deux."},
	},
	{
		{"Terrorism targets civilians, and our cooperation protects them.",
			"Le terrorisme vise les civils, et notre coopération les protège."},
		{"Terrorism online spreads quickly; security services work in cooperation to remove it.",
			"Le terrorisme en ligne se propage vite ; les services de sécurité travaillent en coopération pour le retirer."},
		{"NATO will keep doing its part against terrorism, with sanctions where needed.",
			"L’OTAN continuera de jouer son rôle contre le terrorisme, avec des sanctions si nécessaire."},
	},
}

func suggestFixture(t testing.TB) *index.Index {
	t.Helper()
	files := map[string]string{}
	for s, rows := range suggestRows {
		var en, fr strings.Builder
		for i, r := range rows {
			fmt.Fprintf(&en, "%d. %s\n", i+1, r[0])
			fmt.Fprintf(&fr, "%d. %s\n", i+1, r[1])
		}
		id := fmt.Sprintf("2024-02-0%d-suggest-%d", s+1, s+1)
		files[id+".txt"] = fmt.Sprintf("---\ntitle: {en: Statement %d}\ndate: 2024-02-0%d\n---\n[en]\n%s[fr]\n%s", s+1, s+1, en.String(), fr.String())
	}
	// Three shards whatever the machine (indextest.Build takes one a
	// core), so that counts are summed over shards: the five statements
	// fall in all three.
	src, err := statement.Sources(indextest.WriteFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "index")
	if _, err := index.Ingest(context.Background(), root, src, index.IngestOptions{Shards: 3}); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	idx, err := index.Open(root)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

func TestSuggestWord(t *testing.T) {
	idx := suggestFixture(t)
	suggest := func(lang, word, instead string, rows, wordRows int) *search.Suggestion {
		return &search.Suggestion{Lang: lang, Word: word, Instead: instead, Rows: rows, WordRows: wordRows}
	}
	tests := []struct {
		name       string
		lang, word string
		want       *search.Suggestion // nil: no suggestion
	}{
		{"one letter missing", "en", "terorism", suggest("en", "terorism", "terrorism", 13, 0)},
		{"typed with a capital, suggested as the texts write it", "en", "Terorism", suggest("en", "Terorism", "terrorism", 13, 0)},
		{"a frequent word is not corrected", "en", "terrorism", nil},
		{"an acronym keeps its capitals", "en", "natp", suggest("en", "natp", "NATO", 6, 0)},
		{"the more frequent of two near words", "en", "pagt", suggest("en", "pagt", "part", 8, 0)},
		{"a misspelling the texts hold once, against ten rows", "en", "coperation", suggest("en", "coperation", "cooperation", 10, 1)},
		{"a misspelling the texts hold once, against six rows only", "en", "sanctons", nil},
		{"a near word in two rows only", "en", "embrgo", nil},
		{"two edits in a long word", "en", "intelijence", suggest("en", "intelijence", "intelligence", 4, 0)},
		{"two edits in a short word", "en", "tror", nil},
		{"a misspelt ending the stemmer keeps", "en", "securty", suggest("en", "securty", "security", 5, 0)},
		{"two letters swapped", "en", "secruity", suggest("en", "secruity", "security", 5, 0)},
		{"French, accents as the texts write them", "fr", "securte", suggest("fr", "securte", "sécurité", 5, 0)},
		{"French, two edits in a long word", "fr", "secruité", suggest("fr", "secruité", "sécurité", 5, 0)},
		{"French acronym after an elision", "fr", "otn", suggest("fr", "otn", "OTAN", 6, 0)},
		{"English stop word", "en", "the", nil},
		{"French stop word", "fr", "les", nil},
		{"empty word", "en", "", nil},
		{"200-byte word", "en", strings.Repeat("terrorism", 22) + "xx", nil},
		{"digits", "en", "2024", nil},
		{"punctuation", "en", "?!", nil},
		{"two words", "en", "terorism security", nil},
		{"a language the archive lacks", "de", "terorism", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := query.New(idx, nil).SuggestWord(context.Background(), tt.lang, tt.word)
			if err != nil {
				t.Fatalf("SuggestWord(%q, %q): %v", tt.lang, tt.word, err)
			}
			switch {
			case tt.want == nil && ok:
				t.Errorf("SuggestWord(%q, %q) = %+v, want no suggestion", tt.lang, tt.word, got)
			case tt.want != nil && !ok:
				t.Errorf("SuggestWord(%q, %q) = no suggestion, want %+v", tt.lang, tt.word, *tt.want)
			case tt.want != nil && got != *tt.want:
				t.Errorf("SuggestWord(%q, %q) = %+v, want %+v", tt.lang, tt.word, got, *tt.want)
			}
		})
	}
}

func TestSuggestWordCancelled(t *testing.T) {
	idx := suggestFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, ok, err := query.New(idx, nil).SuggestWord(ctx, "en", "terorism")
	if !errors.Is(err, context.Canceled) || ok {
		t.Errorf("SuggestWord with a cancelled context = %+v, %v, %v; want no suggestion and context.Canceled", got, ok, err)
	}
}

// BenchmarkSuggestWord times one suggestion on the fixture, in English
// (one edit) and in French (two edits in a long word).
func BenchmarkSuggestWord(b *testing.B) {
	idx := suggestFixture(b)
	for _, w := range []struct{ lang, word string }{{"en", "terorism"}, {"fr", "secruité"}} {
		b.Run(w.lang+"/"+w.word, func(b *testing.B) {
			for b.Loop() {
				if _, ok, err := query.New(idx, nil).SuggestWord(context.Background(), w.lang, w.word); err != nil || !ok {
					b.Fatalf("SuggestWord(%q, %q) = %v, %v; want a suggestion", w.lang, w.word, ok, err)
				}
			}
		})
	}
}

// oneStatement is an archive of one invented statement in English and
// French whose words are each in a single row: what a small archive, or a
// new one, holds.
var oneStatement = map[string]string{
	"2024-04-01-small.txt": `---
title: {en: A small statement, fr: Une petite déclaration}
date: 2024-04-01
---
[en]
1. Ransomware locked the clinic's records overnight.
2. Engineers rebuilt the infrastructure within a week.
3. Terrorists target crowded squares; terrorism has no excuse.
4. A terrorist cell was dismantled before the vote.
5. The thesis was read aloud to the committee.
[fr]
1. Un rançongiciel a verrouillé les dossiers de la clinique pendant la nuit.
2. Des ingénieurs ont reconstruit les équipements en une semaine.
3. Les terroristes visent les places bondées ; le terrorisme n'a aucune excuse.
4. Une cellule terroriste a été démantelée avant le vote.
5. La thèse a été lue à voix haute devant le comité.
`,
}

// A query that finds nothing gets the nearest word the archive holds,
// however rare: here every word is in one row. A query that finds
// something keeps the rule of markedly more rows, which one row cannot
// meet. With no language chosen, the suggestion comes from the language
// the query is most likely in: "the" is an English stop word, so the
// French "thèse", one edit from it, is not offered.
func TestSuggestOneStatement(t *testing.T) {
	s := query.New(indextest.Build(t, oneStatement), nil)
	suggest := func(word, instead, query string) []search.Suggestion {
		return []search.Suggestion{{Lang: "en", Word: word, Instead: instead, Rows: 1, WordRows: 0, Query: query}}
	}
	tests := []struct {
		name  string
		req   search.Request
		total int
		want  []search.Suggestion
	}{
		{"a letter missing", search.Request{Query: "ransomwre"}, 0, suggest("ransomwre", "ransomware", "ransomware")},
		{"a letter too many", search.Request{Query: "ransomeware"}, 0, suggest("ransomeware", "ransomware", "ransomware")},
		{"two letters swapped", search.Request{Query: "ransomwaer"}, 0, suggest("ransomwaer", "ransomware", "ransomware")},
		{"a letter missing in a long word", search.Request{Query: "infrastucture"}, 0, suggest("infrastucture", "infrastructure", "infrastructure")},
		{"the rest of the query kept", search.Request{Query: `ransomwre -"dossiers"`}, 0, suggest("ransomwre", "ransomware", `ransomware -"dossiers"`)},
		{"a query that finds something keeps the 10× rule", search.Request{Query: "ransomwre clinic"}, 1, nil},
		{"an English stop word, no language chosen", search.Request{Query: "the"}, 0, nil},
		{"an English stop word and a misspelling", search.Request{Query: "the infrastucture"}, 0, suggest("infrastucture", "infrastructure", "the infrastructure")},
		{"the same word, French chosen", search.Request{Query: "the", Langs: []string{"fr"}}, 0,
			[]search.Suggestion{{Lang: "fr", Word: "the", Instead: "thèse", Rows: 1, Query: "thèse"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatalf("Search(%+v): %v", tt.req, err)
			}
			if res.Total != tt.total {
				t.Errorf("Search(%q) finds %d rows, want %d", tt.req.Query, res.Total, tt.total)
			}
			if !reflect.DeepEqual(res.Suggestions, tt.want) {
				t.Errorf("Search(%q) suggests %+v, want %+v", tt.req.Query, res.Suggestions, tt.want)
			}
		})
	}
}

// NearestWord takes the nearest word however rare, where SuggestWord
// wants markedly more rows; neither corrects a word the archive holds.
func TestNearestWord(t *testing.T) {
	idx := suggestFixture(t)
	tests := []struct {
		name, lang, word string
		want             string // "": no suggestion
	}{
		{"a near word in two rows only", "en", "embrgo", "embargo"},
		{"two near words: the one in more rows", "en", "pagt", "part"},
		{"a misspelling the texts hold", "en", "sanctons", ""},
		{"a word the texts hold", "en", "embargo", ""},
		{"nothing near", "en", "zzyzx", ""},
		{"a stop word", "en", "the", ""},
		{"French", "fr", "embrago", "embargo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := query.New(idx, nil).NearestWord(context.Background(), tt.lang, tt.word)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tt.want != "") || got.Instead != tt.want {
				t.Errorf("NearestWord(%q, %q) = %+v, %v; want %q", tt.lang, tt.word, got, ok, tt.want)
			}
		})
	}
}
