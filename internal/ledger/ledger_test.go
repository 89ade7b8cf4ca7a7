package ledger

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unsafe"

	"statementarchive/internal/statement"
)

func testStatement(t *testing.T, body string) *statement.Statement {
	t.Helper()
	st, err := statement.Parse("press.txt", []byte("---\ntitle: {en: Press statement, fr: Communiqué}\ndate: 2021-01-01\nissuer: North Atlantic Council\n---\n"+body))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

const twoLanguages = "[en]\n1. The Council met.\n2. It agreed.\n\n[fr]\n1. Le Conseil s'est réuni.\n2. Il est convenu.\n"

// A ledger written and read back is the same ledger, byte for byte, and
// lists its permalinks in reading order.
func TestWriteRead(t *testing.T) {
	l := New()
	l.Record(Entries(testStatement(t, twoLanguages)))
	l.Revise(Revision{Key: Key{"press", "2", "en"}, Date: "2026-12-05", Old: Digest("It agrees."), New: Digest("It agreed."),
		Reason: "corrected to match the publisher's \"revised\" text", OldText: "It agrees.\nA second line\t\u2028 with\u00a0spaces"})
	var first bytes.Buffer
	if err := l.Write(&first); err != nil {
		t.Fatal(err)
	}
	back, err := Read(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, first.String())
	}
	var second bytes.Buffer
	if err := back.Write(&second); err != nil {
		t.Fatal(err)
	}
	if second.String() != first.String() {
		t.Errorf("written, read and written again:\n%s\nwant\n%s", second.String(), first.String())
	}
	if got := back.Revisions(); len(got) != 1 || got[0].OldText != l.Revisions()[0].OldText || got[0].Reason != l.Revisions()[0].Reason {
		t.Errorf("revisions read back = %+v, want %+v", got, l.Revisions())
	}
	var rows []string
	for _, line := range strings.Split(first.String(), "\n") {
		if f := strings.Fields(line); len(f) == 4 && !strings.HasPrefix(line, "#") {
			rows = append(rows, f[1]+" "+f[2])
		}
	}
	want := "meta -, 1 en, 1 fr, 2 en, 2 fr"
	if got := strings.Join(rows, ", "); got != want {
		t.Errorf("rows in the order %s, want %s", got, want)
	}
}

// A ledger that cannot be read exactly is refused, with its line.
func TestReadRefuses(t *testing.T) {
	d := Digest("x")
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "line 1"},
		{"no header", "press 1 en " + d + "\n", "line 1: the ledger must start"},
		{"three fields", header + "\npress 1 " + d + "\n", "line 2: a permalink line has four fields"},
		{"bad digest", header + "\npress 1 en sha256:abc\n", "line 2: \"sha256:abc\" is not a digest"},
		{"upper-case digest", header + "\npress 1 en " + strings.ToUpper(d) + "\n", "is not a digest"},
		{"bad row", header + "\npress p1 en " + d + "\n", "line 2: \"p1\" is not a row"},
		{"bad language", header + "\npress 1 english " + d + "\n", "is not a language code"},
		{"bad id", header + "\nPress 1 en " + d + "\n", "is not a statement identifier"},
		{"meta with a language", header + "\npress meta en " + d + "\n", "a meta line's language is -"},
		{"listed twice", header + "\npress 1 en " + d + "\npress 1 en " + d + "\n", "line 3: press/1 [en] is listed twice"},
		{"revision without reason", header + "\npress 1 en " + d + "\nrevision press 1 en 2026-12-05 " + d + " " + d + " \"\" \"old\"\n", "the reason is empty"},
		{"revision bad day", header + "\npress 1 en " + d + "\nrevision press 1 en 05/12/2026 " + d + " " + d + " \"r\" \"old\"\n", "is not a day"},
		{"revision of nothing listed", header + "\nrevision press 1 en 2026-12-05 " + d + " " + d + " \"r\" \"old\"\n", "the permalink it revised is not listed"},
		{"revision trailing text", header + "\npress 1 en " + d + "\nrevision press 1 en 2026-12-05 " + d + " " + d + " \"r\" \"old\" more\n", "one quoted string, last"},
		{"line too long", header + "\n" + strings.Repeat("x", MaxLineBytes+1) + "\n", "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// Compare finds every published permalink whose words would change or go,
// the metadata a citation carries included, and what is new.
func TestCompare(t *testing.T) {
	l := New()
	l.Record(Entries(testStatement(t, twoLanguages)))
	tests := []struct {
		name    string
		body    string
		title   string
		changed []string
		added   int
	}{
		{"as published", twoLanguages, "", nil, 0},
		{"a double space", strings.Replace(twoLanguages, "It agreed.", "It  agreed.", 1), "", []string{"press/2 [en]"}, 0},
		{"NFC to NFD", strings.Replace(twoLanguages, "réuni", "re\u0301uni", 1), "", []string{"press/1 [fr]"}, 0},
		{"a paragraph added at the end", "[en]\n1. The Council met.\n2. It agreed.\n3. It will meet again.\n\n[fr]\n1. Le Conseil s'est réuni.\n2. Il est convenu.\n3. Il se réunira.\n", "", nil, 2},
		{"a paragraph gone", "[en]\n1. The Council met.\n\n[fr]\n1. Le Conseil s'est réuni.\n", "", []string{"press/2 [en]", "press/2 [fr]"}, 0},
		{"a language added", twoLanguages + "\n[de]\n1. Der Rat trat zusammen.\n2. Er einigte sich.\n", "", nil, 2},
		{"the title", twoLanguages, "Press release", []string{"press (title, date, issuer, reference)"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := testStatement(t, tt.body)
			if tt.title != "" {
				st.Title["en"] = tt.title
			}
			changed, added := l.Compare(Entries(st), nil)
			var got []string
			for _, c := range changed {
				got = append(got, c.Key.String())
			}
			if strings.Join(got, ", ") != strings.Join(tt.changed, ", ") || len(added) != tt.added {
				t.Errorf("Compare = changed %v, %d added; want %v, %d", got, len(added), tt.changed, tt.added)
			}
		})
	}
}

// A revision makes its new words the permalink's; a permalink removed
// stays in the ledger, so that it never comes back with other words.
func TestRevise(t *testing.T) {
	l := New()
	l.Record(Entries(testStatement(t, twoLanguages)))
	k := Key{"press", "2", "en"}
	l.Revise(Revision{Key: k, Date: time.Now().Format(time.DateOnly), Old: l.digests[k], New: Digest("It agreed at once."), Reason: "r"})
	st := testStatement(t, strings.Replace(twoLanguages, "It agreed.", "It agreed at once.", 1))
	if changed, _ := l.Compare(Entries(st), nil); len(changed) != 0 {
		t.Errorf("after the revision, Compare = %v, want nothing changed", changed)
	}
	gone := Key{"press", "2", "fr"}
	l.Revise(Revision{Key: gone, Date: "2026-12-05", Old: l.digests[gone], Reason: "withdrawn"})
	if _, ok := l.digests[gone]; !ok {
		t.Error("a permalink revised away left the ledger")
	}
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "revision press 2 fr 2026-12-05 "+Digest("Il est convenu.")+" - \"withdrawn\" \"\"") {
		t.Errorf("a removal is not written as a revision to -:\n%s", buf.String())
	}
	if _, err := Read(&buf); err != nil {
		t.Errorf("read back: %v", err)
	}
}

