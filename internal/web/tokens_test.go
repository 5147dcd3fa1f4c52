package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestTokensEndWithPassword: an admin sees and revokes the API tokens of
// an account in scope, and a changed or reset password revokes them all,
// as the pages say.
func TestTokensEndWithPassword(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	tokens := func(login string) []string {
		t.Helper()
		list, err := hs.st.ListTokens(ctx, hs.users[login].ID)
		must(t, err)
		var names []string
		for _, tok := range list {
			names = append(names, tok.Name)
		}
		return names
	}
	newToken := func(login, name string) {
		t.Helper()
		if w := hs.do(login, "POST", "/account/tokens", url.Values{"name": {name}, "days": {"0"}}); w.Code != 201 {
			t.Fatalf("token %s: %d %s", name, w.Code, text(w.Body.String()))
		}
	}
	newToken("tianbao", "台账同步脚本")
	newToken("tianbao", "统计脚本")

	page := text(hs.do("banshi", "GET", "/admin/users/"+hs.id("tianbao"), nil).Body.String())
	for _, want := range []string{"API 令牌", "台账同步脚本", "统计脚本", "其 API 令牌全部撤销"} {
		if !strings.Contains(page, want) {
			t.Errorf("the account's page does not show %q: %s", want, page)
		}
	}
	list, err := hs.st.ListTokens(ctx, hs.users["tianbao"].ID)
	must(t, err)
	revoke := fmt.Sprintf("/admin/users/%s/tokens/%d/revoke", hs.id("tianbao"), list[0].ID)
	if w := hs.do("banshi", "POST", revoke, nil); w.Code != 303 || w.Header().Get("Location") != "/admin/users/"+hs.id("tianbao") {
		t.Fatalf("revoke: %d %s", w.Code, text(w.Body.String()))
	}
	if got := tokens("tianbao"); len(got) != 1 {
		t.Errorf("after revoking one of two: %v", got)
	}
	if w := hs.do("banshi", "POST", revoke, nil); w.Code != 404 {
		t.Errorf("revoking it again: %d", w.Code)
	}
	// Another account's token is not reachable through this account.
	newToken("chakan", "查看脚本")
	other, err := hs.st.ListTokens(ctx, hs.users["chakan"].ID)
	must(t, err)
	if w := hs.do("banshi", "POST", fmt.Sprintf("/admin/users/%s/tokens/%d/revoke", hs.id("tianbao"), other[0].ID), nil); w.Code != 404 {
		t.Errorf("another account's token through this one: %d", w.Code)
	}

	// An admin's reset revokes every token of the account.
	if w := hs.do("banshi", "POST", "/admin/users/"+hs.id("tianbao")+"/password", nil); w.Code != 200 {
		t.Fatalf("reset: %d", w.Code)
	}
	if got := tokens("tianbao"); len(got) != 0 {
		t.Errorf("tokens after a reset: %v", got)
	}
	if got := tokens("chakan"); len(got) != 1 {
		t.Errorf("another account's tokens after the reset: %v", got)
	}

	// So does a change of one's own password, said on the form.
	if page := text(hs.do("chakan", "GET", "/account", nil).Body.String()); !strings.Contains(page, "API 令牌全部撤销") {
		t.Errorf("the password form does not say the tokens go: %s", page)
	}
	w := hs.do("chakan", "POST", "/account/password", url.Values{"old_password": {hs.password},
		"new_password": {"a-new-password-1"}, "confirm_password": {"a-new-password-1"}})
	if w.Code != 303 {
		t.Fatalf("password change: %d %s", w.Code, text(w.Body.String()))
	}
	if got := tokens("chakan"); len(got) != 0 {
		t.Errorf("tokens after a password change: %v", got)
	}
}
