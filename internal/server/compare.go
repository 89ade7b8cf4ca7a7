package server

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"statementarchive/internal/compare"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
	"statementarchive/internal/textdiff"
	"statementarchive/web"
)

// Bounds of the comparison and worded-alike requests. Each integer of a
// request is read with strconv.Atoi, which refuses what does not fit an
// int, and then checked against these before it is used.
const (
	// The threshold of a comparison and of worded-alike is a percentage,
	// from 1 to 100 (compare.DefaultThreshold and
	// compare.DefaultAlikeThreshold by default: 50 and 60).
	MinThreshold = 1
	MaxThreshold = 100
	// MaxCompareWord bounds the word a comparison's rows are filtered by.
	MaxCompareWord = 100
	// MaxWith bounds the title, reference or identifier typed to choose
	// a statement to compare with, and MaxChoices the statements offered.
	MaxWith    = 200
	MaxChoices = 20
	// compareExpansion is what a byte of the two statements' text can
	// become in a comparison: a CSV holds each text twice (alone and in
	// the diff), its quotes doubled.
	csvCompareExpansion = 4
)

// compareRequest is a comparison as asked: two statements, a language
// both have, a threshold, a word to filter by.
type compareRequest struct {
	a, b      *statement.Statement // metadata
	lang      string
	langs     []string
	threshold int
	word      string
}

// statementParam reads a statement identifier from a query parameter: a
// 404 for one the archive does not hold (an alias is followed).
func statementParam(rd Reader, name, id string) (*statement.Statement, error) {
	if to, ok := rd.Renamed(id); ok {
		id = to
	}
	meta, ok := rd.Lookup(id)
	if !statement.ValidID(id) || !ok {
		return nil, notFound(fmt.Sprintf("There is no statement with the identifier %q (given as %s). A statement's identifier is the last part of its address, /statements/ID; find it in /statements.", clip(id), name))
	}
	return meta, nil
}

// thresholdParam reads a threshold in percent, def when absent.
func thresholdParam(r *http.Request, def int) (int, error) {
	n, err := queryInt(r, "threshold", def)
	if err != nil {
		return 0, err
	}
	if n < MinThreshold || n > MaxThreshold {
		return 0, badRequest(fmt.Sprintf("threshold is a percentage from %d to %d, not %d.", MinThreshold, MaxThreshold, n))
	}
	return n, nil
}

// readCompare reads and checks a comparison's parameters: a and b, two
// different statements; lang, a language both have (the first of B's
// that A has when absent); threshold; word.
func (s *Server) readCompare(r *http.Request) (compareRequest, error) {
	q := queryValues(r)
	rd := s.reader(r)
	var c compareRequest
	ida, idb := strings.TrimSpace(q.Get("a")), strings.TrimSpace(q.Get("b"))
	if ida == "" || idb == "" {
		return c, badRequest("Give the two statements to compare as a and b, their identifiers: /compare?a=ID&b=ID&lang=en. From a statement's page, follow “Compare with the previous statement of this issuer”.")
	}
	var err error
	if c.a, err = statementParam(rd, "a", ida); err != nil {
		return c, err
	}
	if c.b, err = statementParam(rd, "b", idb); err != nil {
		return c, err
	}
	if c.a.ID == c.b.ID {
		return c, badRequest("a and b are the same statement: give two different statements to compare.")
	}
	for _, l := range c.b.Languages {
		if slices.Contains(c.a.Languages, l) {
			c.langs = append(c.langs, l)
		}
	}
	if len(c.langs) == 0 {
		return c, badRequest(fmt.Sprintf("The two statements have no language in common (%s: %s; %s: %s), so their words cannot be compared.",
			c.a.ID, strings.Join(c.a.Languages, ", "), c.b.ID, strings.Join(c.b.Languages, ", ")))
	}
	c.lang = strings.TrimSpace(q.Get("lang"))
	if c.lang == "" {
		c.lang = c.langs[0]
	} else if !slices.Contains(c.langs, c.lang) {
		return c, badRequest(fmt.Sprintf("Both statements are not published in %q: choose a language both have (%s).", clip(c.lang), strings.Join(c.langs, ", ")))
	}
	if c.threshold, err = thresholdParam(r, web.DefaultCompareThreshold); err != nil {
		return c, err
	}
	c.word = strings.ToLower(strings.TrimSpace(q.Get("word")))
	if len(c.word) > MaxCompareWord {
		return c, badRequest(fmt.Sprintf("word is at most %d bytes: give one word of the summary.", MaxCompareWord))
	}
	return c, nil
}

