package graph

import "testing"

func TestSplitPagination(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][3]string{
		"37(4): 591–611": {"37", "4", "591–611"},
		"37: 591–611":    {"37", "", "591–611"},
		"37(4)":          {"37", "4", ""},
		"(4)":            {"", "4", ""},
		"12":             {"12", "", ""},
		"591–611":        {"", "", "591–611"},
		"e1234":          {"e1234", "", ""},
		"":               {"", "", ""},
	} {
		v, i, p := SplitPagination(in)
		if got := [3]string{v, i, p}; got != want {
			t.Errorf("SplitPagination(%q) = %q, want %q", in, got, want)
		}
	}
}
