package draft

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Page furniture is what a copied web page or document carries around the
// statement: the site's menus and breadcrumbs, its language switcher, the
// names of its sections, captions of videos and photos, a newspaper's
// byline and its introduction to the text it reprints, a UN cover letter
// around the text it transmits, and the page's footer. None of it is the
// statement's text; all of it is dropped, and every dropped line is named
// in a Check, so that nothing is lost without the reviewer seeing it.

// dropped is a line left out of the draft, and why.
type dropped struct {
	no   int
	text string
	why  string
}

// languageNames are the names a language switcher gives its languages, in
// English, in French and in their own language, lower case.
var languageNames = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`english anglais englisch inglés inglese inglês engels angielski
		french français francais französisch francés francese francês frans francuski
		german allemand deutsch alemán tedesco alemão duits niemiecki
		spanish espagnol español spanisch spagnolo espanhol spaans hiszpański
		italian italien italiano italienisch italiaans włoski
		portuguese portugais português portugiesisch portoghese portugees
		dutch néerlandais nederlands niederländisch olandese
		polish polonais polski polnisch
		russian russe русский russisch russo
		ukrainian ukrainien українська ukrainisch
		arabic arabe العربية arabisch
		chinese chinois 中文 chinesisch
		czech tchèque čeština slovak slovaque slovenčina slovenian slovène slovenščina
		croatian croate hrvatski hungarian hongrois magyar romanian roumain română
		bulgarian bulgare български greek grec ελληνικά turkish turc türkçe
		danish danois dansk norwegian norvégien norsk icelandic islandais íslenska
		estonian estonien eesti latvian letton latviešu lithuanian lituanien lietuvių
		albanian albanais shqip macedonian macédonien македонски finnish finnois suomi
		swedish suédois svenska serbian serbe српски srpski georgian géorgien ქართული`) {
		languageNames[n] = true
	}
}

