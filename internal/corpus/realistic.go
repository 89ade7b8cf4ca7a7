package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// The realistic corpus is sample data for people, not for benchmarks:
// statements that read like policy statements (a communiqué's headings,
// numbered paragraphs, lettered lists and a footnote; short statements on
// one topic), parallel in English, French and German, dated over the
// decades from 1949, each topic in the years it belongs to (arms control
// mostly before 2000, terrorism from the 1970s, cyber defence from the
// late 1990s, ransomware from 2015). Every statement says it is generated:
// its issuer is RealisticIssuer, its tags include RealisticTag, its
// subtitle says "generated sample data", and none is a published text.

// RealisticIssuer is the issuer of every generated realistic statement.
const RealisticIssuer = "Generated Council (sample data)"

// RealisticTag is a tag every generated realistic statement has.
const RealisticTag = "generated"

// RealisticLanguages are the languages of every realistic statement.
var RealisticLanguages = []string{"en", "fr", "de"}

// RealisticOptions says what WriteRealistic writes.
type RealisticOptions struct {
	// Statements is how many statements to write (default 240).
	Statements int
	// Seed makes the output deterministic.
	Seed int64
}

// topic is a subject of the generated statements, named in each
// language as a noun phrase that reads after "en matière de" and "im
// Bereich", with its tag and the years it is discussed in.
type topic struct {
	en, fr, de string
	tag        string
	from, to   int
	// weight is how often it comes up in its years, relative to others.
	weight int
}

var topics = []topic{
	{"arms control", "maîtrise des armements", "Rüstungskontrolle", "arms-control", 1955, 2026, 3},
	{"terrorism", "terrorisme", "Terrorismus", "terrorism", 1970, 2026, 3},
	{"cyber defence", "cyberdéfense", "Cyberverteidigung", "cyber", 1998, 2026, 4},
	{"ransomware", "rançongiciels", "Ransomware", "cyber", 2015, 2026, 3},
	{"energy security", "sécurité énergétique", "Energiesicherheit", "energy", 1973, 2026, 2},
	{"climate change", "changement climatique", "Klimawandel", "climate", 2007, 2026, 2},
	{"relations with Russia", "relations avec la Russie", "Beziehungen zu Russland", "russia", 1991, 2026, 3},
	{"relations with the Soviet Union", "relations avec l'Union soviétique", "Beziehungen zur Sowjetunion", "soviet-union", 1949, 1991, 4},
	{"crisis management", "gestion des crises", "Krisenbewältigung", "crisis-management", 1960, 2026, 2},
	{"maritime security", "sûreté maritime", "maritime Sicherheit", "maritime", 1980, 2026, 1},
}

// place is a meeting's city in each language.
type place struct{ en, fr, de string }

var places = []place{
	{"Ottawa", "Ottawa", "Ottawa"}, {"Brussels", "Bruxelles", "Brüssel"}, {"Rome", "Rome", "Rom"},
	{"Lisbon", "Lisbonne", "Lissabon"}, {"Oslo", "Oslo", "Oslo"}, {"Madrid", "Madrid", "Madrid"},
	{"Warsaw", "Varsovie", "Warschau"}, {"Copenhagen", "Copenhague", "Kopenhagen"}, {"Vilnius", "Vilnius", "Vilnius"},
	{"The Hague", "La Haye", "Den Haag"}, {"Reykjavik", "Reykjavik", "Reykjavík"}, {"Athens", "Athènes", "Athen"},
}

// line is one sentence or heading in the three languages; {T} is the
// topic, {P} the place, {N} the note mark.
type line struct{ en, fr, de string }

var openings = []line{
	{"We, the members of the Generated Council, met in {P} to review our common work on {T}.",
		"Nous, membres du Conseil généré, nous sommes réunis à {P} pour examiner nos travaux communs en matière de {T}.",
		"Wir, die Mitglieder des Generierten Rates, sind in {P} zusammengekommen, um unsere gemeinsame Arbeit im Bereich {T} zu überprüfen."},
	{"Meeting in {P}, the Generated Council reaffirmed the commitments that bind its members on {T}.",
		"Réuni à {P}, le Conseil généré a réaffirmé les engagements qui lient ses membres en matière de {T}.",
		"Der in {P} tagende Generierte Rat bekräftigte die Verpflichtungen, die seine Mitglieder im Bereich {T} binden."},
}