// Whatever Read accepts, Write writes back as Read reads it.
func FuzzRead(f *testing.F) {
	d := Digest("x")
	f.Add(header + "\npress 1 en " + d + "\n")
	f.Add(header + "\n# a comment\n\npress meta - " + d + "\npress preamble fr " + d + "\npress h2 de " + d + "\npress n1 en " + d + "\n")
	f.Add(header + "\npress 1 en " + d + "\nrevision press 1 en 2026-12-05 " + d + " " + d + " \"why\" \"old \\u00e9\"\n")
	f.Add(header + "\npress 1 en " + d + "\nrevision press 1 en 2026-12-05 " + d + " - \"gone\" \"\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		l, err := Read(strings.NewReader(text))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := l.Write(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := Read(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("a ledger Read accepted does not read back once written: %v\n%q", err, buf.String())
		}
		if back.Len() != l.Len() || len(back.Revisions()) != len(l.Revisions()) {
			t.Fatalf("read back %d permalinks and %d revisions, want %d and %d", back.Len(), len(back.Revisions()), l.Len(), len(l.Revisions()))
		}
	})
}

// TestEntriesHoldNoSliceOfTheFile: an entry's strings are copies, not
// slices of the parsed file, which an ingest would otherwise keep whole
// for every statement until the ledger is written.
func TestEntriesHoldNoSliceOfTheFile(t *testing.T) {
	st, err := statement.Parse("2020-01-01-x.txt", []byte("---\ntitle: {en: T, fr: T}\ndate: 2020-01-01\n---\n[en]\n1. One.\n\n2. Two.\n[fr]\n1. Un.\n\n2. Deux.\n"))
	if err != nil {
		t.Fatal(err)
	}
	file := map[*byte]bool{unsafe.StringData(st.ID): true}
	for _, p := range st.Paragraphs {
		for lang := range p.Text {
			file[unsafe.StringData(lang)] = true
		}
	}
	entries := Entries(st)
	if len(entries) != 5 {
		t.Fatalf("%d entries, want 5", len(entries))
	}
	for _, e := range entries {
		if file[unsafe.StringData(e.Statement)] || (e.Lang != "" && file[unsafe.StringData(e.Lang)]) {
			t.Errorf("entry %v shares its strings with the parsed statement", e.Key)
		}
	}
}
