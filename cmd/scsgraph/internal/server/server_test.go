package server

import (
	"testing"
	"unicode/utf8"
)

func TestTruncateString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short enough", "社会信用", 12, "社会信用"},
		{"on a boundary", "社会信用体系", 6, "社会..."},
		{"inside a rune", "社会信用体系", 7, "社会..."},
		{"inside the first rune", "社会信用体系", 2, "..."},
		{"mixed", "/id/concept/社会信用", 13, "/id/concept/..."},
		{"ascii", "/export/graphml", 7, "/export..."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := TruncateString(tc.in, tc.n)
			if got != tc.want || !utf8.ValidString(got) {
				t.Errorf("TruncateString(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
		})
	}
}
