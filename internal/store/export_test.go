package store

// SetMaxReadScope sets the inspections of a scope whose problems a light's
// list by deadline reads all of, and returns what puts it back.
func SetMaxReadScope(n int) (restore func()) {
	old := maxReadScope
	maxReadScope = n
	return func() { maxReadScope = old }
}

// SetCommonSearch sets how many problems, and what percent of them, must
// hold a word for it to be matched with LIKE, and returns what puts them
// back.
func SetCommonSearch(n, share int) (restore func()) {
	oldN, oldShare := commonSearch, commonShare
	commonSearch, commonShare = n, share
	return func() { commonSearch, commonShare = oldN, oldShare }
}
