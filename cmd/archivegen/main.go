// Command archivegen writes synthetic statement files: for load tests and
// benchmarks, deterministic for a seed, aligned English and French
// paragraphs with a Zipf vocabulary seeded from the bundled statements;
// with -realistic, sample statements for people to try the archive on,
// parallel in English, French and German, with headings, lists and
// footnotes, dated over the decades since 1949, and labelled as generated
// (issuer "Generated Council (sample data)", tag "generated").
//
//	go run ./cmd/archivegen -paragraphs 100000 -out /tmp/corpus
//	go run ./cmd/archivegen -realistic -statements 240 -out demo.statements
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"statementarchive/internal/corpus"
	"statementarchive/statements"
)

func main() {
	paragraphs := flag.Int("paragraphs", 10000, "paragraphs to write, all languages counted")
	out := flag.String("out", "", "folder to write the statement files into (required)")
	seed := flag.Int64("seed", 1, "random seed: the same seed writes the same files")
	realistic := flag.Bool("realistic", false, "write sample statements that read like policy statements, in English, French and German, labelled as generated (see -statements)")
	count := flag.Int("statements", 240, "with -realistic: statements to write")
	large := flag.Int("large", 0, "also write one valid but hostile statement of about this many MB of text, in 14 languages (corpus.WriteLarge), for load tests")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: archivegen -out DIR [-paragraphs N] [-seed S] [-large MB]\n       archivegen -realistic -out DIR [-statements N] [-seed S]")
		os.Exit(2)
	}
	if *realistic {
		st, err := corpus.WriteRealistic(*out, corpus.RealisticOptions{Statements: *count, Seed: *seed})
		if err != nil {
			fmt.Fprintln(os.Stderr, "archivegen:", err)
			os.Exit(1)
		}
		fmt.Printf("wrote %d generated sample statements (%d rows in each of %s), dated %d to %d, into %s\n",
			st.Statements, st.Paragraphs, strings.Join(corpus.RealisticLanguages, ", "), st.FirstYear, st.LastYear, *out)
		return
	}
	st, err := corpus.Generate(*out, statements.FS, corpus.Options{Paragraphs: *paragraphs, Seed: *seed})
	if err != nil {
		fmt.Fprintln(os.Stderr, "archivegen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d statements, %d paragraphs, into %s\n", st.Statements, st.Paragraphs, *out)
	if *large > 0 {
		path, err := corpus.WriteLarge(*out, *large<<20, *seed)
		if err != nil {
			fmt.Fprintln(os.Stderr, "archivegen:", err)
			os.Exit(1)
		}
		fmt.Printf("wrote a large statement of %d MB in %d languages: %s\n", *large, len(corpus.LargeLanguages), path)
	}
}
