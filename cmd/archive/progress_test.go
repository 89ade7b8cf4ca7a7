package main

import "testing"

// TestBytesOf: the merge's progress reads in megabytes for an index of a
// megabyte or more, in kilobytes under it (a small index is not "0/0 MB"),
// a started kilobyte counted whole.
func TestBytesOf(t *testing.T) {
	for _, tt := range []struct {
		done, total int64
		want        string
	}{
		{0, 0, "0/0 KB"},
		{0, 36 << 10, "0/36 KB"},
		{1, 36<<10 - 1, "1/36 KB"},
		{36 << 10, 36 << 10, "36/36 KB"},
		{512 << 20, 1480 << 20, "512/1480 MB"},
		{1<<20 - 1, 1 << 20, "0/1 MB"},
		{3 << 40, 3 << 40, "3145728/3145728 MB"},
	} {
		if got := bytesOf(tt.done, tt.total); got != tt.want {
			t.Errorf("bytesOf(%d, %d) = %q, want %q", tt.done, tt.total, got, tt.want)
		}
	}
}
