package main

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"statementarchive/internal/statement"
)

// xapianPeerScript builds and searches the Xapian database; see its doc
// string for the conversation. It is embedded so that the benchmark runs
// from any folder, and written to the work folder at run time.
//
//go:embed xapian_peer.py
var xapianPeerScript []byte

// xapianInstall says how to get the bindings the peer needs.
const xapianInstall = "apt-get install -y python3-xapian"

// xapianFigures is what the Xapian peer measured.
type xapianFigures struct {
	version    string
	exactTotal bool
	reused     bool          // the database of an earlier run, with -reuse-peers: no ingest figures
	ingest     time.Duration // as the benchmark saw it: parsing, the pipe, indexing, the commit, compaction
	built      time.Duration // as the script saw it: indexing, the commit, compaction
	compact    time.Duration // compaction alone
	docs       int
	size       int64 // compacted
	staged     int64 // before compaction
	ingestRSS  int64 // KiB, the Python process's peak during the build
	rss        int64 // KiB, the Python process after the mix
	lat        map[string][]time.Duration
}

// findXapianPython returns a Python that can import xapian: want if given,
// else python3 on PATH, else /usr/bin/python3, where Debian's
// python3-xapian installs (a python3 of pyenv or a virtualenv first on
// PATH does not see it).
func findXapianPython(want string) (string, error) {
	candidates := []string{"python3", "/usr/bin/python3"}
	if want != "" {
		candidates = []string{want}
	}
	var tried []string
	for _, py := range candidates {
		out, err := exec.Command(py, "-c", "import xapian; print(xapian.version_string())").CombinedOutput()
		if err == nil {
			return py, nil
		}
		tried = append(tried, fmt.Sprintf("%s: %s", py, lastLine(out, err)))
	}
	return "", fmt.Errorf("no Python here imports xapian (%s); install Debian's bindings with `%s`, or name a Python that has them with -python",
		strings.Join(tried, "; "), xapianInstall)
}

func lastLine(out []byte, err error) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if l := lines[len(lines)-1]; l != "" {
		return l
	}
	return err.Error()
}

// xapianText turns a query of the mix, in the archive's syntax, into
// Xapian's QueryParser syntax, which the peer parses with AND as the
// default operator: the archive's required words "+a +b" become "a b".
// Words and quoted phrases read the same in both.
func xapianText(archive string) string {
	var out []string
	inPhrase := false
	for _, f := range strings.Fields(archive) {
		if !inPhrase {
			f = strings.TrimPrefix(f, "+")
		}
		if strings.Count(f, `"`)%2 == 1 {
			inPhrase = !inPhrase
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

// xapianRow is one paragraph row of the corpus as the peer reads it.
type xapianRow struct {
	Statement string `json:"statement"`
	Key       int    `json:"key"`
	Lang      string `json:"lang"`
	Text      string `json:"text"`
	Date      string `json:"date"`
}

// xapianQuery is one query of the mix as the peer reads it.
type xapianQuery struct {
	Text  string `json:"text"`
	Lang  string `json:"lang"`
	Class string `json:"class"`
}

// xapianReply is any line the peer writes.
type xapianReply struct {
	Ready     bool    `json:"ready"`
	Version   string  `json:"version"`
	Built     int     `json:"built"`
	Seconds   float64 `json:"seconds"`
	Compact   float64 `json:"compact_seconds"`
	Bytes     int64   `json:"bytes"`
	Staged    int64   `json:"bytes_before_compaction"`
	MaxRSSKiB int64   `json:"maxrss_kib"`
	NS        int64   `json:"ns"`
	Estimated int     `json:"estimated"`
	Returned  int     `json:"returned"`
	Error     string  `json:"error"`
}

// runXapian writes the peer script into work, runs it with python, streams
// it the corpus (parsed on every core, as FTS5's load is) and then the
// warm-up queries, untimed, and the mix, timed. With exactTotal, Xapian
// counts every match instead of estimating the total.
func runXapian(python, work string, sources []statement.Source, warm, mix []mixQuery, exactTotal, reuse bool) (*xapianFigures, error) {
	script := filepath.Join(work, "xapian_peer.py")
	if err := os.WriteFile(script, xapianPeerScript, 0o644); err != nil {
		return nil, err
	}
	dbPath := filepath.Join(work, "xapian.db")
	if _, err := os.Stat(filepath.Join(dbPath, "iamglass")); err != nil {
		reuse = false // nothing whole to reuse
	}
	if !reuse {
		for _, p := range []string{dbPath, dbPath + ".build"} {
			if err := os.RemoveAll(p); err != nil {
				return nil, err
			}
		}
	}
	args := []string{script, dbPath}
	if exactTotal {
		args = append(args, "--exact-total")
	}
	if reuse {
		args = append(args, "--reuse")
	}
	cmd := exec.Command(python, args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the Xapian peer: %w", err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	in := bufio.NewWriterSize(stdin, 1<<20)
	out := bufio.NewReader(stdout)
	read := func() (xapianReply, error) {
		var r xapianReply
		line, err := out.ReadBytes('\n')
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("the Xapian peer stopped (its error is above)")
			}
			return r, err
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return r, fmt.Errorf("Xapian peer said %q: %w", line, err)
		}
		if r.Error != "" {
			return r, fmt.Errorf("Xapian peer: %s", r.Error)
		}
		return r, nil
	}

	hello, err := read()
	if err != nil {
		return nil, err
	}
	x := &xapianFigures{version: hello.Version, exactTotal: exactTotal, reused: reuse, lat: map[string][]time.Duration{}}
	start := time.Now()
	enc := json.NewEncoder(in)
	if !reuse {
		err = sendCorpus(in, enc, sources)
	}
	if err != nil {
		return nil, err
	}
	built, err := read()
	if err != nil {
		return nil, err
	}
	if !reuse {
		x.ingest = time.Since(start)
		x.built = time.Duration(built.Seconds * float64(time.Second))
		x.compact = time.Duration(built.Compact * float64(time.Second))
		x.docs, x.size, x.staged, x.ingestRSS = built.Built, built.Bytes, built.Staged, built.MaxRSSKiB
	} else {
		x.docs, x.size = built.Built, built.Bytes
	}

	for i, q := range append(slices.Clone(warm), mix...) {
		if err := enc.Encode(xapianQuery{Text: xapianText(q.text), Lang: q.lang, Class: q.class}); err != nil {
			return nil, err
		}
		if err := in.Flush(); err != nil {
			return nil, err
		}
		r, err := read()
		if err != nil {
			return nil, err
		}
		if i >= len(warm) {
			x.lat[q.class] = append(x.lat[q.class], time.Duration(r.NS))
		}
	}
	x.rss = rss(cmd.Process.Pid)
	_ = stdin.Close()
	return x, nil
}

// sendCorpus writes every row of sources to the Xapian peer, then the
// empty line that ends its build.
func sendCorpus(in *bufio.Writer, enc *json.Encoder, sources []statement.Source) error {
	err := eachStatement(sources, func(st *statement.Statement) error {
		date := ""
		if !st.Date.IsZero() {
			date = st.Date.Format("2006-01-02")
		}
		for _, para := range st.Paragraphs {
			for lang, text := range para.Text {
				if err := enc.Encode(xapianRow{Statement: st.ID, Key: para.Key, Lang: lang, Text: text, Date: date}); err != nil {
					return fmt.Errorf("send the corpus to the Xapian peer: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := in.WriteString("\n"); err != nil {
		return err
	}
	return in.Flush()
}