var sentences = []line{
	{"We attach the highest importance to our work on {T}.",
		"Nous attachons la plus haute importance à nos travaux en matière de {T}.",
		"Wir messen unserer Arbeit im Bereich {T} höchste Bedeutung bei."},
	{"NATO will continue to consult closely with its partners on {T}.",
		"L'OTAN continuera de se concerter étroitement avec ses partenaires en matière de {T}.",
		"Die NATO wird sich im Bereich {T} weiterhin eng mit ihren Partnern abstimmen."},
	{"We condemn all acts that threaten the security of our citizens, and we will respond to them together.",
		"Nous condamnons tous les actes qui menacent la sécurité de nos citoyens, et nous y répondrons ensemble.",
		"Wir verurteilen alle Handlungen, die die Sicherheit unserer Bürgerinnen und Bürger bedrohen, und wir werden gemeinsam darauf reagieren."},
	{"The Council tasks the Permanent Representatives to report on progress in {T} by our next meeting.",
		"Le Conseil charge les représentants permanents de rendre compte des progrès accomplis en matière de {T} d'ici notre prochaine réunion.",
		"Der Rat beauftragt die Ständigen Vertreter, bis zu unserem nächsten Treffen über die Fortschritte im Bereich {T} zu berichten."},
	{"We welcome the progress of the working group on the verification of arms control agreements.",
		"Nous saluons les progrès du groupe de travail sur la vérification des accords de maîtrise des armements.",
		"Wir begrüßen die Fortschritte der Rüstungskontrollvereinbarungsverifikationsarbeitsgruppe."},
	{"Our security depends on resilient societies, and on the trust of the citizens we serve.",
		"Notre sécurité repose sur des sociétés résilientes et sur la confiance des citoyens que nous servons.",
		"Unsere Sicherheit beruht auf widerstandsfähigen Gesellschaften und auf dem Vertrauen der Bürgerinnen und Bürger, denen wir dienen."},
	{"We will keep our consultations frequent, and we will speak with one voice on {T}.",
		"Nous maintiendrons des consultations fréquentes, et nous parlerons d'une seule voix en matière de {T}.",
		"Wir werden uns häufig beraten und im Bereich {T} mit einer Stimme sprechen."},
	{"Every member has a part to play, in accordance with international law and the Charter of the United Nations.",
		"Chaque membre a un rôle à jouer, dans le respect du droit international et de la Charte des Nations Unies.",
		"Jedes Mitglied hat im Einklang mit dem Völkerrecht und der Charta der Vereinten Nationen eine Rolle zu spielen."},
}

var listIntro = line{"We have agreed:", "Nous sommes convenus :", "Wir haben vereinbart,"}

var listItems = []line{
	{"to strengthen the exchange of information on {T};", "de renforcer l'échange d'informations en matière de {T} ;", "den Informationsaustausch im Bereich {T} zu verstärken;"},
	{"to hold a joint exercise on {T} every year;", "d'organiser chaque année un exercice conjoint en matière de {T} ;", "jedes Jahr eine gemeinsame Übung im Bereich {T} abzuhalten;"},
	{"to report on national progress at our next meeting.", "de rendre compte des progrès nationaux lors de notre prochaine réunion.", "bei unserem nächsten Treffen über die nationalen Fortschritte zu berichten."},
}

var closing = line{"We thank our hosts in {P} for their generous hospitality.",
	"Nous remercions nos hôtes à {P} pour leur généreuse hospitalité.",
	"Wir danken unseren Gastgebern in {P} für ihre großzügige Gastfreundschaft."}

var noteSentence = line{"One member records its reservation on the timing of the reports called for in this paragraph.{N}",
	"Un membre exprime une réserve sur le calendrier des rapports demandés dans le présent paragraphe{N}.",
	"Ein Mitglied äußert einen Vorbehalt zum Zeitplan der in diesem Absatz geforderten Berichte.{N}"}

var noteText = line{"This is generated sample data, not a published text; how it is made: https://example.org/statement-archive/generated-sample-data/how-the-realistic-corpus-is-written",
	"Ce texte est un exemple généré, non un texte publié ; sa fabrication : https://example.org/statement-archive/generated-sample-data/how-the-realistic-corpus-is-written",
	"Dies ist generierter Beispieltext, kein veröffentlichter Text; wie er entsteht: https://example.org/statement-archive/generated-sample-data/how-the-realistic-corpus-is-written"}

