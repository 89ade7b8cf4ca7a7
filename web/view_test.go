package web

import (
	"reflect"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	tests := []struct {
		name           string
		current, total int
		want           []int
	}{
		{"one page", 1, 1, nil},
		{"few pages", 2, 4, []int{1, 2, 3, 4}},
		{"gap after", 1, 10, []int{1, 2, 3, 0, 10}},
		{"gaps both sides", 6, 12, []int{1, 0, 4, 5, 6, 7, 8, 0, 12}},
		{"gap before", 12, 12, []int{1, 0, 10, 11, 12}},
	}
	for _, tt := range tests {
		if got := Pages(tt.current, tt.total); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Pages(%d, %d) = %v, want %v", tt.name, tt.current, tt.total, got, tt.want)
		}
	}
}

func TestStaticPaths(t *testing.T) {
	for _, name := range []string{"style.css", "copy.js"} {
		p := StaticPath(name)
		body, ctype, ok := Asset(strings.TrimPrefix(p, StaticPrefix))
		if !ok || len(body) == 0 || ctype == "" {
			t.Errorf("%s served at %s: ok=%v type=%q", name, p, ok, ctype)
		}
	}
	if _, _, ok := Asset("style.css"); ok {
		t.Errorf("an unhashed name is served; it could be cached stale")
	}
}
