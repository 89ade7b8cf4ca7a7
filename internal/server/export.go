package server

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"statementarchive/internal/search"
	"statementarchive/web"
)

// ExportTimeout bounds one export, from its first search to its last
// byte: 5 minutes. Exports run outside the bound of other requests
// (Config.RequestTimeout, 10 s), since writing search.MaxExportRows rows
// takes longer: the archive reads 100,000 rows in a few seconds, but the
// file is some 165 MB, which a client must read at 4.5 Mbit/s or more to
// have whole within the limit. An export still running at the limit is
// cut off, and its client sees an incomplete download, never a file that
// looks whole. The bound keeps a slow or stalled client from holding a
// connection and an index generation (kept open across a swap until its
// readers are done) for long.
const ExportTimeout = 5 * time.Minute

// exportFlushRows is how many rows an export writes between two flushes
// to the client, so that a download shows progress and the rows do not
// wait in buffers.
const exportFlushRows = 200

// exportFormat writes an export: its header, then one record per row.
type exportFormat struct {
	ext, contentType string
	// start returns the writer of the rows, after writing what comes
	// before them.
	start func(w io.Writer, e exportRows) (func(search.Row) error, error)
}

// exportRows is what every row of one export is written with.
type exportRows struct {
	base  string   // the public URL the permalinks start with
	langs []string // every language of the archive, in order
	lang  string   // the language of titles and references, "" for each statement's first
}

// The export formats. Their columns and keys are one per field of a
// row; docs/web-and-api.md ("Exports") documents them.
var (
	csvExport   = exportFormat{ext: "csv", contentType: "text/csv; charset=utf-8; header=present", start: startCSV}
	jsonlExport = exportFormat{ext: "jsonl", contentType: "application/jsonl; charset=utf-8", start: startJSONL}
)

// exportCSV serves GET /search.csv with the parameters of /search: every
// row of the search, as CSV.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	return s.export(w, r, csvExport)
}

// exportJSONL serves GET /search.jsonl with the parameters of /search:
// every row of the search, as JSON Lines.
func (s *Server) exportJSONL(w http.ResponseWriter, r *http.Request) error {
	return s.export(w, r, jsonlExport)
}

// export streams every row of a search, whatever its page, in the order
// of query.Engine.Export (newest first).
//
// Unlike pages, an export is not rendered into memory before it is sent,
// and takes nothing from the response budget (reserve, send): it holds
// one batch of row IDs, one row's text and a 32 KiB buffer however many
// rows it writes, so its memory is constant and small, where a rendered
// file of 100,000 rows would be a hundred megabytes. Rows go to the
// client as they are read and flushed every exportFlushRows. A request
// the search refuses (bad input, over search.MaxExportRows rows, no room
// in the gate) is refused before anything is written, with the page's
// status and message; a failure after the first row can no longer change
// the status, so it aborts the connection, and the client sees an
// incomplete download rather than a file that looks whole.
func (s *Server) export(w http.ResponseWriter, r *http.Request, f exportFormat) error {
	req, err := search.ParseValues(queryValues(r))
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Query) == "" {
		return badRequest("q is empty: give words or \"a phrase\" to export the rows of, e.g. /search." + f.ext + "?q=ransomware")
	}
	leave, err := s.admitWork(r, exportWork)
	defer leave()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), ExportTimeout)
	defer cancel()
	rc := http.NewResponseController(w)
	// The server's write bound is set for pages; an export may write for
	// as long as its own, each write still within ProgressTimeout of the
	// last (progressWriter). (Not every writer can: a test's recorder
	// cannot, and has no timeout to lift.)
	_ = rc.SetWriteDeadline(time.Now().Add(ExportTimeout + 5*time.Second))

	e := exportRows{base: s.publicURL(r), langs: s.reader(r).Languages()}
	if len(req.Langs) > 0 {
		e.lang = req.Langs[0]
	}
	head := r.Method == http.MethodHead
	out := bufio.NewWriterSize(w, 32<<10)
	var write func(search.Row) error
	started, rows := false, 0
	// begin writes the status and headers, once the export is known to
	// start, then what comes before the rows.
	begin := func() error {
		started = true
		h := w.Header()
		h.Set("Content-Type", f.contentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": exportName(req.Query, f.ext)}))
		// A file of up to 165 MB made for one reader: no shared cache
		// should keep it.
		h.Set("Cache-Control", cacheNever)
		w.WriteHeader(http.StatusOK)
		if head {
			return errHeadOnly // the status and headers are all it asks for
		}
		var err error
		write, err = f.start(out, e)
		return err
	}
	err = s.reader(r).Export(ctx, req, func(row search.Row) error {
		if !started {
			if err := begin(); err != nil {
				return err
			}
		}
		if err := write(row); err != nil {
			return err
		}
		if rows++; rows%exportFlushRows == 0 {
			if err := out.Flush(); err != nil {
				return err
			}
			_ = rc.Flush()
		}
		return nil
	})
	switch {
	case err != nil && !started:
		return err // nothing written: the adapter answers with the status
	case err == nil && !started:
		err = begin() // no row matched: the header alone
	}
	if errors.Is(err, errHeadOnly) {
		return nil
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		s.abortResponse(r, "export", err, "rows", rows, "limit", ExportTimeout.String())
	}
	return nil
}