var headingPrinciples = line{"Shared principles", "Principes communs", "Gemeinsame Grundsätze"}
var headingWork = line{"Our work ahead", "Nos travaux à venir", "Unsere künftige Arbeit"}

var subtitle = line{"Generated sample data (archivegen -realistic), not a published text",
	"Exemple généré (archivegen -realistic), non un texte publié",
	"Generierte Beispieldaten (archivegen -realistic), kein veröffentlichter Text"}

// RealisticStats describes what WriteRealistic wrote.
type RealisticStats struct {
	Statements, Paragraphs int
	FirstYear, LastYear    int
}

// WriteRealistic writes opt.Statements realistic statements into dir
// (created if needed), one file each, named by date: deterministic for a
// seed. It refuses a dir that already holds statement files of its own,
// so that sample data never mixes with an archive's files by accident.
func WriteRealistic(dir string, opt RealisticOptions) (RealisticStats, error) {
	if opt.Statements == 0 {
		opt.Statements = 240
	}
	if opt.Statements < 1 || opt.Statements > 100000 {
		return RealisticStats{}, fmt.Errorf("statements must be from 1 to 100000, not %d", opt.Statements)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return RealisticStats{}, err
	}
	r := rand.New(rand.NewSource(opt.Seed))
	const first, last = 1949, 2026
	st := RealisticStats{FirstYear: first, LastYear: last}
	// Later years hold more statements, as archives do: a year's share
	// grows with its distance from the first.
	weights := make([]int, last-first+1)
	sum := 0
	for i := range weights {
		weights[i] = 1 + i/8
		sum += weights[i]
	}
	for n := 0; n < opt.Statements; n++ {
		pick := r.Intn(sum)
		year := first
		for i, w := range weights {
			if pick < w {
				year = first + i
				break
			}
			pick -= w
		}
		month, day := 1+r.Intn(12), 1+r.Intn(28)
		id := fmt.Sprintf("%04d-%02d-%02d-gen-%04d", year, month, day, n+1)
		text, rows := realisticStatement(r, n+1, year, month, day)
		if err := os.WriteFile(filepath.Join(dir, id+".txt"), []byte(text), 0o644); err != nil {
			return st, err
		}
		st.Statements++
		st.Paragraphs += rows
	}
	return st, nil
}

// topicsOf returns the topics discussed in a year, each as often as its
// weight says.
func topicsOf(year int) []topic {
	var out []topic
	for _, t := range topics {
		if year >= t.from && year <= t.to {
			for range t.weight {
				out = append(out, t)
			}
		}
	}
	return out
}