// runCompare reserves what the answer can become, reads both statements
// and compares them. The caller calls release once the answer is written.
func (s *Server) runCompare(r *http.Request, c compareRequest, expansion int) (compare.Result, *statement.Statement, *statement.Statement, *http.Request, func(), error) {
	r, release, err := s.reserve(r, answerSize{Source: statementBound(c.a) + statementBound(c.b), Expansion: expansion})
	if err != nil {
		return compare.Result{}, nil, nil, r, release, err
	}
	a, err := s.reader(r).Statement(c.a.ID)
	if err != nil {
		return compare.Result{}, nil, nil, r, release, err
	}
	b, err := s.reader(r).Statement(c.b.ID)
	if err != nil {
		return compare.Result{}, nil, nil, r, release, err
	}
	// Read, the answer's source is the two texts in lang: keep what they
	// can become, and what was read.
	inLang := 0
	for _, st := range []*statement.Statement{a, b} {
		for _, p := range st.Paragraphs {
			inLang += len(p.Text[c.lang])
		}
	}
	s.shrinkTo(r, int64(a.TextBytesRead()+b.TextBytesRead())+bufferCopies*(int64(inLang)*int64(expansion)+rowJSONOverhead))
	res := compare.Statements(a, b, c.lang, compare.Options{Threshold: float64(c.threshold) / 100})
	return res, a, b, r, release, nil
}

// comparePage serves GET /compare?a=&b=&lang=&threshold=&word=: what
// changed from statement a to statement b. With b alone it redirects to
// b's comparison with the previous statement of its issuer; with b and
// with (a title, reference or identifier), to the one statement that
// matches, or it lists the matches.
func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	q := queryValues(r)
	if q.Get("a") == "" && q.Get("b") != "" {
		return s.compareChoose(w, r)
	}
	c, err := s.readCompare(r)
	if err != nil {
		return err
	}
	res, a, b, r, release, err := s.runCompare(r, c, pageExpansion)
	defer release()
	if err != nil {
		return err
	}
	prev := previousOf(s.reader(r), c.b)
	return s.render(w, r, http.StatusOK, web.Compare(web.ComparePage{
		A: a, B: b, Lang: c.lang, Langs: c.langs, Threshold: c.threshold, Word: c.word, Result: res,
		Previous: prev != nil && prev.ID == a.ID,
	}))
}

// previousOf returns the latest statement of st's issuer dated before
// it, or nil.
func previousOf(rd Reader, st *statement.Statement) *statement.Statement {
	if !st.HasDate() || st.Issuer == "" {
		return nil
	}
	for _, o := range rd.Statements() { // newest first
		if o.ID != st.ID && o.Issuer == st.Issuer && o.HasDate() && o.Date.Before(st.Date) {
			return o
		}
	}
	return nil
}