// errHeadOnly stops the export of a HEAD request once it is known to
// succeed.
var errHeadOnly = errors.New("HEAD: no body")

// exportName returns the file name an export is saved under: the query's
// letters and digits (ASCII, lower case, others as hyphens, at most 40),
// such as search-cyber-defence.csv.
func exportName(query, ext string) string {
	var b strings.Builder
	hyphen := false
	for _, c := range strings.ToLower(query) {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			hyphen = false
			if b.Len() >= 40 {
				break
			}
			continue
		}
		hyphen = true
	}
	if b.Len() == 0 {
		return "search." + ext
	}
	return "search-" + b.String() + "." + ext
}

// exportRecord is one row of an export, as JSON Lines writes it and as
// the CSV's columns hold it. Title and Reference are in the language
// filtered on first, else the statement's first; Text has the row in
// every language it has; Permalink is absolute.
type exportRecord struct {
	Statement string  `json:"statement"`
	Title     string  `json:"title"`
	Date      *string `json:"date"`
	Issuer    string  `json:"issuer"`
	Reference string  `json:"reference"`
	// Kind and Ref name the row as the API does; Paragraph is set for a
	// paragraph only.
	Kind      string            `json:"kind"`
	Ref       string            `json:"ref"`
	Paragraph int               `json:"paragraph,omitempty"`
	Text      map[string]string `json:"text"`
	Permalink string            `json:"permalink"`
}

func (e exportRows) record(row search.Row) exportRecord {
	st := row.Statement
	return exportRecord{
		Statement: st.ID,
		Title:     st.DisplayTitle(e.lang),
		Date:      apiDate(st),
		Issuer:    st.Issuer,
		Reference: st.ReferenceIn(e.lang),
		Kind:      row.Ref.Kind.String(),
		Ref:       row.Ref.String(),
		Paragraph: bodyKey(row.Ref),
		Text:      row.Text,
		Permalink: e.base + web.ParagraphPath(st.ID, row.Ref),
	}
}

// startJSONL writes nothing before the rows, then each row as one line
// of JSON.
func startJSONL(w io.Writer, e exportRows) (func(search.Row) error, error) {
	enc := json.NewEncoder(w)
	return func(row search.Row) error { return enc.Encode(e.record(row)) }, nil
}

// utf8BOM starts a CSV export so that Excel reads it as UTF-8 (without
// it, Excel takes the file for the system's legacy code page and shows
// "franÃ§ais"); other readers skip it.
const utf8BOM = "\uFEFF"

// startCSV writes the byte order mark and the header row, then each row
// as a record: statement, title, date, issuer, reference, kind, ref,
// text_XX for each language of the archive, permalink. Every cell is
// neutralised (safeCell) so that no spreadsheet runs one as a formula.
func startCSV(w io.Writer, e exportRows) (func(search.Row) error, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	header := []string{"statement", "title", "date", "issuer", "reference", "kind", "ref"}
	for _, l := range e.langs {
		header = append(header, "text_"+l)
	}
	header = append(header, "permalink")
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	cells := make([]string, len(header))
	return func(row search.Row) error {
		rec := e.record(row)
		date := ""
		if rec.Date != nil {
			date = *rec.Date
		}
		cells = append(cells[:0], rec.Statement, rec.Title, date, rec.Issuer, rec.Reference, rec.Kind, rec.Ref)
		for _, l := range e.langs {
			cells = append(cells, rec.Text[l])
		}
		cells = append(cells, rec.Permalink)
		for i, c := range cells {
			cells[i] = safeCell(c)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
		// The csv.Writer buffers on its own; hand the record on to the
		// export's buffer, which the export flushes.
		cw.Flush()
		return cw.Error()
	}, nil
}

// safeCell neutralises a cell a spreadsheet could take for a formula, as
// OWASP advises against CSV injection: a cell whose first character
// other than blanks and invisible characters (spaces of every kind, byte
// order marks, zero-width and other format characters, which
// spreadsheets skip or show as nothing) is =, +, -, @, a tab or a
// carriage return, or their fullwidth forms ＝ ＋ － ＠ (which some
// spreadsheets read as the ASCII ones), gets a leading apostrophe, which
// spreadsheets read as "this cell is text". So does a cell that begins
// with an apostrophe of its own, so that the rule can be undone exactly:
// drop one leading ' from every cell that has one. (Paragraphs that open
// with "- " lose nothing but gain the apostrophe; the JSON Lines export
// has every text as published.)
func safeCell(c string) string {
	trimmed := strings.TrimLeftFunc(c, func(r rune) bool {
		return r != '\t' && r != '\r' && (unicode.IsSpace(r) || unicode.Is(unicode.Cf, r))
	})
	if trimmed == "" {
		return c
	}
	first, _ := utf8.DecodeRuneInString(trimmed)
	switch first {
	case '=', '+', '-', '@', '\t', '\r', '\'', '＝', '＋', '－', '＠':
		return "'" + c
	}
	return c
}
