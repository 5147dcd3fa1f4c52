package rectify_test

import (
	"errors"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		status rectify.Status
		class  string
		ok     bool
	}{
		{"plain completed", "完成", rectify.StatusCompleted, "", true},
		{"completed rectification", "已完成整改", rectify.StatusCompleted, "", true},
		{"completed with stop", "已完成。", rectify.StatusCompleted, "", true},
		{"mostly completed", "基本完成", rectify.StatusMostlyCompleted, "", true},
		{"mostly completed rectification", "基本完成整改", rectify.StatusMostlyCompleted, "", true},
		{"not completed beats completed", "未完成", rectify.StatusNotCompleted, "", true},
		{"not completed rectification", "未完成整改", rectify.StatusNotCompleted, "", true},
		{"continuing", "持续整改", rectify.StatusInProgress, "", true},
		{"under way", "正在整改", rectify.StatusInProgress, "", true},
		{"in progress", "整改中", rectify.StatusInProgress, "", true},
		{"not started", "未开始", rectify.StatusNotStarted, "", true},
		{"long term without class", "长期整改", rectify.StatusLongTerm, "", true},
		{"long term latin I", "长期整改I", rectify.StatusLongTerm, "I", true},
		{"long term I class in brackets", "长期整改（I类）", rectify.StatusLongTerm, "I", true},
		{"long term ascii brackets", "长期整改(I类)", rectify.StatusLongTerm, "I", true},
		{"long term roman two", "长期整改Ⅱ类", rectify.StatusLongTerm, "II", true},
		{"long term II", "长期整改II类", rectify.StatusLongTerm, "II", true},
		{"long term chinese one", "长期整改一类", rectify.StatusLongTerm, "I", true},
		{"long term three", "长期整改III", rectify.StatusLongTerm, "III", true},
		{"code value", "long_term", rectify.StatusLongTerm, "", true},
		{"empty", "", "", "", false},
		{"unknown", "已上报", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c, ok := rectify.ParseStatus(tt.text)
			if s != tt.status || c != tt.class || ok != tt.ok {
				t.Errorf("ParseStatus(%q) = %q, %q, %v; want %q, %q, %v", tt.text, s, c, ok, tt.status, tt.class, tt.ok)
			}
		})
	}
}

func TestLabelWithClass(t *testing.T) {
	if got := rectify.StatusLongTerm.LabelWithClass("I"); got != "长期整改I类" {
		t.Errorf("long term I = %q", got)
	}
	if got := rectify.StatusCompleted.LabelWithClass("I"); got != "完成" {
		t.Errorf("completed = %q", got)
	}
}

func TestCanTransition(t *testing.T) {
	tests := []struct {
		name    string
		from    rectify.Status
		to      rectify.Status
		by      rectify.Actor
		allowed bool
		why     string // part of the refusal message
	}{
		{"unit starts work", rectify.StatusNotStarted, rectify.StatusInProgress, rectify.ActorUnit, true, ""},
		{"empty status is not started", "", rectify.StatusInProgress, rectify.ActorUnit, true, ""},
		{"unit submits", rectify.StatusInProgress, rectify.StatusSubmitted, rectify.ActorUnit, true, ""},
		{"unit marks long term", rectify.StatusInProgress, rectify.StatusLongTerm, rectify.ActorUnit, true, ""},
		{"reviewer approves", rectify.StatusSubmitted, rectify.StatusCompleted, rectify.ActorReviewer, true, ""},
		{"reviewer rejects", rectify.StatusSubmitted, rectify.StatusInProgress, rectify.ActorReviewer, true, ""},
		{"reviewer reopens a rebound", rectify.StatusCompleted, rectify.StatusInProgress, rectify.ActorReviewer, true, ""},
		{"long term item submitted", rectify.StatusLongTerm, rectify.StatusSubmitted, rectify.ActorUnit, true, ""},
		{"import records anything", rectify.StatusNotStarted, rectify.StatusCompleted, rectify.ActorSystem, true, ""},
		{"unit cannot complete", rectify.StatusInProgress, rectify.StatusCompleted, rectify.ActorUnit, false, "须先提交销号"},
		{"unit cannot approve its own submission", rectify.StatusSubmitted, rectify.StatusCompleted, rectify.ActorUnit, false, "只有审核人员才能销号"},
		{"unit cannot reopen", rectify.StatusCompleted, rectify.StatusInProgress, rectify.ActorUnit, false, "回头看"},
		{"reviewer cannot skip submission", rectify.StatusInProgress, rectify.StatusCompleted, rectify.ActorReviewer, false, "须先提交销号"},
		{"no way back to not started", rectify.StatusInProgress, rectify.StatusNotStarted, rectify.ActorUnit, false, "未开始"},
		{"submitted waits for review", rectify.StatusSubmitted, rectify.StatusNotCompleted, rectify.ActorUnit, false, "等待审核"},
		{"same status", rectify.StatusInProgress, rectify.StatusInProgress, rectify.ActorUnit, false, "无需变更"},
		{"unknown target", rectify.StatusInProgress, "finished", rectify.ActorUnit, false, "未知的整改状态"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := rectify.CanTransition(tt.from, tt.to, tt.by)
			if tt.allowed {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("allowed, want refused")
			}
			if !strings.Contains(rectify.ErrorMessage(err), tt.why) {
				t.Errorf("message %q does not say %q", rectify.ErrorMessage(err), tt.why)
			}
		})
	}
}