// compareChoose finds the statement to compare b with.
func (s *Server) compareChoose(w http.ResponseWriter, r *http.Request) error {
	rd := s.reader(r)
	q := queryValues(r)
	b, err := statementParam(rd, "b", strings.TrimSpace(q.Get("b")))
	if err != nil {
		return err
	}
	with := strings.TrimSpace(q.Get("with"))
	if len(with) > MaxWith {
		return badRequest(fmt.Sprintf("Type at most %d bytes of a title or reference to choose the statement to compare with.", MaxWith))
	}
	page := web.CompareChoicePage{B: b, With: with}
	if with == "" {
		if prev := previousOf(rd, b); prev != nil {
			http.Redirect(w, r, web.ComparePath(prev.ID, b.ID, "", 0, ""), http.StatusFound)
			return nil
		}
		page.Error = "The archive holds no earlier statement of this issuer. Choose the statement to compare with by its title, reference or identifier."
		return s.render(w, r, http.StatusOK, web.CompareChoice(page))
	}
	page.Choices = choose(rd, b, with)
	if len(page.Choices) == 1 {
		http.Redirect(w, r, web.ComparePath(page.Choices[0].ID, b.ID, "", 0, ""), http.StatusSeeOther)
		return nil
	}
	if len(page.Choices) == 0 {
		page.Error = fmt.Sprintf("No other statement has %q in its title, reference or identifier. Try fewer words, or its reference as published (PR(2021)109).", clip(with))
		return s.render(w, r, http.StatusNotFound, web.CompareChoice(page))
	}
	return s.render(w, r, http.StatusOK, web.CompareChoice(page))
}