var (
	// menuLine is a line of a site's navigation or tools.
	menuLine = regexp.MustCompile(`(?i)^(navigation path|left navigation|right navigation|additional tools|skip to (main )?content|main (menu|navigation)|menu|home( ?page)?|go to (the )?home ?page|accueil|retour à l'accueil|startseite|back to top|top of (the )?page|haut de (la )?page|search( this site)?|rechercher|site ?map|plan du site|contact( us)?|contactez-nous|cookies?( policy| settings)?|privacy( policy| notice| statement)?|legal notice|mentions légales|avis juridique|accessibility|accessibilité|follow us( on .*)?|suivez-nous.*|subscribe.*|s'abonner.*|newsletter|related (news|content|documents|links|articles|topics|pages)|see also|voir aussi|more (news|on this topic|information)|en savoir plus|read more|lire la suite|print( this page| friendly)?|imprimer( cette page)?|e-?mail( this page)?|envoyer|share( this page| on \w+)?|partager|tweet|rss|in progress at unhq|meetings coverage and press releases|couverture des réunions.*|you are here:?.*|vous êtes ici ?:?.*|sie sind hier:?.*|breadcrumb|other available languages:?.*|autres langues disponibles ?:?.*|available languages:?.*|languages?:?|langues? ?:?|sprachen?:?|select (your |a )?language|choisir (une |la )?langue|change language|[*•·]( *[*•·])+|\*{3,}|[-–—_=]{3,}|previous( article)?|next( article)?|précédent|suivant|\d+ (comments?|commentaires?|kommentare)|comments?|commentaires?|photos?|videos?|vidéos?|audio|multimedia|multimédia|downloads?|télécharger|download (pdf|as pdf|document)|pdf|printer-friendly version|version imprimable|(european commission|commission européenne|europäische kommission|council of the eu|conseil de l'ue|european council|conseil européen)\s*[-–]\s*(statement|déclaration|erklärung|press release|communiqué de presse|pressemitteilung|daily news|fact sheet|speech|discours|rede|questions and answers|memo))$`)
	// footerLine is a line of a page's or document's footer: an address,
	// a telephone number, a site address, a copyright.
	footerLine = regexp.MustCompile(`(?i)(^|\s)(B-1110|1110 (Brussels|Bruxelles|Brussel)|Brussels/Bruxelles|Bruxelles/Brussel|Boulevard Léopold III|Rue de la Loi|Wetstraat|Tel\.?\s*:?\s*\+|Tél\.?\s*:?\s*\+|Fax\s*:?\s*\+|www\.[a-z0-9-]+\.[a-z]|https?://|©|\(c\) \d{4}|all rights reserved|tous droits réservés|alle rechte vorbehalten|press@|presse@|@[a-z0-9-]+\.(int|org|eu|com))`)
	// captionLine is the caption of a video, a photo or an audio file.
	captionLine = regexp.MustCompile(`(?i)^((watch|play|view|see) (the )?(video|photos?|gallery|more videos)|(video|vidéo|photo|foto|audio)\s*[:|-].*|\(?(source|photo|crédit|credit|copyright)\s*:.*\)?|.*\.(jpe?g|png|gif|mp4|mp3)\b.*|\d{1,2}:\d{2}(:\d{2})?( min)?|\d+ ?(min|sec|mb|kb)\.?|duration:? .*|durée ?:? .*|\d+\s+views?)$`)
	// bylineLine is a newspaper's or a blog's byline, or its posting or
	// update time.
	bylineLine = regexp.MustCompile(`(?i)^((by|par|von|door|por|di|av|af)\s+\p{Lu}[\p{L}.'-]+(\s+(\p{Lu}[\p{L}.'-]+|de|van|von|le|la))*(\s*(,|\||-|–|and|et|und)\s*.*)?|(posted|published|updated|last modified|publié|mis en ligne|mis à jour|modifié|veröffentlicht|aktualisiert|gepubliceerd|bijgewerkt|publicado|actualizado|pubblicato|aggiornato)( on| le| am| op| el| il| at)?\s*:?\s*.*\d.*|.*\b\d{1,2}[:h]\d{2}\b.*\d{4}.*|.*\d{4}.*\b\d{1,2}[:h]\d{2}\b.*|\(?(reuters|afp|ap|dpa|ansa|efe|belga|anp)\)?|[\p{L} ]+ \((reuters|afp|ap|dpa|ansa|efe|belga|anp)\)\s*[-–—]?)$`)
	// postingWords mark a date line as a posting date, not the day of
	// issue.
	postingWords = regexp.MustCompile(`(?i)\b(posted|published|updated|modified|publié|mis en ligne|mis à jour|modifié|veröffentlicht|aktualisiert|gepubliceerd|bijgewerkt|publicado|actualizado|pubblicato|aggiornato|by|par|von|door)\b|\b\d{1,2}[:h]\d{2}\b`)
	// documentLine is a line of a UN or EU document's masthead: its
	// distribution, original language, classification and pages.
	documentLine = regexp.MustCompile(`(?i)^(\[?\s*original\s*:\s*[\p{L}, ]+\]?|\[?\s*(original|langue originale|originalsprache)\s*:.*\]?|\(or\.? ?[a-z]{2}\)|distr\.?:? ?(general|limited|restricted|générale|limitée)?|general|limited|restricted|united nations|nations unies|vereinte nationen|security council|conseil de sécurité|general assembly|assemblée générale|agenda item \d+.*|point \d+ de l'ordre du jour.*|[a-z]{2}|co eur \d+|concl \d+|council of the european union|conseil de l'union européenne|raad van de europese unie|rat der europäischen union|limite|\d{2}-\d{5} \(e\).*|\*\d{7}\*|page \d+|please recycle.*|[- ]*\d+\s*/\s*\d+[- ]*)$`)
	// introLine is a sentence that introduces a text reprinted below it: a
	// newspaper's introduction, a press office's "The following statement
	// was issued today": it names the full text, or points below to a
	// statement.
	introLine  = regexp.MustCompile(`(?i)(full text|the text of the|texte intégral|le texte de la|im wortlaut|den wortlaut|volledige tekst|texto íntegro|testo integrale|we publish|nous publions|wir dokumentieren)`)
	introPoint = regexp.MustCompile(`(?i)(the following|below|hereunder|ci-dessous|ci-après|suivante?|nachstehende?n?|folgende|hieronder|volgende|a continuación|siguiente|di seguito|seguente)`)
	introWhat  = regexp.MustCompile(`(?i)(statement|declaration|text|communiqu|déclaration|texte|erklärung|verklaring|declaración|dichiarazione|conclusions|conclusies|schlussfolgerungen)`)
	// coverLetterStart opens a letter transmitting a text: "Letter dated
	// 9 September 2011 from … addressed to …".
	coverLetterStart = regexp.MustCompile(`(?i)^(letter|note verbale|identical letters) dated .*|^(lettre|note verbale|lettres identiques) datée?s? du .*|^(schreiben|brief) vom .*`)
	// coverLetterEnd is the annex heading after which the transmitted
	// text comes.
	coverLetterEnd = regexp.MustCompile(`(?i)^(annex|annexe|anlage|anexo|allegato|bijlage)( [ivx]+| \d+)?( to the (letter|note verbale) .*| à la lettre .*)?$`)
	// signedLine is a letter's signature.
	signedLine = regexp.MustCompile(`(?i)^\((signed|signé|gezeichnet|firmado)\)`)
)

