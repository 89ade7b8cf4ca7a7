package draft

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"statementarchive/internal/statement"
)

// monthNames lists, for each language the archive commonly holds (see
// commonLanguages), its month names as dates write them: the name, its
// genitive or locative where the language inflects it ("września",
// "сентября", "septembrī"), and the abbreviations pages use. Each entry is
// the twelve months in order, alternatives separated by "/", written lower
// case; accents are folded when the table is built, as foldWord folds the
// words it looks up.
var monthNames = map[string][12]string{
	"en": {"january/jan", "february/feb", "march/mar", "april/apr", "may", "june/jun", "july/jul", "august/aug", "september/sep/sept", "october/oct", "november/nov", "december/dec"},
	"fr": {"janvier/janv", "février/févr/fév", "mars", "avril/avr", "mai", "juin", "juillet/juil", "août", "septembre/sept", "octobre/oct", "novembre/nov", "décembre/déc"},
	"de": {"januar/jan/jänner", "februar/feb/feber", "märz/mrz/maerz", "april/apr", "mai", "juni/jun", "juli/jul", "august/aug", "september/sep/sept", "oktober/okt", "november/nov", "dezember/dez"},
	"es": {"enero/ene", "febrero/feb", "marzo/mar", "abril/abr", "mayo/may", "junio/jun", "julio/jul", "agosto/ago", "septiembre/setiembre/sep/sept", "octubre/oct", "noviembre/nov", "diciembre/dic"},
	"it": {"gennaio/gen", "febbraio/feb", "marzo/mar", "aprile/apr", "maggio/mag", "giugno/giu", "luglio/lug", "agosto/ago", "settembre/set/sett", "ottobre/ott", "novembre/nov", "dicembre/dic"},
	"pt": {"janeiro/jan", "fevereiro/fev", "março/mar", "abril/abr", "maio/mai", "junho/jun", "julho/jul", "agosto/ago", "setembro/set", "outubro/out", "novembro/nov", "dezembro/dez"},
	"nl": {"januari/jan", "februari/feb", "maart/mrt", "april/apr", "mei", "juni/jun", "juli/jul", "augustus/aug", "september/sep/sept", "oktober/okt", "november/nov", "december/dec"},
	"pl": {"styczeń/stycznia/sty", "luty/lutego/lut", "marzec/marca/mar", "kwiecień/kwietnia/kwi", "maj/maja", "czerwiec/czerwca/cze", "lipiec/lipca/lip", "sierpień/sierpnia/sie", "wrzesień/września/wrz", "październik/października/paź", "listopad/listopada/lis", "grudzień/grudnia/gru"},
	"cs": {"leden/ledna", "únor/února", "březen/března", "duben/dubna", "květen/května", "červen/června", "červenec/července", "srpen/srpna", "září", "říjen/října", "listopad/listopadu", "prosinec/prosince"},
	"sk": {"január/januára", "február/februára", "marec/marca", "apríl/apríla", "máj/mája", "jún/júna", "júl/júla", "august/augusta", "september/septembra", "október/októbra", "november/novembra", "december/decembra"},
	"sl": {"januar/januarja", "februar/februarja", "marec/marca", "april/aprila", "maj/maja", "junij/junija", "julij/julija", "avgust/avgusta", "september/septembra", "oktober/oktobra", "november/novembra", "december/decembra"},
	"hr": {"siječanj/siječnja", "veljača/veljače", "ožujak/ožujka", "travanj/travnja", "svibanj/svibnja", "lipanj/lipnja", "srpanj/srpnja", "kolovoz/kolovoza", "rujan/rujna", "listopad/listopada", "studeni/studenoga/studenog", "prosinac/prosinca"},
	"hu": {"január/jan", "február/febr", "március/márc", "április/ápr", "május/máj", "június/jún", "július/júl", "augusztus/aug", "szeptember/szept", "október/okt", "november/nov", "december/dec"},
	"ro": {"ianuarie/ian", "februarie/feb", "martie/mar", "aprilie/apr", "mai", "iunie/iun", "iulie/iul", "august/aug", "septembrie/sept", "octombrie/oct", "noiembrie/nov", "decembrie/dec"},
	"bg": {"януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври", "ноември", "декември"},
	"el": {"ιανουαρίου/ιανουάριος/ιαν", "φεβρουαρίου/φεβρουάριος/φεβ", "μαρτίου/μάρτιος/μαρ", "απριλίου/απρίλιος/απρ", "μαΐου/μάιος/μαΐ", "ιουνίου/ιούνιος/ιουν", "ιουλίου/ιούλιος/ιουλ", "αυγούστου/αύγουστος/αυγ", "σεπτεμβρίου/σεπτέμβριος/σεπ", "οκτωβρίου/οκτώβριος/οκτ", "νοεμβρίου/νοέμβριος/νοε", "δεκεμβρίου/δεκέμβριος/δεκ"},
	"tr": {"ocak", "şubat", "mart", "nisan", "mayıs/mayis", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım/kasim", "aralık/aralik"},
	"da": {"januar/jan", "februar/feb", "marts/mar", "april/apr", "maj", "juni/jun", "juli/jul", "august/aug", "september/sep/sept", "oktober/okt", "november/nov", "december/dec"},
	"nb": {"januar/jan", "februar/feb", "mars/mar", "april/apr", "mai", "juni/jun", "juli/jul", "august/aug", "september/sep/sept", "oktober/okt", "november/nov", "desember/des"},
	"is": {"janúar", "febrúar", "mars", "apríl", "maí", "júní", "júlí", "ágúst", "september", "október", "nóvember", "desember"},
	"et": {"jaanuar/jaanuari", "veebruar/veebruari", "märts/märtsi", "aprill/aprilli", "mai", "juuni", "juuli", "august/augusti", "september/septembri", "oktoober/oktoobri", "november/novembri", "detsember/detsembri"},
	"lv": {"janvāris/janvārī/janvāra", "februāris/februārī/februāra", "marts/martā/marta", "aprīlis/aprīlī/aprīļa", "maijs/maijā/maija", "jūnijs/jūnijā/jūnija", "jūlijs/jūlijā/jūlija", "augusts/augustā/augusta", "septembris/septembrī/septembra", "oktobris/oktobrī/oktobra", "novembris/novembrī/novembra", "decembris/decembrī/decembra"},
	"lt": {"sausis/sausio", "vasaris/vasario", "kovas/kovo", "balandis/balandžio", "gegužė/gegužės", "birželis/birželio", "liepa/liepos", "rugpjūtis/rugpjūčio", "rugsėjis/rugsėjo", "spalis/spalio", "lapkritis/lapkričio", "gruodis/gruodžio"},
	"sq": {"janar/janarit", "shkurt/shkurtit", "mars/marsit", "prill/prillit", "maj/majit", "qershor/qershorit", "korrik/korrikut", "gusht/gushtit", "shtator/shtatorit", "tetor/tetorit", "nëntor/nëntorit", "dhjetor/dhjetorit"},
	"mk": {"јануари", "февруари", "март", "април", "мај", "јуни", "јули", "август", "септември", "октомври", "ноември", "декември"},
	"fi": {"tammikuu/tammikuuta", "helmikuu/helmikuuta", "maaliskuu/maaliskuuta", "huhtikuu/huhtikuuta", "toukokuu/toukokuuta", "kesäkuu/kesäkuuta", "heinäkuu/heinäkuuta", "elokuu/elokuuta", "syyskuu/syyskuuta", "lokakuu/lokakuuta", "marraskuu/marraskuuta", "joulukuu/joulukuuta"},
	"sv": {"januari/jan", "februari/feb", "mars/mar", "april/apr", "maj", "juni/jun", "juli/jul", "augusti/aug", "september/sep/sept", "oktober/okt", "november/nov", "december/dec"},
	"sr": {"januar/јануар", "februar/фебруар", "mart/март", "april/април", "maj/мај", "jun/јун", "jul/јул", "avgust/август", "septembar/септембар", "oktobar/октобар", "novembar/новембар", "decembar/децембар"},
	"uk": {"січень/січня", "лютий/лютого", "березень/березня", "квітень/квітня", "травень/травня", "червень/червня", "липень/липня", "серпень/серпня", "вересень/вересня", "жовтень/жовтня", "листопад/листопада", "грудень/грудня"},
	"ru": {"январь/января/янв", "февраль/февраля/фев", "март/марта/мар", "апрель/апреля/апр", "май/мая", "июнь/июня/июн", "июль/июля/июл", "август/августа/авг", "сентябрь/сентября/сен/сент", "октябрь/октября/окт", "ноябрь/ноября/ноя", "декабрь/декабря/дек"},
	"ka": {"იანვარი/იანვრის", "თებერვალი/თებერვლის", "მარტი/მარტის", "აპრილი/აპრილის", "მაისი/მაისის", "ივნისი/ივნისის", "ივლისი/ივლისის", "აგვისტო/აგვისტოს", "სექტემბერი/სექტემბრის", "ოქტომბერი/ოქტომბრის", "ნოემბერი/ნოემბრის", "დეკემბერი/დეკემბრის"},
	"ar": {"يناير/كانون الثاني", "فبراير/شباط", "مارس/آذار", "أبريل/ابريل/نيسان", "مايو/أيار", "يونيو/يونيه/حزيران", "يوليو/يوليه/تموز", "أغسطس/اغسطس/آب", "سبتمبر/أيلول", "أكتوبر/اكتوبر/تشرين الأول", "نوفمبر/تشرين الثاني", "ديسمبر/كانون الأول"},
}

// monthMeaning is what a folded month word means in one language.
type monthMeaning struct {
	lang  string
	month time.Month
}

// months maps a folded month word to its meanings, in the order of
// monthLanguages: "listopad" is November in Czech and Polish and October
// in Croatian.
var months = func() map[string][]monthMeaning {
	m := map[string][]monthMeaning{}
	for _, lang := range monthLanguages {
		for i, names := range monthNames[lang] {
			for _, n := range strings.Split(names, "/") {
				k := foldWord(n)
				dup := false
				for _, mm := range m[k] {
					dup = dup || mm.month == time.Month(i+1)
				}
				if !dup {
					m[k] = append(m[k], monthMeaning{lang, time.Month(i + 1)})
				}
			}
		}
	}
	return m
}()

// monthLanguages orders the languages whose month names are known; a word
// several languages share is read first as the earlier language's.
var monthLanguages = []string{"en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "hu", "ro", "bg", "el", "tr", "da", "nb", "is", "et", "lv", "lt", "sq", "mk", "fi", "sv", "sr", "uk", "ru", "ka", "ar"}

// monthOf reads a month word; ok is false for a word that is no month.
// ambiguous names the other reading, when the word is a different month
// in another language.
func monthOf(word string) (m monthMeaning, others []monthMeaning, ok bool) {
	word = strings.TrimSuffix(word, ".")
	if i := strings.IndexByte(word, '/'); i > 0 {
		// "أيلول/سبتمبر": the Levantine name and the Egyptian one.
		if mm, o, ok := monthOf(word[i+1:]); ok {
			return mm, o, true
		}
		word = word[:i]
	}
	ms := months[foldWord(word)]
	if len(ms) == 0 {
		return monthMeaning{}, nil, false
	}
	return ms[0], ms[1:], true
}

const (
	// dayPart is a day of the month as dates write it: "12", "12.",
	// "12th", "1er", "1º", "12-го".
	dayPart = `(\d{1,2})(?:st|nd|rd|th|er|re|e|ème|º|°|\.|-го)?`
	// rangeLink joins the first and last day of a range: "11-12",
	// "4 et 5", "11. – 12.", "4 y 5", "4 и 5".
	rangeLink = `\s*(?:-|–|—|et|and|und|au|to|bis|y|e|en|i|и|і|και|ve|és|ir|un|og|och|ja|a|დან)\s*`
	// monthWord is a month's name, perhaps abbreviated with a dot, or two
	// names with a slash ("أيلول/سبتمبر"), or one of the Levantine Arabic
	// names of two words ("تشرين الأول").
	monthWord = `((?:(?:كانون|تشرين) (?:الثاني|الأول)|\p{L}+\.?)(?:/\p{L}+)?)`
)

var (
	// "19 Jul. 2021", "29 novembre 2006", "1er décembre 2006", "29. November
	// 2006", "12 de septiembre de 2011", "12th September 2011", "12
	// сентября 2011 г.", and day ranges: "11-12 July 2018", "4 et 5
	// septembre 2014", "11. – 12. Juli 2018".
	dayMonthYear = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])` + dayPart + `(?:` + rangeLink + dayPart + `)?\s*(?:of\s+|de\s+|del\s+)?` + monthWord + `,?\s+(?:de\s+|del\s+|of\s+)?(\d{4})(?:\s*(?:г\.|р\.|r\.|m\.|ж\.))?(?:[^\p{L}\p{N}]|$)`)
	// "July 19, 2021", "September 12th, 2011", "Sept. 12 2011"
	monthDayYear = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])` + monthWord + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[^\p{L}\p{N}]|$)`)
	// "2011. szeptember 12." (Hungarian), "2011 m. rugsėjo 12 d."
	// (Lithuanian), "2011 Eylül 12".
	yearMonthDay = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(\d{4})\.?\s*(?:m\.\s*)?` + monthWord + `\s+(\d{1,2})\.?(?:\s*d\.)?(?:[^\p{L}\p{N}]|$)`)
	// "2011. gada 12. septembrī" (Latvian)
	yearDayMonth = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(\d{4})\.\s*gada\s+(\d{1,2})\.\s*` + monthWord + `(?:[^\p{L}\p{N}]|$)`)
	isoDate      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// "11.07.2023", "12/09/2011", "12-09-2011": day first, as every
	// language of the archive but American English writes it.
	numericDate = regexp.MustCompile(`(?:^|[^\d./-])(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})(?:[^\d/-]|$)`)
	// "2011/09/12", "2011.09.12."
	numericYearFirst = regexp.MustCompile(`(?:^|[^\d./-])(\d{4})([./])(\d{1,2})([./])(\d{1,2})\.?(?:[^\d./-]|$)`)
)

// dateMatch is one date found in a line.
type dateMatch struct {
	day        string // YYYY-MM-DD
	start, end int    // byte offsets in the line
	text       string
	// rangeOf is set for a range of days ("4 et 5 septembre 2014"): day is
	// its last day, and the day of issue is uncertain.
	rangeOf string
	// doubt, when set, says how else the date could be read: "03/04/2012"
	// is 3 April or, on an American page, 4 March.
	doubt string
	// byLang gives the day a language other than the first reads the
	// month word as ("listopad": November in Polish, October in Croatian).
	byLang map[string]string
}

// findDates returns the dates in s, in order.
func findDates(s string) []dateMatch {
	var out []dateMatch
	taken := func(a, b int) bool {
		for _, d := range out {
			if a < d.end && b > d.start {
				return true
			}
		}
		return false
	}
	valid := func(y, m, d int) (string, bool) {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || int(t.Month()) != m || t.Before(statement.MinDate) || t.After(statement.MaxDate) {
			return "", false
		}
		return t.Format(time.DateOnly), true
	}
	add := func(y, m, d int, a, b int, rangeOf string) *dateMatch {
		if taken(a, b) {
			return nil
		}
		day, ok := valid(y, m, d)
		if !ok {
			return nil
		}
		out = append(out, dateMatch{day: day, start: a, end: b, text: s[a:b], rangeOf: rangeOf})
		return &out[len(out)-1]
	}
	named := func(word string, y, d int, a, b int, rangeOf string) {
		mm, others, ok := monthOf(word)
		if !ok {
			return
		}
		dm := add(y, int(mm.month), d, a, b, rangeOf)
		if dm == nil || len(others) == 0 {
			return
		}
		dm.byLang = map[string]string{}
		for _, o := range others {
			if day, ok := valid(y, int(o.month), d); ok {
				dm.byLang[o.lang] = day
			}
		}
	}
	for _, m := range isoDate.FindAllStringSubmatchIndex(s, -1) {
		add(atoi(s, m[2], m[3]), atoi(s, m[4], m[5]), atoi(s, m[6], m[7]), m[0], m[1], "")
	}
	for _, m := range dayMonthYear.FindAllStringSubmatchIndex(s, -1) {
		day, rangeOf := atoi(s, m[2], m[3]), ""
		if m[4] >= 0 {
			day, rangeOf = atoi(s, m[4], m[5]), s[m[2]:m[9]]
		}
		named(s[m[6]:m[7]], atoi(s, m[8], m[9]), day, m[2], m[9], rangeOf)
	}
	for _, m := range monthDayYear.FindAllStringSubmatchIndex(s, -1) {
		named(s[m[2]:m[3]], atoi(s, m[6], m[7]), atoi(s, m[4], m[5]), m[2], m[7], "")
	}
	for _, m := range yearMonthDay.FindAllStringSubmatchIndex(s, -1) {
		named(s[m[4]:m[5]], atoi(s, m[2], m[3]), atoi(s, m[6], m[7]), m[2], m[7], "")
	}
	for _, m := range yearDayMonth.FindAllStringSubmatchIndex(s, -1) {
		named(s[m[6]:m[7]], atoi(s, m[2], m[3]), atoi(s, m[4], m[5]), m[2], m[7], "")
	}
	for _, m := range numericDate.FindAllStringSubmatchIndex(s, -1) {
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue // "12/09-2011" is no date
		}
		d, mo, y := atoi(s, m[2], m[3]), atoi(s, m[6], m[7]), atoi(s, m[10], m[11])
		dm := add(y, mo, d, m[2], m[11], "")
		if dm != nil && d <= 12 && mo <= 12 && d != mo && s[m[4]:m[5]] == "/" {
			if other, ok := valid(y, d, mo); ok {
				dm.doubt = fmt.Sprintf("%q read day first, as %s; an American page writes the month first, which gives %s", dm.text, dm.day, other)
			}
		}
	}
	for _, m := range numericYearFirst.FindAllStringSubmatchIndex(s, -1) {
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue
		}
		add(atoi(s, m[2], m[3]), atoi(s, m[6], m[7]), atoi(s, m[10], m[11]), m[2], m[11], "")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

func atoi(s string, a, b int) int {
	n, _ := strconv.Atoi(s[a:b])
	return n
}

// foldWord lowercases a word and drops its accents: "Décembre" → "decembre".
func foldWord(w string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(w))
	if err != nil {
		return strings.ToLower(w)
	}
	return out
}

// foundDate is the best date a section gave, and how sure it is.
type foundDate struct {
	day  string
	text string
	line int
	// strength orders the places a date is found in: 3 "Issued on …",
	// 2 a date line of its own, 1 a day in the title or subtitle, 0 a
	// range of days there; -1 none.
	strength int
	// where names the place: "date line", "title", "posting date".
	where string
	// guess, when set, is the check to report if this date is used.
	guess string
	// byLang is dateMatch.byLang: the day in languages that read the
	// month word otherwise.
	byLang map[string]string
}

func (r *sectionRead) offerDate(d dateMatch, strength, lineNo int, where string) {
	if d.rangeOf != "" && strength > 0 {
		strength = 0
	}
	f := foundDate{day: d.day, text: d.text, line: lineNo, strength: strength, where: where, byLang: d.byLang}
	switch {
	case d.rangeOf != "":
		f.guess = fmt.Sprintf("date %s is the last day of %q in the %s: a meeting of several days issues its texts on one of them; check the day of issue", d.day, d.rangeOf, where)
	case d.doubt != "":
		f.guess = fmt.Sprintf("date %s: check it is the day of issue", d.doubt)
	case len(d.byLang) > 0:
		f.guess = fmt.Sprintf("date %q read as %s; the month's name means another month in another language: check the day of issue", d.text, d.day)
	}
	r.dates = append(r.dates, f)
	if strength <= r.date.strength {
		return
	}
	r.date = f
}

// relang rereads a date for the language the section turned out to be
// in: "listopad" is November, but October in Croatian.
func (f *foundDate) relang(lang string) {
	if day, ok := f.byLang[lang]; ok {
		f.day = day
		f.guess = ""
	}
}

// dateConflicts returns a Check message when the section's own dates
// disagree: a mirror's date line and the subtitle's day, say. It names
// each date and where it was found.
func (r *sectionRead) dateConflicts() string {
	days := map[string]bool{}
	var says []string
	for _, f := range r.dates {
		if f.strength == 0 || days[f.day] {
			continue
		}
		days[f.day] = true
		says = append(says, fmt.Sprintf("%s (%q, line %d, %s)", f.day, f.text, f.line, f.where))
	}
	if len(days) < 2 {
		return ""
	}
	return fmt.Sprintf("the text gives different dates: %s: date %s taken from the %s; a copied page's date line can be the day it was posted, not issued: check the day of issue", strings.Join(says, "; "), r.date.day, r.date.where)
}
