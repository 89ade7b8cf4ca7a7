package main

import "testing"

// TestXapianText checks that the mix reaches Xapian meaning what it means
// to the archive: "+a +b" (mix.go's AND class) as plain words, which the
// peer parses with AND as the default operator.
func TestXapianText(t *testing.T) {
	for _, tc := range []struct {
		name, archive, want string
	}{
		{"word", "alliance", "alliance"},
		{"phrase", `"euro atlantic"`, `"euro atlantic"`},
		{"required words become plain words under AND", "+cyber +nato", "cyber nato"},
		{"a plus inside a phrase is kept", `"a +b"`, `"a +b"`},
		{"required phrase", `+"euro atlantic" +nato`, `"euro atlantic" nato`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := xapianText(tc.archive); got != tc.want {
				t.Errorf("xapianText(%q) = %q, want %q", tc.archive, got, tc.want)
			}
		})
	}
}