// isLanguageSwitch reports whether t is a language switcher's line: one
// language name ("- French", "Français") or several codes ("EN | FR | DE").
func isLanguageSwitch(t string) bool {
	s := strings.TrimSpace(strings.TrimLeft(t, "-–—•·*|> "))
	s = strings.TrimRight(s, " |")
	if s == "" {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '|' || r == '/' || r == ',' || r == '·' })
	if len(words) == 0 || len(words) > 12 {
		return false
	}
	allNames, allCodes := true, true
	for _, w := range words {
		w = strings.Trim(w, ".()[]")
		if !languageNames[w] {
			allNames = false
		}
		if utf8.RuneCountInString(w) != 2 || !isLetters(w) {
			allCodes = false
		}
	}
	return allNames || allCodes && len(words) >= 2
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// furnitureReason says why a line is page furniture, or "" when it may be
// the statement's.
func furnitureReason(t string) string {
	s := strings.TrimSpace(strings.Trim(t, "|•·▪*>"))
	switch {
	case s == "":
		return ""
	case boilerplate.MatchString(stripBullet(s)):
		return "page header"
	case isLanguageSwitch(s):
		return "language switcher"
	case menuLine.MatchString(s):
		return "site menu"
	case utf8.RuneCountInString(s) <= 160 && footerLine.MatchString(s) && !sentenceLike(s):
		return "page footer"
	case captionLine.MatchString(s):
		return "caption"
	case len(detailSeparator.Split(s, -1)) > 1 || issuedOn.MatchString(s) || references.MatchString(s):
		return "" // a line of details: metadata reads it
	case utf8.RuneCountInString(s) <= 120 && bylineLine.MatchString(s) && !endsFullStop(s):
		return "byline"
	case documentLine.MatchString(s):
		return "document masthead"
	}
	return ""
}

// dropFurniture removes a part's page furniture and returns what it
// removed. A UN cover letter is removed from its first line to the annex
// heading; a newspaper's introduction only when the page has a byline, and
// only before the statement's text.
func dropFurniture(lines []line) (kept []line, out []dropped, news bool) {
	drop := func(l line, why string) {
		out = append(out, dropped{no: l.no, text: l.text, why: why})
		kept = append(kept, line{no: l.no, pageBreak: true})
	}
	// A cover letter: from "Letter dated …" to "Annex", when an annex
	// follows; else to the signature.
	letterFrom, letterTo := -1, -1
	for i, l := range lines {
		if letterFrom < 0 && coverLetterStart.MatchString(l.text) {
			letterFrom = i
			continue
		}
		if letterFrom >= 0 && coverLetterEnd.MatchString(l.text) {
			letterTo = i
			// The annex's own heading ("Joint statement by …") follows.
			break
		}
	}
	if letterFrom >= 0 && letterTo < 0 {
		for i := letterFrom + 1; i < len(lines); i++ {
			if signedLine.MatchString(lines[i].text) {
				letterTo = i
				if i+1 < len(lines) && !lines[i+1].blank() && len(strings.Fields(lines[i+1].text)) <= 6 {
					letterTo = i + 1 // the signatory's title
				}
				break
			}
		}
	}
	if letterTo < 0 {
		letterFrom = -1
	}
	for _, l := range lines {
		if furnitureReason(l.text) == "byline" {
			news = true
		}
	}
	textSeen, inIntro := false, false
	for i, l := range lines {
		if l.blank() {
			inIntro = false
			kept = append(kept, l)
			continue
		}
		if letterFrom >= 0 && i >= letterFrom && i <= letterTo {
			drop(l, "cover letter")
			continue
		}
		if why := furnitureReason(l.text); why != "" {
			drop(l, why)
			continue
		}
		if inIntro || !textSeen && isIntro(l.text, news) {
			// The rest of its block goes with it: an introduction wrapped
			// over several lines.
			inIntro = true
			drop(l, "introduction")
			continue
		}
		if startsParagraph(l.text) || sentenceLike(l.text) {
			textSeen = true
		}
		kept = append(kept, l)
	}
	return kept, out, news
}

// isIntro reports whether t introduces the text below it rather than
// being part of it: it names the full text, or it points below to a
// statement and, on a newspaper's page or ending with a colon, is not the
// statement's own sentence.
func isIntro(t string, news bool) bool {
	if startsParagraph(t) {
		return false
	}
	if introLine.MatchString(t) {
		return true
	}
	return introPoint.MatchString(t) && introWhat.MatchString(t) && (news || strings.HasSuffix(strings.TrimSpace(t), ":"))
}

// droppedCheck is the Check that lists a section's dropped lines.
func droppedCheck(ds []dropped) string {
	if len(ds) == 0 {
		return ""
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("line %d %q (%s)", d.no, clip(d.text), d.why)
	}
	return fmt.Sprintf("%d line(s) left out as page furniture, not the statement: %s: put back any that is part of the statement", len(ds), strings.Join(parts, "; "))
}
