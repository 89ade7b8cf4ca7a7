package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"statementarchive/internal/align"
	"statementarchive/internal/statement"
)

// checkReport is what archive check found, and its -json document.
type checkReport struct {
	// Statements is how many statement files parsed and were checked.
	Statements int            `json:"statements"`
	Findings   []checkFinding `json:"findings"`
	// Problems are the files that could not be parsed, hence not checked.
	Problems []checkProblem `json:"problems"`
	// Compared is how many pairs of a language and its statement's
	// reference language were aligned, in full or in part.
	Compared int `json:"compared"`
	// Skipped are the languages (or statements) not aligned, or aligned
	// only in part, with the limit that stopped them.
	Skipped []checkSkip `json:"skipped"`
}

// checkSkip is an align.Skip with the file it is in.
type checkSkip struct {
	Path string `json:"path"`
	align.Skip
}

// checkFinding is an alignment finding with the file it is in.
type checkFinding struct {
	Path string `json:"path"`
	align.Finding
}

// checkProblem is a statement.Problem as -json gives it.
type checkProblem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// runCheck is archive check: it aligns the paragraphs of each statement's
// languages by their lengths and shared anchors (internal/align) and
// reports the pairs a reader would see wrongly side by side, with their
// cause and the edit that mends each (docs/check.md). It returns an error, so the exit
// status is non-zero, when it finds anything.
func runCheck(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "check", "[-json] [FILE|DIR ...]")
	asJSON := fs.Bool("json", false, "print one JSON document with every finding and problem, for scripts")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	sources, from, err := ingestSources(fs.Args())
	if err != nil {
		return err
	}
	rep := checkReport{Findings: []checkFinding{}, Problems: []checkProblem{}, Skipped: []checkSkip{}}
	for _, src := range sources {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := src.Load()
		if err != nil {
			var ps statement.Problems
			if !errors.As(err, &ps) {
				ps = statement.Problems{{Path: src.Path, Msg: err.Error()}}
			}
			for _, p := range ps {
				rep.Problems = append(rep.Problems, checkProblem{Path: p.Path, Line: p.Line, Column: p.Column, Message: p.Msg})
			}
			continue
		}
		rep.Statements++
		findings, skips := align.Statement{ID: st.ID, Languages: st.Languages, Rows: st.AlignRows(), Positional: st.Unnumbered}.Check()
		for _, f := range findings {
			rep.Findings = append(rep.Findings, checkFinding{Path: src.Path, Finding: f})
		}
		rep.Compared += max(len(st.Languages)-1, 0)
		for _, sk := range skips {
			rep.Skipped = append(rep.Skipped, checkSkip{Path: src.Path, Skip: sk})
			if !sk.Partial && sk.Lang != "" {
				rep.Compared--
			}
		}
	}

	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printCheck(env.stdout, env.stderr, rep, from)
	}
	if len(rep.Findings) == 0 && len(rep.Problems) == 0 {
		if rep.Compared == 0 {
			if len(sources) == 0 {
				return fmt.Errorf("no statement files (*.txt) in %s: nothing was checked; give the folder or files that hold them", from)
			}
			return fmt.Errorf("nothing was checked in the statement files from %s: no statement has a second language that could be aligned (see above)", from)
		}
		return nil
	}
	var found []string
	if n := len(rep.Findings); n > 0 {
		found = append(found, counted(n, "alignment finding", "alignment findings"))
	}
	if n := len(rep.Problems); n > 0 {
		found = append(found, counted(n, "problem", "problems"))
	}
	return fmt.Errorf("%s in the statement files from %s: look at each paragraph or line named above, fix the file, and run archive check again",
		strings.Join(found, " and "), from)
}

func counted(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, plural(n, one, many))
}

