package store

// SetMaxReadScope sets the inspections of a scope whose problems a light's
// list by deadline reads all of, and returns what puts it back.
func SetMaxReadScope(n int) (restore func()) {
	old := maxReadScope
	maxReadScope = n
	return func() { maxReadScope = old }
}

// SetCommonSearch sets how many problems a full-text expression must match
// for its words to be matched with LIKE, and returns what puts it back.
func SetCommonSearch(n int) (restore func()) {
	old := commonSearch
	commonSearch = n
	return func() { commonSearch = old }
}
