package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"statementarchive/internal/index"
	"statementarchive/internal/ledger"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

// defaultStatements is the folder ingested when no file or folder is named.
const defaultStatements = "statements"

func runIngest(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "ingest", "[-index PATH] [FILE|DIR ...]")
	indexPath := fs.String("index", defaultIndex, "index folder to build; the index there keeps serving until the new one is whole")
	batch := fs.Int("batch", index.DefaultBatchSize, "paragraph documents per index batch")
	allowChanges := fs.Bool("allow-changes", false, "let the ingest change what published permalinks show, each recorded as a revision with -reason (it lists them and refuses without this)")
	reason := fs.String("reason", "", "with -allow-changes: why the published words change, kept in the ledger")
	frozen := fs.Bool("frozen-ledger", false, "refuse a permalink the ledger does not record yet (a release build: the ledger must be committed whole)")
	ledgerPath := fs.String("ledger", "", "the permalink ledger to compare with and record in (default: "+ledger.FileName+" in the first folder given, or in statements/)")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	sources, from, err := ingestSources(fs.Args())
	if err != nil {
		return err
	}
	lf := ledgerFor(*ledgerPath, fs.Args())
	book, created, err := lf.load()
	if err != nil {
		return fmt.Errorf("%w; the index at %s is unchanged", err, displayName(*indexPath))
	}
	fmt.Fprintf(env.stderr, "ingesting %d statement %s from %s into %s\n", len(sources), plural(len(sources), "file", "files"), from, displayName(*indexPath))

	progress := newProgress(env)
	sum, err := index.Ingest(ctx, *indexPath, sources, index.IngestOptions{BatchSize: *batch, Progress: progress.update,
		AllowChanges: *allowChanges, Reason: *reason, Ledger: book, LedgerName: lf.String(), NewLedger: created, FrozenLedger: *frozen})
	progress.finish()
	if err != nil {
		var ps statement.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				fmt.Fprintln(env.stderr, messageText(p.Error()))
			}
			return fmt.Errorf("%d %s in the statement files; nothing was ingested and the index at %s is unchanged", len(ps), plural(len(ps), "problem", "problems"), displayName(*indexPath))
		}
		var changes *index.ChangesError
		if errors.As(err, &changes) {
			fmt.Fprintln(env.stderr, terminalSafe(changes.Error()))
			return fmt.Errorf("%d %s would change; nothing was ingested and the index at %s is unchanged", changes.Total, plural(changes.Total, "permalink", "permalinks"), displayName(*indexPath))
		}
		if sum.Path != "" {
			// The new index is in place; only the cleanup after it failed.
			printSummary(env.stdout, sum)
			return err
		}
		return fmt.Errorf("%w; the index at %s is unchanged", err, displayName(*indexPath))
	}
	printSummary(env.stdout, sum)
	return recordLedger(env, lf, book, created, sum)
}

// recordLedger writes the ledger an ingest added to, and says what it
// recorded.
func recordLedger(env *environment, lf ledgerFile, book *ledger.Ledger, created bool, sum index.Summary) error {
	if sum.LedgerAdded == 0 && sum.LedgerRevised == 0 && !created {
		fmt.Fprintf(env.stdout, "ledger: %s, %d permalinks, all as published\n", lf, book.Len())
		return nil
	}
	if lf.bundled {
		fmt.Fprintf(env.stdout, "ledger: %s cannot be written: %d new permalinks and %d revisions are not recorded; ingest a statements folder to keep a ledger\n", lf, sum.LedgerAdded, sum.LedgerRevised)
		return nil
	}
	if err := lf.save(book); err != nil {
		return fmt.Errorf("the index is in place, but %w: run the ingest again once it can be written", err)
	}
	what := "recorded"
	if created {
		what = "created with"
	}
	fmt.Fprintf(env.stdout, "ledger: %s %s %d new %s, %d %s; commit it with the statements\n", lf, what, sum.LedgerAdded, plural(sum.LedgerAdded, "permalink", "permalinks"), sum.LedgerRevised, plural(sum.LedgerRevised, "revision", "revisions"))
	return nil
}

