package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestOverviewCompletionRateMoves checks what a user sees: approving a
// problem moves the overview's completion rate, at once.
func TestOverviewCompletionRateMoves(t *testing.T) {
	hs := newHarness(t)
	fx := newWSFixture(t, hs)
	rate := func() string {
		w := hs.get("banshi", "/overview")
		body := w.Body.String()
		i := strings.Index(body, `data-testid="overview-completion-rate"`)
		if w.Code != 200 || i < 0 {
			t.Fatalf("%d %s", w.Code, text(body))
		}
		return text(body[i : i+120])
	}
	before := rate()
	w := hs.do("pingshen", "POST", "/problems/"+id(fx.submitted.ID)+"/review", url.Values{"to": {"completed"}})
	if w.Code != 303 {
		t.Fatalf("approve: %d %s", w.Code, text(w.Body.String()))
	}
	after := rate()
	if !strings.Contains(before, "16.7%") || !strings.Contains(after, "33.3%") {
		t.Errorf("completion rate %q before, %q after approving, want 16.7%% (1 of 6) then 33.3%%", before, after)
	}
}
