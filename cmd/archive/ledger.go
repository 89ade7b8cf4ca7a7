package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"statementarchive/internal/index"
	"statementarchive/internal/ledger"
	"statementarchive/statements"
)

// ledgerFile is where an ingest's permalink ledger is read from and
// written to: a file, or the one bundled in the binary (read-only).
type ledgerFile struct {
	path    string // "" for the bundled one
	bundled bool
}

func (f ledgerFile) String() string {
	if f.bundled {
		return "the ledger bundled in this binary"
	}
	return displayName(f.path)
}

// ledgerFor returns the ledger of the statements args name: given, or
// permalinks.ledger in the first folder named (or the folder of the first
// file), or in the statements folder, or the bundled one.
func ledgerFor(given string, args []string) ledgerFile {
	switch {
	case given != "":
		return ledgerFile{path: given}
	case len(args) > 0:
		dir := args[0]
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			dir = filepath.Dir(dir)
		}
		return ledgerFile{path: filepath.Join(dir, ledger.FileName)}
	}
	if info, err := os.Stat(defaultStatements); err == nil && info.IsDir() {
		return ledgerFile{path: filepath.Join(defaultStatements, ledger.FileName)}
	}
	return ledgerFile{bundled: true}
}

// load reads the ledger, failing closed: a ledger that cannot be read
// exactly is refused. A missing one is new and empty (created reports
// it), which an ingest refuses where the index it replaces has published
// permalinks.
func (f ledgerFile) load() (l *ledger.Ledger, created bool, err error) {
	var file fs.File
	if f.bundled {
		file, err = statements.FS.Open(ledger.FileName)
	} else {
		file, err = os.Open(f.path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		// New, unless the index it would replace has published
		// permalinks: Ingest refuses that (IngestOptions.NewLedger),
		// once the files are known to be valid.
		return ledger.New(), true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read the permalink ledger %s (%v): check that it is readable", f, err)
	}
	defer file.Close()
	l, err = ledger.Read(file)
	if err != nil {
		return nil, false, fmt.Errorf("the permalink ledger %s is damaged (%v), so what was published cannot be checked and nothing was ingested: restore it from version control (git checkout -- %s), or rebuild it from an index that serves these statements with `archive ledger -index PATH -o %s`", f, err, f, f)
	}
	return l, false, nil
}

// save writes the ledger whole to a temporary file beside it, then puts
// it in place, so that a failure leaves the old ledger as it was.
func (f ledgerFile) save(l *ledger.Ledger) error {
	if f.bundled {
		return errors.New("the ledger bundled in this binary cannot be written")
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".permalinks-*.ledger")
	if err != nil {
		return fmt.Errorf("write the permalink ledger %s (%v): check that the folder is writable, or give -ledger PATH", f, err)
	}
	defer os.Remove(tmp.Name())
	if err := l.Write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write the permalink ledger %s: %w", f, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write the permalink ledger %s: %w", f, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write the permalink ledger %s: %w", f, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write the permalink ledger %s: %w", f, err)
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return fmt.Errorf("put the permalink ledger in place at %s: %w", f, err)
	}
	return nil
}

// runLedger rebuilds a permalink ledger from an index: every permalink it
// serves, with the digest of what it shows.
func runLedger(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "ledger", "-index PATH [-o FILE]")
	indexPath := fs.String("index", defaultIndex, "the index whose permalinks the ledger records")
	out := fs.String("o", "", "the ledger to write (default: standard output); an existing file is replaced")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "archive ledger: unexpected argument %s\n", displayName(fs.Arg(0)))
		return errUsage
	}
	idx, err := index.Open(*indexPath)
	if err != nil {
		return err
	}
	defer idx.Close()
	l := ledger.New()
	for _, meta := range idx.Statements() {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := idx.Statement(meta.ID)
		if err != nil {
			return fmt.Errorf("read %s from the index at %s: %w", meta.ID, displayName(*indexPath), err)
		}
		l.Record(ledger.Entries(st))
	}
	if *out == "" {
		return l.Write(env.stdout)
	}
	if err := (ledgerFile{path: *out}).save(l); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "wrote the ledger %s: %d permalinks of the index at %s\n", displayName(*out), l.Len(), displayName(*indexPath))
	return nil
}
