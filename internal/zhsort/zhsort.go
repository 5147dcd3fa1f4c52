// Package zhsort orders Chinese names as people look them up: by pinyin
// (the collation of language zh), for the lists of names and units in
// filters, pickers and selects. One helper, so that every list agrees.
package zhsort

import (
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// newCollator returns a collator for Chinese by pinyin; a collator is not
// safe for concurrent use, so each call makes its own.
func newCollator() *collate.Collator {
	return collate.New(language.Chinese)
}

// Compare orders a and b by pinyin: negative when a comes first, 0 when
// they collate alike, positive otherwise.
func Compare(a, b string) int {
	return newCollator().CompareString(a, b)
}

// Strings sorts s in place by pinyin; equal keys keep their order.
func Strings(s []string) {
	SortFunc(s, func(v string) string { return v })
}

// SortFunc sorts s in place by pinyin of key(v), stably, computing each
// element's sort key once.
func SortFunc[T any](s []T, key func(T) string) {
	if len(s) < 2 {
		return
	}
	c := newCollator()
	var buf collate.Buffer
	type keyed struct {
		k []byte
		v T
	}
	ks := make([]keyed, len(s))
	for i, v := range s {
		ks[i] = keyed{append([]byte(nil), c.KeyFromString(&buf, key(v))...), v}
		buf.Reset()
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return compareBytes(a.k, b.k) })
	for i := range ks {
		s[i] = ks[i].v
	}
}

func compareBytes(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return len(a) - len(b)
}