func TestNextStatuses(t *testing.T) {
	got := rectify.NextStatuses(rectify.StatusSubmitted, rectify.ActorReviewer)
	want := []rectify.Status{rectify.StatusCompleted, rectify.StatusLongTerm, rectify.StatusInProgress}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if n := rectify.NextStatuses(rectify.StatusCompleted, rectify.ActorUnit); len(n) != 0 {
		t.Errorf("a unit can move a completed problem to %v", n)
	}
	// Every status the unit can reach is allowed by CanTransition, and no other.
	for _, from := range rectify.Statuses {
		for _, by := range []rectify.Actor{rectify.ActorUnit, rectify.ActorReviewer} {
			next := map[rectify.Status]bool{}
			for _, s := range rectify.NextStatuses(from, by) {
				next[s] = true
			}
			for _, to := range rectify.Statuses {
				if allowed := rectify.CanTransition(from, to, by) == nil; allowed != next[to] {
					t.Errorf("%s→%s by %s: CanTransition allows=%v, NextStatuses lists=%v", from, to, by, allowed, next[to])
				}
			}
		}
	}
}

func TestStatusAsOf(t *testing.T) {
	d := rectify.MustDate
	history := []rectify.StatusChange{
		{Status: rectify.StatusInProgress, Date: d("2024-01-10")},
		{Status: rectify.StatusSubmitted, Date: d("2024-02-01")},
		{Status: rectify.StatusCompleted, Date: d("2024-02-01")},
		{Status: rectify.StatusInProgress, Date: d("2024-06-30"), Reason: "回头看发现反弹"},
	}
	tests := []struct {
		name string
		asOf string
		want rectify.Status
		ok   bool
	}{
		{"before anything", "2024-01-09", "", false},
		{"first day", "2024-01-10", rectify.StatusInProgress, true},
		{"same day entries apply in order", "2024-02-01", rectify.StatusCompleted, true},
		{"between", "2024-03-15", rectify.StatusCompleted, true},
		{"reopened", "2024-07-01", rectify.StatusInProgress, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := rectify.StatusAsOf(history, d(tt.asOf))
			if ok != tt.ok || h.Status != tt.want {
				t.Errorf("got %q, %v; want %q, %v", h.Status, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	nf := rectify.Errorf(rectify.ENOTFOUND, "问题不存在")
	if !errors.Is(nf, rectify.ErrNotFound) {
		t.Error("a not-found error does not match ErrNotFound")
	}
	if errors.Is(rectify.ErrStale, rectify.ErrNotFound) {
		t.Error("a stale error matches ErrNotFound")
	}
	wrapped := errors.Join(errors.New("context"), rectify.ErrStale)
	if rectify.ErrorCode(wrapped) != rectify.ECONFLICT {
		t.Errorf("code of wrapped stale error = %q", rectify.ErrorCode(wrapped))
	}
	if rectify.ErrorCode(errors.New("disk on fire")) != rectify.EINTERNAL {
		t.Error("a plain error is not internal")
	}
	if msg := rectify.ErrorMessage(errors.New("disk on fire")); strings.Contains(msg, "disk") {
		t.Errorf("internal detail shown to the user: %q", msg)
	}
	var v rectify.Invalid
	if v.Err() != nil {
		t.Error("empty Invalid gives an error")
	}
	v.Add("title", "请填写问题标题")
	v.Add("title", "second message is dropped")
	err := v.Err()
	if rectify.ErrorCode(err) != rectify.EINVALID || rectify.ErrorFields(err)["title"] != "请填写问题标题" {
		t.Errorf("Invalid.Err() = %v", err)
	}
}
