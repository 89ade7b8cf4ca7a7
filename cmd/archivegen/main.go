// Command archivegen writes synthetic statement files for load tests and
// benchmarks: deterministic for a seed, aligned English and French
// paragraphs with a Zipf vocabulary seeded from the bundled statements.
//
//	go run ./cmd/archivegen -paragraphs 100000 -out /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"statementarchive/internal/corpus"
	"statementarchive/statements"
)

func main() {
	paragraphs := flag.Int("paragraphs", 10000, "paragraphs to write, all languages counted")
	out := flag.String("out", "", "folder to write the statement files into (required)")
	seed := flag.Int64("seed", 1, "random seed: the same seed writes the same files")
	large := flag.Int("large", 0, "also write one valid but hostile statement of about this many MB of text, in 14 languages (corpus.WriteLarge), for load tests")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: archivegen -out DIR [-paragraphs N] [-seed S] [-large MB]")
		os.Exit(2)
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