// realisticStatement writes one statement file: a communiqué (title,
// preamble, headings, numbered paragraphs, a list, a footnote) or a
// short statement on one topic; it returns the file and its rows.
func realisticStatement(r *rand.Rand, n, year, month, day int) (string, int) {
	pool := topicsOf(year)
	main := pool[r.Intn(len(pool))]
	second := pool[r.Intn(len(pool))]
	pl := places[r.Intn(len(places))]
	communique := r.Intn(3) > 0
	fill := func(s, lang string, t topic) string {
		name := map[string]string{"en": t.en, "fr": t.fr, "de": t.de}[lang]
		city := map[string]string{"en": pl.en, "fr": pl.fr, "de": pl.de}[lang]
		s = strings.ReplaceAll(s, "{T}", name)
		s = strings.ReplaceAll(s, "{P}", city)
		return strings.ReplaceAll(s, "{N}", "[^1]")
	}
	pickLang := func(l line, lang string) string {
		return map[string]string{"en": l.en, "fr": l.fr, "de": l.de}[lang]
	}
	capital := func(s string) string {
		if s == "" {
			return s
		}
		rs := []rune(s)
		return strings.ToUpper(string(rs[0])) + string(rs[1:])
	}

	// The plan of rows, the same in every language.
	type row struct {
		heading *line
		topic   topic
		lines   []line // sentences of a paragraph
		list    bool
		note    bool
	}
	var plan []row
	open := openings[r.Intn(len(openings))]
	if communique {
		plan = append(plan, row{heading: &headingPrinciples})
		plan = append(plan, row{topic: main, lines: []line{open, sentences[r.Intn(len(sentences))]}})
		plan = append(plan, row{topic: main, lines: []line{sentences[r.Intn(len(sentences))], sentences[r.Intn(len(sentences))], sentences[r.Intn(len(sentences))], sentences[r.Intn(len(sentences))]}})
		h := line{capital(main.en), capital(main.fr), capital(main.de)}
		plan = append(plan, row{heading: &h})
		plan = append(plan, row{topic: main, list: true})
		plan = append(plan, row{topic: main, lines: []line{sentences[r.Intn(len(sentences))], noteSentence}, note: true})
		if second.tag != main.tag {
			h2 := line{capital(second.en), capital(second.fr), capital(second.de)}
			plan = append(plan, row{heading: &h2})
			for range 1 + r.Intn(3) {
				plan = append(plan, row{topic: second, lines: []line{sentences[r.Intn(len(sentences))], sentences[r.Intn(len(sentences))]}})
			}
		}
		plan = append(plan, row{heading: &headingWork})
		plan = append(plan, row{topic: main, lines: []line{sentences[3]}})
		plan = append(plan, row{topic: main, lines: []line{closing}})
	} else {
		plan = append(plan, row{topic: main, lines: []line{open}})
		for range 2 + r.Intn(3) {
			plan = append(plan, row{topic: main, lines: []line{sentences[r.Intn(len(sentences))], sentences[r.Intn(len(sentences))]}})
		}
	}

	var b strings.Builder
	tags := []string{RealisticTag, main.tag}
	if communique && second.tag != main.tag {
		tags = append(tags, second.tag)
	}
	title := func(lang string) string {
		city := map[string]string{"en": pl.en, "fr": pl.fr, "de": pl.de}[lang]
		if communique {
			return map[string]string{
				"en": "Final communiqué of the Generated Council meeting in " + city,
				"fr": "Communiqué final de la réunion du Conseil généré à " + city,
				"de": "Abschlusskommuniqué der Tagung des Generierten Rates in " + city,
			}[lang]
		}
		return map[string]string{
			"en": "Generated Council statement: " + capital(main.en),
			"fr": "Déclaration du Conseil généré : " + capital(main.fr),
			"de": "Erklärung des Generierten Rates: " + capital(main.de),
		}[lang]
	}
	fmt.Fprintf(&b, "---\n# Generated sample data (archivegen -realistic): not a published text.\n")
	fmt.Fprintf(&b, "title: {en: %q, fr: %q, de: %q}\n", title("en"), title("fr"), title("de"))
	fmt.Fprintf(&b, "subtitle: {en: %q, fr: %q, de: %q}\n", subtitle.en, subtitle.fr, subtitle.de)
	fmt.Fprintf(&b, "date: %04d-%02d-%02d\n", year, month, day)
	fmt.Fprintf(&b, "issuer: %s\n", RealisticIssuer)
	fmt.Fprintf(&b, "reference: GEN(%04d)%03d\n", year, n%1000)
	fmt.Fprintf(&b, "tags: [%s]\n---\n", strings.Join(tags, ", "))
	rows := 0
	for _, lang := range RealisticLanguages {
		fmt.Fprintf(&b, "\n[%s]\n", lang)
		if communique {
			pre := map[string]string{
				"en": "The Generated Council issued the following communiqué in " + pl.en + ".",
				"fr": "Le Conseil généré a publié le communiqué suivant à " + pl.fr + ".",
				"de": "Der Generierte Rat hat in " + pl.de + " das folgende Kommuniqué veröffentlicht.",
			}[lang]
			b.WriteString(pre + "\n")
		}
		num, noted := 0, false
		for _, row := range plan {
			if row.heading != nil {
				fmt.Fprintf(&b, "# %s\n", pickLang(*row.heading, lang))
				continue
			}
			num++
			if row.list {
				fmt.Fprintf(&b, "%d. %s\n", num, pickLang(listIntro, lang))
				for i, it := range listItems {
					marker := string(rune('a'+i)) + "."
					if lang != "en" {
						marker = string(rune('a'+i)) + ")"
					}
					fmt.Fprintf(&b, "   %s %s\n", marker, fill(pickLang(it, lang), lang, row.topic))
				}
				continue
			}
			var parts []string
			for _, s := range row.lines {
				parts = append(parts, fill(pickLang(s, lang), lang, row.topic))
			}
			noted = noted || row.note
			fmt.Fprintf(&b, "%d. %s\n", num, strings.Join(parts, " "))
		}
		if noted {
			fmt.Fprintf(&b, "[^1]: %s\n", pickLang(noteText, lang))
		}
		if lang == "en" {
			rows = len(plan)
			if communique {
				rows++ // the preamble
			}
			if noted {
				rows++
			}
		}
	}
	return b.String(), rows
}
