package lru

import "testing"

func TestLRU(t *testing.T) {
	t.Parallel()
	c := New(12, func(key, v string) int { return len(key) + len(v) })
	c.Put("a", "aaaa")
	c.Put("b", "bbbb")
	c.Get("a") // a is now the most recently used
	c.Put("c", "cccc")
	c.Put("big", "longer than 12")
	for _, tt := range []struct {
		key  string
		want bool
	}{{"a", true}, {"b", false}, {"c", true}, {"big", false}} {
		if _, ok := c.Get(tt.key); ok != tt.want {
			t.Errorf("get(%q) found = %v, want %v", tt.key, ok, tt.want)
		}
	}
	if c.total != 10 {
		t.Errorf("total cost = %d, want 10", c.total)
	}
}
