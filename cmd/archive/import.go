package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"statementarchive/internal/draft"
	"statementarchive/internal/statement"
)

// runImport drafts a canonical statement file from text copied from an
// official web page or PDF, or from the pages themselves saved from a
// browser: archive import [-o FILE] [-same-statement] FILE…
func runImport(ctx context.Context, env *environment, args []string) error {
	fset := newFlagSet(env, "import", "[-o FILE] [-same-statement] FILE…")
	out := fset.String("o", "", "write the statement file to `FILE` (its name is the statement ID) instead of standard output; an existing file is never overwritten")
	same := fset.Bool("same-statement", false, "import the files as one statement's languages even though their references, dates, lengths or addresses differ")
	if err := parseFlags(env, fset, args); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		fmt.Fprintln(env.stderr, "archive import: name the files of copied text or the saved web pages (.html): one per language, or one text file holding every language separated by lines of only | or ---|")
		fset.Usage()
		return errUsage
	}
	if *out != "" {
		if err := checkOutputName(*out); err != nil {
			return err
		}
	}
	var inputs []draft.Input
	for _, name := range fset.Args() {
		data, err := readInput(name)
		if err != nil {
			return err
		}
		inputs = append(inputs, draft.Input{Name: name, Text: data})
	}
	st, data, err := readDraft(inputs, draft.Options{ID: *out}, *same)
	if err != nil {
		return err
	}
	checks := countChecks(len(st.Checks))
	if *out == "" {
		if _, err := env.stdout.Write(data); err != nil {
			return fmt.Errorf("write the statement: %w", err)
		}
		fmt.Fprintf(env.stderr, "archive import: %s; save it as statements/%s.txt, or run again with -o statements/%s.txt\n", checks, st.SuggestedID(), st.SuggestedID())
		return nil
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists and was left as it is: remove it, or choose another -o", displayName(*out))
	}
	if err != nil {
		return fmt.Errorf("cannot create %s (%v): check the folder exists and is writable", displayName(*out), unwrapPathError(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(*out)
		return fmt.Errorf("cannot write %s (%v): check the disk has room", displayName(*out), unwrapPathError(err))
	}
	if err := f.Close(); err != nil {
		os.Remove(*out)
		return fmt.Errorf("cannot write %s (%v): check the disk has room", displayName(*out), unwrapPathError(err))
	}
	fmt.Fprintf(env.stderr, "archive import: wrote %s; %s\n", displayName(*out), checks)
	return nil
}

// readDraft reads the inputs into a draft and formats it: saved web pages
// (and any copied text given with them) by their HTML, copied text alone
// as text.
func readDraft(inputs []draft.Input, opts draft.Options, same bool) (*draft.Statement, []byte, error) {
	opts.SameStatement = same
	if !slices.ContainsFunc(inputs, draft.IsPage) {
		st, err := draft.Read(inputs, opts)
		if err != nil {
			return nil, nil, err
		}
		return st, st.Format(), nil
	}
	d, err := draft.ReadPages(inputs, draft.PageOptions{Options: opts})
	if err != nil {
		return nil, nil, err
	}
	return d.Statement, d.Format(), nil
}

// checkOutputName refuses an -o name that cannot be a statement file.
func checkOutputName(name string) error {
	if !strings.EqualFold(filepath.Ext(name), ".txt") {
		return fmt.Errorf("-o %s: statement files end in .txt: name it like statements/2006-11-29-riga-summit-declaration.txt", displayName(name))
	}
	if id := statement.IDFromPath(name); !statement.ValidID(id) {
		return fmt.Errorf("-o %s: %q is not a valid statement ID: use lowercase letters, digits, hyphens and underscores, e.g. statements/2006-11-29-riga-summit-declaration.txt", displayName(name), id)
	}
	return nil
}

// readInput reads one file of copied text, refusing one too large to be a
// statement without reading it whole.
func readInput(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read it (%v): check the path", displayName(name), unwrapPathError(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file: save the copied text to a file and name that", displayName(name))
	}
	data, err := io.ReadAll(io.LimitReader(f, draft.MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read it (%v)", displayName(name), unwrapPathError(err))
	}
	if len(data) > draft.MaxInputSize {
		return nil, fmt.Errorf("%s: over the %d-byte limit for one statement: check it is the statement's text", displayName(name), draft.MaxInputSize)
	}
	return data, nil
}

func countChecks(n int) string {
	switch n {
	case 0:
		return "nothing marked to check"
	case 1:
		return "1 thing to check: the # CHECK line at the top of the file"
	}
	return fmt.Sprintf("%d things to check: the # CHECK lines at the top of the file", n)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
