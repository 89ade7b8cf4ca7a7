package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"statementarchive/internal/corpus"
	"statementarchive/statements"
)

// Where archive demo keeps its statements and index; .gitignore lists both.
const (
	demoStatements = "demo.statements"
	demoIndex      = "demo.index"
)

// runDemo is archive demo: the archive at size in one command. It writes
// generated sample statements (corpus.WriteRealistic: English, French and
// German, dated since 1949, labelled "Generated Council (sample data)"
// and tagged "generated") beside the bundled statements into
// demo.statements, ingests them into demo.index, and serves that index.
// A demo.statements folder already there is used as it is.
func runDemo(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "demo", "[-addr localhost:8080] [-statements N]")
	addr := fs.String("addr", "localhost:8080", "address to listen on (the demo serves this machine only)")
	count := fs.Int("statements", 240, "generated statements to write when "+demoStatements+" is not there yet")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "archive demo: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return errUsage
	}
	if _, err := os.Stat(demoStatements); errors.Is(err, os.ErrNotExist) {
		st, err := corpus.WriteRealistic(demoStatements, corpus.RealisticOptions{Statements: *count, Seed: 1})
		if err != nil {
			return fmt.Errorf("write the sample statements: %w", err)
		}
		n, err := copyBundled(demoStatements)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stderr, "wrote %d generated sample statements (%s, %d to %d) and %d bundled %s into %s\n",
			st.Statements, strings.Join(corpus.RealisticLanguages, ", "), st.FirstYear, st.LastYear, n, plural(n, "statement", "statements"), demoStatements)
	} else if err != nil {
		return err
	} else {
		fmt.Fprintf(env.stderr, "using the statements in %s (delete the folder to write new ones)\n", demoStatements)
	}
	if err := runIngest(ctx, env, []string{"-index", demoIndex, demoStatements}); err != nil {
		return err
	}
	fmt.Fprintln(env.stderr, "\nTry: /search?q=terrorism · /search?q=Ottawa · /search?q=OTAN · /search?tag=cyber · /trend?q=cyber|terrorism · /statements?tag=generated")
	return runServe(ctx, env, []string{"-index", demoIndex, "-addr", *addr})
}

// copyBundled copies the statements bundled in the binary into dir, and
// returns how many it copied.
func copyBundled(dir string) (int, error) {
	n := 0
	err := fs.WalkDir(statements.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".txt" {
			return err
		}
		data, err := fs.ReadFile(statements.FS, path)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644)
	})
	if err != nil {
		return n, fmt.Errorf("copy the bundled statements into %s: %w", dir, err)
	}
	return n, nil
}
