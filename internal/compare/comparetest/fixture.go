package comparetest

import (
	"fmt"

	"statementarchive/internal/statement"
)

// The fixture: two invented statements of one invented issuer, the second
// made from the first by renumbering every paragraph, editing three rows
// (the preamble, a sentence, a list), inserting one, moving one from the
// end to the top, and dropping one. No published text is used.
const (
	FixtureA = `---
title:
  en: Ministers of the Union of Examplia, Northtown meeting
  fr: Ministres de l'Union d'Examplie, réunion de Northtown
date: 2021-03-03
issuer: Ministers of the Union of Examplia
reference: EX(2021)017
---

[en]
We, the Ministers of the Union of Examplia, met in Northtown on 3 March to review our common work.

# Common security
1. We welcome the progress made by the joint task force on coastal resilience since our last meeting, and we ask it to report again within twelve months.
2. We remain concerned by the repeated disruptions of the northern grid, which affect millions of households, and we call on all operators to share information promptly.
3. We will pursue the following priorities:
- strengthening the coastal warning network;
- training inspectors in every member region.
4. We note with regret that the harbour agreement signed at Lakeside has not yet entered into force, and we urge the remaining parties to ratify it.
5. We thank the people of Northtown and the regional authorities for their generous hospitality and the excellent organisation of our meeting.
6. We will meet again next year in a city to be decided by the Presidency, and we task our deputies with preparing that meeting.

[fr]
Nous, Ministres de l'Union d'Examplie, nous sommes réunis à Northtown le 3 mars pour faire le point sur nos travaux communs.

# Sécurité commune
1. Nous saluons les progrès accomplis par le groupe de travail conjoint sur la résilience côtière depuis notre dernière réunion, et nous lui demandons de faire rapport à nouveau dans un délai de douze mois.
2. Nous restons préoccupés par les perturbations répétées du réseau électrique du nord, qui touchent des millions de foyers, et nous appelons tous les opérateurs à partager rapidement les informations.
3. Nous poursuivrons les priorités suivantes :
- renforcer le réseau d'alerte côtière ;
- former des inspecteurs dans chaque région membre.
4. Nous constatons avec regret que l'accord portuaire signé à Lakeside n'est pas encore entré en vigueur, et nous exhortons les parties restantes à le ratifier.
5. Nous remercions la population de Northtown et les autorités régionales pour leur généreuse hospitalité et l'excellente organisation de notre réunion.
6. Nous nous réunirons de nouveau l'an prochain dans une ville que choisira la Présidence, et nous chargeons nos adjoints de préparer cette réunion.
`
	FixtureB = `---
title:
  en: Ministers of the Union of Examplia, Easton meeting
  fr: Ministres de l'Union d'Examplie, réunion d'Easton
date: 2022-04-09
issuer: Ministers of the Union of Examplia
reference: EX(2022)021
---

[en]
We, the Ministers of the Union of Examplia, met in Easton on 9 April to review our common work.

# Common security
1. We welcome the accession of the Republic of Westmark to the coastal charter, which strengthens our common resilience against flooding and storms.
2. We will meet again next year in a city to be decided by the Presidency, and we task our deputies with preparing that meeting.
3. We welcome the progress made by the joint task force on coastal resilience since our last meeting, and we ask it to report again within twelve months.
4. We remain concerned by the repeated and deliberate disruptions of the northern grid, which affect millions of households, and we call on all operators to share information within twenty-four hours.
5. We will pursue the following priorities:
- strengthening the coastal warning network;
- training inspectors in every member region;
- funding the shared laboratory in Southport.
6. We thank the people of Northtown and the regional authorities for their generous hospitality and the excellent organisation of our meeting.

[fr]
Nous, Ministres de l'Union d'Examplie, nous sommes réunis à Easton le 9 avril pour faire le point sur nos travaux communs.

# Sécurité commune
1. Nous saluons l'adhésion de la République de Westmark à la charte côtière, qui renforce notre résilience commune face aux inondations et aux tempêtes.
2. Nous nous réunirons de nouveau l'an prochain dans une ville que choisira la Présidence, et nous chargeons nos adjoints de préparer cette réunion.
3. Nous saluons les progrès accomplis par le groupe de travail conjoint sur la résilience côtière depuis notre dernière réunion, et nous lui demandons de faire rapport à nouveau dans un délai de douze mois.
4. Nous restons préoccupés par les perturbations répétées et délibérées du réseau électrique du nord, qui touchent des millions de foyers, et nous appelons tous les opérateurs à partager les informations dans les vingt-quatre heures.
5. Nous poursuivrons les priorités suivantes :
- renforcer le réseau d'alerte côtière ;
- former des inspecteurs dans chaque région membre ;
- financer le laboratoire commun de Southport.
6. Nous remercions la population de Northtown et les autorités régionales pour leur généreuse hospitalité et l'excellente organisation de notre réunion.
`
)

// FixtureIDs are the fixture statements' identifiers, as their files
// are named.
const (
	FixtureAID = "2021-03-03-examplia-northtown"
	FixtureBID = "2022-04-09-examplia-easton"
)

// FixtureFiles returns the fixture as statement files (name → text).
func FixtureFiles() map[string]string {
	return map[string]string{FixtureAID + ".txt": FixtureA, FixtureBID + ".txt": FixtureB}
}

// FixtureWant is the class every row of the fixture must get, in the
// order of the comparison: B's rows, with A's dropped paragraph 4 after
// the pair of A's paragraph 3.
var FixtureWant = []TruthPair{
	{"preamble", "preamble", "changed"},
	{"h1", "h1", "same"},
	{"", "1", "new"},
	{"6", "2", "moved"},
	{"1", "3", "same"},
	{"2", "4", "changed"},
	{"3", "5", "changed"},
	{"4", "", "dropped"},
	{"5", "6", "same"},
}

// Fixture parses the fixture statements.
func Fixture() (a, b *statement.Statement, err error) {
	if a, err = statement.Parse(FixtureAID+".txt", []byte(FixtureA)); err != nil {
		return nil, nil, fmt.Errorf("fixture A: %w", err)
	}
	if b, err = statement.Parse(FixtureBID+".txt", []byte(FixtureB)); err != nil {
		return nil, nil, fmt.Errorf("fixture B: %w", err)
	}
	return a, b, nil
}