// ingestSources returns the statement files named by args, or by default the
// statements folder, or where there is none the statements bundled in the binary.
func ingestSources(args []string) ([]statement.Source, string, error) {
	if len(args) > 0 {
		src, err := statement.Sources(args...)
		return src, displayNames(args), err
	}
	if info, err := os.Stat(defaultStatements); err == nil && info.IsDir() {
		src, err := statement.Sources(defaultStatements)
		return src, defaultStatements + "/", err
	}
	src, err := statement.SourcesFS(statements.FS, defaultStatements)
	return src, "the statements bundled in this binary", err
}

func printSummary(w io.Writer, sum index.Summary) {
	var parts []string
	for _, l := range slices.Sorted(maps.Keys(sum.Paragraphs)) {
		parts = append(parts, fmt.Sprintf("%s %d", l, sum.Paragraphs[l]))
	}
	total := sum.TotalParagraphs()
	rate := float64(total) / sum.Duration.Seconds()
	var others string
	if sum.Headings > 0 {
		others += fmt.Sprintf(", %d %s", sum.Headings, plural(sum.Headings, "heading", "headings"))
	}
	if sum.Footnotes > 0 {
		others += fmt.Sprintf(", %d %s", sum.Footnotes, plural(sum.Footnotes, "footnote", "footnotes"))
	}
	fmt.Fprintf(w, "ingested %d %s, %d paragraphs (%s)%s into %s in %s (%.0f paragraphs/s)\n",
		sum.Statements, plural(sum.Statements, "statement", "statements"), total, strings.Join(parts, ", "), others,
		displayName(sum.Path), sum.Duration.Round(time.Millisecond), rate)
	if sum.Compared {
		fmt.Fprintf(w, "permalinks: %d added, %d changed\n", sum.Added, sum.Changed)
	} else {
		fmt.Fprintf(w, "permalinks: %d, not compared with the index replaced (built before the archive kept permalink fingerprints, or unreadable)\n", sum.Added)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// progress shows an ingest's progress: a bar on a terminal, else a log line
// every few seconds and at each phase's end.
type progress struct {
	env   *environment
	bar   *progressbar.ProgressBar
	phase string
	last  time.Time
}

func newProgress(env *environment) *progress { return &progress{env: env} }

func (p *progress) update(pr index.Progress) {
	merge := pr.Phase == index.PhaseMerge // counted in bytes
	if p.env.terminal {
		if pr.Phase != p.phase {
			p.finish()
			p.phase = pr.Phase
			opts := []progressbar.Option{
				progressbar.OptionSetWriter(p.env.stderr),
				progressbar.OptionSetDescription(fmt.Sprintf("%-6s", pr.Phase)),
				progressbar.OptionShowCount(),
				progressbar.OptionThrottle(100 * time.Millisecond),
			}
			if merge {
				opts = append(opts, progressbar.OptionShowBytes(true))
			} else {
				opts = append(opts, progressbar.OptionSetItsString("files"), progressbar.OptionShowIts())
			}
			p.bar = progressbar.NewOptions64(pr.Total, opts...)
		}
		_ = p.bar.Set64(pr.Done)
		return
	}
	if pr.Phase != p.phase || time.Since(p.last) > 5*time.Second || pr.Done == pr.Total {
		p.phase, p.last = pr.Phase, time.Now()
		if merge {
			fmt.Fprintf(p.env.stderr, "%s: %s of segments\n", pr.Phase, bytesOf(pr.Done, pr.Total))
			return
		}
		fmt.Fprintf(p.env.stderr, "%s: %d/%d files\n", pr.Phase, pr.Done, pr.Total)
	}
}

// bytesOf writes done of total bytes in the unit total reads best in:
// "512/1480 MB", or "12/36 KB" for an index under a megabyte.
func bytesOf(done, total int64) string {
	if total >= 1<<20 {
		return fmt.Sprintf("%d/%d MB", done>>20, total>>20)
	}
	return fmt.Sprintf("%d/%d KB", (done+1023)>>10, (total+1023)>>10)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.env.stderr)
		p.bar = nil
	}
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