// printCheck writes the readable report: the findings grouped by file and
// language pair on out, the files that could not be read on errOut, then a
// summary line on out.
func printCheck(out, errOut io.Writer, rep checkReport, from string) {
	for _, p := range rep.Problems {
		fmt.Fprintln(errOut, messageText(statement.Problem{Path: p.Path, Line: p.Line, Column: p.Column, Msg: p.Message}.Error()))
	}
	group := ""
	files := map[string]bool{}
	causes := map[align.Cause]int{}
	for _, f := range rep.Findings {
		if g := displayName(f.Path) + " (" + f.RefLang + "/" + f.Lang + ")"; g != group {
			if group != "" {
				fmt.Fprintln(out)
			}
			fmt.Fprintln(out, g)
			group = g
		}
		files[f.Path] = true
		causes[f.Cause]++
		fmt.Fprintf(out, "  %s: %s\n", f.Where(), f.Cause)
		fmt.Fprintf(out, "    %s\n", f.Message)
		fmt.Fprintf(out, "    evidence: %s\n", evidence(f.Finding))
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintln(out)
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintln(out, "not checked:")
		for _, sk := range rep.Skipped {
			fmt.Fprintf(out, "  %s: %s\n", displayName(sk.Path), sk.Message)
		}
		fmt.Fprintln(out)
	}
	var parts []string
	for _, c := range []align.Cause{align.CauseMisplacedGap, align.CauseShift, align.CauseJunk, align.CauseMerge, align.CauseSplit, align.CauseLength} {
		if causes[c] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", causes[c], c))
		}
	}
	found := "no alignment findings"
	if len(parts) > 0 {
		found = fmt.Sprintf("%s (%s) in %s", counted(len(rep.Findings), "alignment finding", "alignment findings"),
			strings.Join(parts, ", "), counted(len(files), "statement", "statements"))
	}
	problems := ""
	if len(rep.Problems) > 0 {
		bad := map[string]bool{}
		for _, p := range rep.Problems {
			bad[p.Path] = true
		}
		problems = fmt.Sprintf("; %s in %s that could not be checked", counted(len(rep.Problems), "problem", "problems"), counted(len(bad), "file", "files"))
	}
	skipped := ""
	if n := len(rep.Skipped); n > 0 {
		var single, whole, partial int
		for _, sk := range rep.Skipped {
			switch {
			case sk.Lang == "":
				single++
			case sk.Partial:
				partial++
			default:
				whole++
			}
		}
		var what []string
		if single > 0 {
			what = append(what, counted(single, "statement", "statements")+" in one language")
		}
		if whole > 0 {
			what = append(what, counted(whole, "language pair", "language pairs")+" not aligned")
		}
		if partial > 0 {
			what = append(what, counted(partial, "language pair", "language pairs")+" aligned only in part")
		}
		skipped = fmt.Sprintf("; %s (listed under \"not checked\")", strings.Join(what, ", "))
	}
	fmt.Fprintf(out, "checked %s from %s: %s%s%s\n", counted(rep.Statements, "statement", "statements"), from, found, problems, skipped)
}

// evidence gives a finding's evidence in one line.
func evidence(f align.Finding) string {
	ev := f.Evidence
	ints := func(ls []int) string {
		const most = 6
		s := strings.Trim(fmt.Sprint(ls[:min(len(ls), most)]), "[]")
		if len(ls) > most {
			s += " …"
		}
		return s
	}
	var lengths []string
	if len(ev.RefLengths) > 0 {
		lengths = append(lengths, fmt.Sprintf("[%s] %s characters", f.RefLang, ints(ev.RefLengths)))
	}
	if len(ev.Lengths) > 0 {
		lengths = append(lengths, fmt.Sprintf("[%s] %s characters", f.Lang, ints(ev.Lengths)))
	}
	line := fmt.Sprintf("%s (expected ratio %.2f, from the paired paragraphs)", strings.Join(lengths, ", "), ev.Ratio)
	if ev.Cost > 0 || ev.FileCost > 0 {
		line += fmt.Sprintf("; cost %.1f", ev.Cost)
	}
	if ev.FileCost > 0 {
		line += fmt.Sprintf(", paired as in the file %.1f", ev.FileCost)
	}
	return line
}
