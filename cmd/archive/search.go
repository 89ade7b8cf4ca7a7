package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"statementarchive/internal/fault"
	"statementarchive/internal/index"
	"statementarchive/internal/query"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

func runSearch(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "search", "[-index PATH] [-lang xx] [-n N] QUERY [flags]")
	indexPath := fs.String("index", defaultIndex, "index folder to search")
	var langs listFlag
	fs.Var(&langs, "lang", "only rows that match in this language (repeat, or comma-separate, for several)")
	n := fs.Int("n", search.DefaultPerPage, fmt.Sprintf("rows to show (1 to %d)", search.MaxPerPage))
	page := fs.Int("page", 1, "page of rows to show")
	sortBy := fs.String("sort", string(search.SortRelevance), "order of rows: relevance or date (newest first)")
	issuer := fs.String("issuer", "", "only statements by this issuer, e.g. \"North Atlantic Council\"")
	tag := fs.String("tag", "", "only statements with this tag")
	from := fs.String("from", "", "only statements issued on or after this day (YYYY-MM-DD)")
	to := fs.String("to", "", "only statements issued on or before this day (YYYY-MM-DD)")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	words, err := queryWords(fs, args)
	if err != nil {
		return err
	}
	q := strings.Join(words, " ")
	if strings.TrimSpace(q) == "" {
		fmt.Fprintln(env.stderr, "archive search: give a query, e.g. archive search ransomware")
		fs.Usage()
		return errUsage
	}
	req := search.Request{Query: q, Langs: langs, Page: *page, PerPage: *n, Sort: search.Sort(*sortBy), Issuer: *issuer, Tag: *tag}
	if req.From, err = parseDay("-from", *from); err != nil {
		return err
	}
	if req.To, err = parseDay("-to", *to); err != nil {
		return err
	}

	idx, err := index.Open(*indexPath)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := query.New(idx, nil).Search(ctx, req)
	if err != nil {
		if fault.KindOf(err) == fault.Invalid {
			return fmt.Errorf("search %q: %s", q, fault.Message(err))
		}
		return err
	}
	printResult(env.stdout, res, env.terminal)
	return nil
}

// queryWords returns the words of a search's query, reading the flags
// given after them too ("archive search cyber -lang fr"): an argument
// that names one of the command's flags is that flag, any other is a
// word of the query, so that "cyber -china" still excludes china. After
// "--" every argument is a word, for a query that excludes a word named
// like a flag ("-- cyber -lang").
func queryWords(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	rest := fs.Args()
	if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
		return rest, nil // the first parse stopped at "--"
	}
	for len(rest) > 0 {
		arg := rest[0]
		if arg == "--" {
			return append(words, rest[1:]...), nil
		}
		name := strings.TrimLeft(arg, "-")
		if i := strings.IndexByte(name, '='); i >= 0 {
			name = name[:i]
		}
		if strings.HasPrefix(arg, "-") && name != "" && fs.Lookup(name) != nil {
			if err := fs.Parse(rest); err != nil {
				return nil, errUsage
			}
			before := rest
			rest = fs.Args()
			if n := len(before) - len(rest); n > 0 && before[n-1] == "--" {
				return append(words, rest...), nil
			}
			continue
		}
		words = append(words, arg)
		rest = rest[1:]
	}
	return words, nil
}

func parseDay(flagName, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a day in the form YYYY-MM-DD", flagName, v)
	}
	return t, nil
}

// printResult writes a page of rows for a reader at a terminal: the
// statements whose details match, then each row's statement, key and the
// language it matched best in, and its text in each language, the
// matches marked.
func printResult(w io.Writer, res *search.Result, color bool) {
	var facets []string
	for _, f := range res.Facets.Lang {
		facets = append(facets, fmt.Sprintf("%s %d", f.Value, f.Count))
	}
	fmt.Fprintf(w, "%d %s for %q (matching in: %s)\n", res.Total, plural(res.Total, "row", "rows"), res.Request.Query, strings.Join(facets, ", "))
	for _, sg := range res.Suggestions {
		fmt.Fprintf(w, "did you mean %s? (%d %s in [%s]; try: %s)\n", terminalSafe(sg.Instead), sg.Rows, plural(sg.Rows, "row", "rows"), sg.Lang, terminalSafe(sg.Query))
	}
	if len(res.StopWords) > 0 {
		fmt.Fprintf(w, "too common to search: %s\n", terminalSafe(strings.Join(res.StopWords, ", ")))
	}
	for _, h := range res.Statements {
		fmt.Fprintf(w, "statement %s: %s (matches its %s)\n", terminalSafe(h.Statement.ID), terminalSafe(h.Statement.DisplayTitle("")), strings.Join(h.Fields, ", "))
	}
	if len(res.Rows) == 0 {
		if res.Total > 0 {
			fmt.Fprintf(w, "page %d is past the last row\n", res.Request.Page)
		}
		return
	}
	first := (res.Request.Page-1)*res.Request.PerPage + 1
	for i, row := range res.Rows {
		date := "undated"
		if row.Statement.HasDate() {
			date = row.Statement.Date.Format(time.DateOnly)
		}
		where := "¶" + row.Ref.String()
		if row.Ref.Kind != statement.Body {
			where = row.Ref.Label()
		}
		lead := ""
		if len(row.Show) > 0 {
			lead = row.Show[0]
		}
		fmt.Fprintf(w, "\n%d. %s %s [%s]  %s", first+i, terminalSafe(row.Statement.ID), where, terminalSafe(lead), date)
		if row.Statement.Issuer != "" {
			fmt.Fprintf(w, "  %s", terminalSafe(row.Statement.Issuer))
		}
		fmt.Fprintf(w, "\n   %s\n", terminalSafe(row.Statement.DisplayTitle(lead)))
		for _, l := range row.Show {
			if hl, ok := row.Highlight[l]; ok {
				fmt.Fprintf(w, "   [%s] %s\n", terminalSafe(l), terminalText(hl, color))
			} else {
				fmt.Fprintf(w, "   [%s] %s\n", terminalSafe(l), terminalSafe(row.Text[l]))
			}
		}
	}
	if last := first + len(res.Rows) - 1; last < res.Total {
		fmt.Fprintf(w, "\nshowing %d–%d of %d: -page %d for more\n", first, last, res.Total, res.Request.Page+1)
	}
	for _, rd := range res.Renderings {
		var terms []string
		for _, t := range rd.Terms {
			terms = append(terms, fmt.Sprintf("%s (%d)", terminalSafe(t.Text), t.Rows))
		}
		fmt.Fprintf(w, "in [%s]: %s\n", rd.Lang, strings.Join(terms, ", "))
	}
}

// terminalText turns a highlighted HTML fragment into terminal text, the
// matches in bold on a terminal and between » « elsewhere. The text itself
// is made safe before the bold codes are added, so that only those reach
// the terminal.
func terminalText(fragment string, color bool) string {
	open, close := "»", "«"
	if color {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	for i, part := range strings.Split(fragment, "<mark>") {
		if i > 0 {
			b.WriteString(open)
		}
		for j, piece := range strings.Split(part, "</mark>") {
			if j > 0 {
				b.WriteString(close)
			}
			b.WriteString(terminalSafe(html.UnescapeString(piece)))
		}
	}
	return b.String()
}
