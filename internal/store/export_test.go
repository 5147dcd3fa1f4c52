package store

// SetMaxReadScope sets the inspections of a scope whose problems a light's
// list by deadline reads all of, and returns what puts it back.
func SetMaxReadScope(n int) (restore func()) {
	old := maxReadScope
	maxReadScope = n
	return func() { maxReadScope = old }
}