// choose returns the statements other than b that with names: by
// identifier, by a reference it holds, or by every one of its words in a
// title (at most MaxChoices, newest first).
func choose(rd Reader, b *statement.Statement, with string) []*statement.Statement {
	if st, ok := rd.Lookup(with); ok && st.ID != b.ID {
		return []*statement.Statement{st}
	}
	var out []*statement.Statement
	seen := map[string]bool{b.ID: true}
	for _, m := range rd.FindReferences(with) {
		for _, id := range m.IDs {
			if st, ok := rd.Lookup(id); ok && !seen[id] && len(out) < MaxChoices {
				seen[id] = true
				out = append(out, st)
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	words := strings.Fields(strings.ToLower(with))
	for _, st := range rd.Statements() {
		if seen[st.ID] || len(out) >= MaxChoices {
			continue
		}
		var titles strings.Builder
		for _, t := range st.Title {
			titles.WriteString(strings.ToLower(t) + " ")
		}
		titles.WriteString(strings.ToLower(st.ReferenceIn("en")))
		all := true
		for _, word := range words {
			if !strings.Contains(titles.String(), word) {
				all = false
				break
			}
		}
		if all {
			out = append(out, st)
		}
	}
	return out
}

// apiCompare is the comparison as JSON.
type apiCompare struct {
	A         apiStatementItem `json:"a"`
	B         apiStatementItem `json:"b"`
	Lang      string           `json:"lang"`
	Languages []string         `json:"languages"`
	Threshold int              `json:"threshold"`
	Counts    map[string]int   `json:"counts"`
	Words     []apiWordCount   `json:"words"`
	Pairs     []apiPair        `json:"pairs"`
}

type apiWordCount struct {
	Word string `json:"word"`
	A    int    `json:"a"`
	B    int    `json:"b"`
}

type apiPair struct {
	A          *string       `json:"a"`
	B          *string       `json:"b"`
	Status     string        `json:"status"`
	Similarity float64       `json:"similarity"`
	Edited     bool          `json:"edited,omitempty"`
	APermalink *string       `json:"a_permalink"`
	BPermalink *string       `json:"b_permalink"`
	Diff       []compare.Run `json:"diff"`
}

// apiCompare serves GET /api/compare?a=&b=&lang=&threshold=: the
// comparison as JSON.
func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) error {
	c, err := s.readCompare(r)
	if err != nil {
		return err
	}
	res, a, b, r, release, err := s.runCompare(r, c, jsonExpansion)
	defer release()
	if err != nil {
		return err
	}
	out := apiCompare{A: s.statementItem(r, a), B: s.statementItem(r, b), Lang: c.lang, Languages: c.langs, Threshold: c.threshold,
		Counts: map[string]int{}, Words: []apiWordCount{}, Pairs: []apiPair{}}
	for _, st := range compare.Statuses {
		out.Counts[string(st)] = res.Counts[st]
	}
	for _, wc := range res.Words {
		out.Words = append(out.Words, apiWordCount{wc.Word, wc.A, wc.B})
	}
	for _, p := range res.Pairs {
		ap := apiPair{Status: string(p.Status), Similarity: p.Similarity, Edited: p.Edited, Diff: compare.Runs(p.Diff)}
		if p.A != nil {
			ref, link := p.A.Ref.String(), s.publicURL(r)+web.ParagraphPath(a.ID, p.A.Ref)
			ap.A, ap.APermalink = &ref, &link
		}
		if p.B != nil {
			ref, link := p.B.Ref.String(), s.publicURL(r)+web.ParagraphPath(b.ID, p.B.Ref)
			ap.B, ap.BPermalink = &ref, &link
		}
		out.Pairs = append(out.Pairs, ap)
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// compareCSV serves GET /compare.csv?a=&b=&lang=&threshold=: the
// comparison as CSV, a row a pair: status, a, b, similarity, each text,
// the diff written as wdiff writes it ([-removed-]{+added+}), and the two
// permalinks. Cells are neutralised as the search export's are.
func (s *Server) compareCSV(w http.ResponseWriter, r *http.Request) error {
	c, err := s.readCompare(r)
	if err != nil {
		return err
	}
	res, a, b, r, release, err := s.runCompare(r, c, csvCompareExpansion)
	defer release()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="compare-%s-%s-%s.csv"`, a.ID, b.ID, c.lang))
	return s.respond(w, r, http.StatusOK, "text/csv; charset=utf-8", func(out io.Writer) error {
		if _, err := io.WriteString(out, utf8BOM); err != nil {
			return err
		}
		cw := csv.NewWriter(out)
		cw.UseCRLF = true
		cw.Write([]string{"status", "a", "b", "similarity", "a_text", "b_text", "diff", "a_permalink", "b_permalink"})
		for _, p := range res.Pairs {
			var ra, rb, ta, tb, la, lb string
			if p.A != nil {
				ra, ta, la = p.A.Ref.String(), p.A.Text, s.publicURL(r)+web.ParagraphPath(a.ID, p.A.Ref)
			}
			if p.B != nil {
				rb, tb, lb = p.B.Ref.String(), p.B.Text, s.publicURL(r)+web.ParagraphPath(b.ID, p.B.Ref)
			}
			cells := []string{string(p.Status), ra, rb, strconv.FormatFloat(p.Similarity, 'f', 3, 64), ta, tb, wdiff(p.Diff), la, lb}
			for i, cell := range cells {
				cells[i] = safeCell(cell)
			}
			if err := cw.Write(cells); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

// wdiff writes a diff on one line as wdiff does: [-removed-]{+added+}.
func wdiff(parts []textdiff.Part) string {
	var b strings.Builder
	for _, p := range parts {
		switch p.Op {
		case textdiff.Removed:
			b.WriteString("[-" + p.Text + "-]")
		case textdiff.Added:
			b.WriteString("{+" + p.Text + "+}")
		default:
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// alikeRequest is what worded-alike lists: in which languages, from what
// share, how many.
type alikeRequest struct {
	langs, others []string
	threshold     int
	limit         int
}

// lineages lists, for each language asked, the rows of other statements
// worded like row p of st.
func (s *Server) lineages(ctx context.Context, rd Reader, st *statement.Statement, p statement.Paragraph, ar alikeRequest) ([]compare.Lineage, error) {
	var out []compare.Lineage
	for _, l := range ar.langs {
		cands, err := rd.AlikeCandidates(ctx, st.ID, l, p.Text[l])
		if err != nil {
			return nil, err
		}
		out = append(out, compare.Rank(st, p.Text[l], l, cands, compare.AlikeOptions{Threshold: float64(ar.threshold) / 100, Limit: ar.limit}))
	}
	return out, nil
}

// rowLangs splits a row's languages, the one asked for first, into those
// listed (at most web.MaxAlikeLangs) and the others.
func rowLangs(order []string) (listed, others []string) {
	n := min(len(order), web.MaxAlikeLangs)
	return order[:n], order[n:]
}

// paragraphAlike is the worded-alike section of a row's page: in its
// first web.MaxAlikeLangs languages (order), at the default threshold,
// compare.DefaultAlikeLimit rows each. A failure leaves the page whole,
// with a note in place of the list.
func (s *Server) paragraphAlike(r *http.Request, st *statement.Statement, p statement.Paragraph, order []string) *web.AlikeView {
	var have []string
	for _, l := range order {
		if _, ok := p.Text[l]; ok {
			have = append(have, l)
		}
	}
	v := &web.AlikeView{Statement: st, Ref: p.Ref()}
	ar := alikeRequest{threshold: int(compare.DefaultAlikeThreshold * 100), limit: compare.DefaultAlikeLimit}
	ar.langs, v.Others = rowLangs(have)
	lins, err := s.lineages(r.Context(), s.reader(r), st, p, ar)
	if err != nil {
		s.log.Error("worded alike", "statement", st.ID, "ref", p.Ref().String(), "err", err)
		v.Error = "The rows worded alike could not be listed just now; reload the page to try again."
		return v
	}
	v.Langs = lins
	return v
}

// apiAlike is a row's worded-alike rows as JSON.
type apiAlike struct {
	Statement      apiStatementItem `json:"statement"`
	Ref            string           `json:"ref"`
	Permalink      string           `json:"permalink"`
	Threshold      int              `json:"threshold"`
	Languages      []apiLineage     `json:"languages"`
	OtherLanguages []string         `json:"other_languages"`
}

type apiLineage struct {
	Lang        string           `json:"lang"`
	First       *apiStatementRef `json:"first"`
	FirstIsThis bool             `json:"first_is_this"`
	ReusedLater int              `json:"reused_later"`
	Found       int              `json:"found"`
	Alike       []apiAlikeRow    `json:"alike"`
}

type apiStatementRef struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Date  *string `json:"date"`
}

type apiAlikeRow struct {
	Statement   apiStatementRef `json:"statement"`
	Ref         string          `json:"ref"`
	Permalink   string          `json:"permalink"`
	SharedWords int             `json:"shared_words"`
	Share       float64         `json:"share"`
	Passage     bool            `json:"passage"`
	Diff        []compare.Run   `json:"diff"`
}

func statementRef(st *statement.Statement, lang string) apiStatementRef {
	out := apiStatementRef{ID: st.ID, Title: st.DisplayTitle(lang)}
	if st.HasDate() {
		d := web.ISODate(st)
		out.Date = &d
	}
	return out
}

// apiAlike serves GET /api/statements/{id}/{ref}/alike?lang=&threshold=&limit=:
// the rows of other statements worded like this one, in lang (or in the
// row's first web.MaxAlikeLangs languages), oldest first.
func (s *Server) apiAlike(w http.ResponseWriter, r *http.Request) error {
	id := chi.URLParam(r, "id")
	ref, ok := statement.ParseRef(chi.URLParam(r, "key"))
	if !ok || !statement.ValidID(id) {
		return notFound("there is no such paragraph: a row is named 3, preamble, h2 or n1, as in its permalink /statements/ID/REF")
	}
	rd := s.reader(r)
	meta, found := rd.Lookup(id)
	if !found {
		return notFound("there is no statement with this identifier")
	}
	ar := alikeRequest{}
	var err error
	if ar.threshold, err = thresholdParam(r, int(compare.DefaultAlikeThreshold*100)); err != nil {
		return err
	}
	if ar.limit, err = queryInt(r, "limit", compare.DefaultAlikeLimit); err != nil {
		return err
	}
	if ar.limit < 1 || ar.limit > compare.MaxAlikeLimit {
		return badRequest(fmt.Sprintf("limit is how many rows to list in each language, from 1 to %d, not %d.", compare.MaxAlikeLimit, ar.limit))
	}
	p, err := rd.Paragraph(id, ref)
	if err != nil {
		return err
	}
	var have []string
	for _, l := range meta.Languages {
		if _, ok := p.Text[l]; ok {
			have = append(have, l)
		}
	}
	if lang := strings.TrimSpace(queryValues(r).Get("lang")); lang != "" {
		if _, ok := p.Text[lang]; !ok {
			return badRequest(fmt.Sprintf("This row has no text in %q: choose one of its languages (%s).", clip(lang), strings.Join(have, ", ")))
		}
		ar.langs = []string{lang}
	} else {
		ar.langs, ar.others = rowLangs(have)
	}
	// The answer holds, per language, each row listed's diff: this row's
	// text and the other's, at most query.AlikeReadBytes of others.
	source := 0
	for _, l := range ar.langs {
		source += ar.limit*len(p.Text[l]) + query.AlikeReadBytes + statement.MaxParagraphBytes
	}
	r, release, err := s.reserve(r, answerSize{Source: source, Expansion: jsonExpansion})
	defer release()
	if err != nil {
		return err
	}
	lins, err := s.lineages(r.Context(), rd, meta, p, ar)
	if err != nil {
		return err
	}
	out := apiAlike{Statement: s.statementItem(r, meta), Ref: ref.String(), Permalink: s.publicURL(r) + web.ParagraphPath(id, ref),
		Threshold: ar.threshold, Languages: []apiLineage{}, OtherLanguages: append([]string{}, ar.others...)}
	for _, lin := range lins {
		al := apiLineage{Lang: lin.Lang, FirstIsThis: lin.FirstIsThis, ReusedLater: lin.ReusedLater, Found: lin.Found, Alike: []apiAlikeRow{}}
		if lin.First != nil {
			f := statementRef(lin.First, lin.Lang)
			al.First = &f
		}
		for _, a := range lin.Alike {
			al.Alike = append(al.Alike, apiAlikeRow{Statement: statementRef(a.Statement, lin.Lang), Ref: a.Ref.String(),
				Permalink: s.publicURL(r) + web.ParagraphPath(a.Statement.ID, a.Ref), SharedWords: a.Shared, Share: a.Share, Passage: a.Passage, Diff: compare.Runs(a.Diff)})
		}
		out.Languages = append(out.Languages, al)
	}
	return s.writeJSON(w, r, http.StatusOK, out)
}

// phraseUsesPage serves GET /alike?q="phrase"&lang=: the statements whose
// rows use a phrase (quoted or not), oldest first; lang (repeatable)
// restricts the languages searched.
func (s *Server) phraseUsesPage(w http.ResponseWriter, r *http.Request) error {
	q := queryValues(r)
	raw := strings.TrimSpace(q.Get("q"))
	phrase := web.PhraseOf(raw)
	if phrase == "" {
		phrase = strings.Trim(raw, `"`)
	}
	page := web.PhraseUsesPage{Phrase: phrase}
	switch {
	case phrase == "":
		return badRequest(`Give the wording to look for as q, in quotes: /alike?q="collective defence".`)
	case len(raw) > search.MaxQueryLength:
		return badRequest(fmt.Sprintf("The phrase is %d bytes long; give at most %d.", len(raw), search.MaxQueryLength))
	}
	rd := s.reader(r)
	langs := q["lang"]
	for _, l := range langs {
		if !slices.Contains(rd.Languages(), l) {
			return badRequest(fmt.Sprintf("The archive holds no text in %q: choose one of %s, or none for every language.", clip(l), strings.Join(rd.Languages(), ", ")))
		}
	}
	uses, total, err := rd.PhraseUses(r.Context(), phrase, langs)
	if err != nil {
		return err
	}
	for _, u := range uses {
		page.Uses = append(page.Uses, web.PhraseUse{Statement: u.Statement, Rows: u.Rows})
		page.Read += len(u.Rows)
	}
	page.Total = total
	return s.render(w, r, http.StatusOK, web.PhraseUses(page))
}
