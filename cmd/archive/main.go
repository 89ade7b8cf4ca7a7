// Command archive is the statement archive: it ingests statement files into
// a full-text index, searches it, and serves it as web pages and JSON.
//
//	archive ingest [-index PATH] [FILE|DIR ...]
//	archive search [-index PATH] [-lang xx] [-n N] QUERY
//	archive serve [-addr localhost:8080] [-base-url URL] [-index PATH] [-statements DIR]
//	archive demo [-addr localhost:8080] [-statements N]
//	archive health [-addr localhost:8080]
//	archive ledger -index PATH [-o FILE]
//
// Every flag but ingest's -allow-changes and -reason can also be set by an
// ARCHIVE_* environment variable (see -h).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// defaultIndex is where the index lives unless -index or ARCHIVE_INDEX says
// otherwise; .gitignore lists it.
const defaultIndex = "archive.index"

// command is one subcommand of the archive.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

var commands = []command{
	{"ingest", "read statement files and build the search index", runIngest},
	{"search", "search the index from the terminal", runSearch},
	{"serve", "serve the archive's pages and JSON API over HTTP", runServe},
	{"demo", "serve the archive at size: generated sample statements in English, French and German", runDemo},
	{"health", "check that a running server is ready (for container health checks)", runHealth},
	{"check", "report paragraphs whose translations look misaligned (by their lengths)", runCheck},
	{"import", "draft a statement file from text copied from an official web page or PDF", runImport},
	{"ledger", "rebuild the permalink ledger from an index that serves the statements", runLedger},
}

// environment is what a command may touch outside itself, so tests can run
// commands in-process.
type environment struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// terminal reports whether stderr is an interactive terminal.
	terminal bool
}

// errUsage marks an error in how the command was called; the message has
// been printed with the usage.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &environment{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, terminal: isTerminal(os.Stderr)}
	err := run(ctx, env, os.Args[1:])
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "archive:", errorText(err))
		os.Exit(1)
	}
}

// run dispatches to the subcommand args name.
func run(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(env.stderr)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.stderr, "archive: unknown command %q\n\n", args[0])
	usage(env.stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "archive: a searchable archive of official policy statements, paragraph by paragraph in each language.")
	fmt.Fprintln(w, "\nUsage: archive COMMAND [flags] [arguments]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'archive COMMAND -h' for a command's flags. Every flag but -allow-changes and -reason")
	fmt.Fprintln(w, "can also be set by an environment variable: ARCHIVE_ and the flag's name in capitals, e.g. ARCHIVE_INDEX.")
}

// newFlagSet returns a flag set whose usage lists each flag with its
// environment variable.
func newFlagSet(env *environment, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: archive %s %s\n\nFlags (each also read from the environment variable shown):\n", name, synopsis)
		fs.VisitAll(func(f *flag.Flag) {
			typ, help := flag.UnquoteUsage(f)
			if commandLineOnly[f.Name] {
				fmt.Fprintf(env.stderr, "  -%s %s\n    \t%s (command line only", f.Name, typ, help)
			} else {
				fmt.Fprintf(env.stderr, "  -%s %s\n    \t%s (env %s", f.Name, typ, help, envName(f.Name))
			}
			if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
				fmt.Fprintf(env.stderr, ", default %s", f.DefValue)
			}
			fmt.Fprintln(env.stderr, ")")
		})
	}
	return fs
}

func envName(flagName string) string {
	return "ARCHIVE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// commandLineOnly are the flags no environment variable sets: each lets
// one ingest change published permalinks, and must be said each time.
var commandLineOnly = map[string]bool{"allow-changes": true, "reason": true}

// parseFlags sets each flag from its environment variable, then from args,
// so the command line wins. It returns errUsage (after printing why) for bad
// flags, and flag.ErrHelp for -h.
func parseFlags(env *environment, fs *flag.FlagSet, args []string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if commandLineOnly[f.Name] && env.getenv(envName(f.Name)) != "" && envErr == nil {
			envErr = fmt.Errorf("%s is not read from the environment: a variable left in a deployment would switch the permalink guard off for good; give -%s on the command line of the one ingest that needs it", envName(f.Name), f.Name)
			return
		}
		if v := env.getenv(envName(f.Name)); v != "" && envErr == nil {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s=%q: %v", envName(f.Name), v, err)
			}
		}
	})
	if envErr != nil {
		fmt.Fprintf(env.stderr, "archive %s: %v\n", fs.Name(), envErr)
		return errUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// listFlag is a flag that may be repeated or given a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}
