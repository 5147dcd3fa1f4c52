package rectify_test

import (
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// TestStatusTerms reads every word of the vocabulary as notices write it,
// alone and inside a sentence, and checks its status and class.
func TestStatusTerms(t *testing.T) {
	for _, term := range rectify.StatusTerms {
		t.Run(term.Word, func(t *testing.T) {
			got, ok := rectify.LookupStatus(term.Word)
			if !ok || got.Status != term.Status || got.Class != term.Class || got.LongTerm != term.LongTerm {
				t.Errorf("LookupStatus(%q) = %+v, %v; want %+v", term.Word, got, ok, term)
			}
			if !term.Status.Valid() {
				t.Errorf("%q maps to unknown status %q", term.Word, term.Status)
			}
			if !rectify.IsStatusPhrase("目前" + term.Word + "。") {
				t.Errorf("IsStatusPhrase(目前%s。) = false", term.Word)
			}
			st, _, ok := rectify.ParseStatus(term.Word)
			if !ok || st != term.Status {
				t.Errorf("ParseStatus(%q) = %q, %v; want %q", term.Word, st, ok, term.Status)
			}
		})
	}
}

// TestStatusWordsOfNotices are the words the issue and domain.md list, as
// they stand in real notices.
func TestStatusWordsOfNotices(t *testing.T) {
	tests := []struct {
		text     string
		status   rectify.Status
		class    rectify.CountClass
		longTerm bool
	}{
		{"已完成整改", rectify.StatusCompleted, rectify.CountCompleted, false},
		{"已整改到位", rectify.StatusCompleted, rectify.CountCompleted, false},
		{"基本完成", rectify.StatusMostlyCompleted, rectify.CountMostlyCompleted, false},
		{"阶段性办结", rectify.StatusMostlyCompleted, rectify.CountMostlyCompleted, false},
		{"正在推进", rectify.StatusInProgress, rectify.CountInProgress, false},
		{"正在推进整改", rectify.StatusInProgress, rectify.CountInProgress, false},
		{"持续推进", rectify.StatusInProgress, rectify.CountInProgress, false},
		{"正在持续推进", rectify.StatusInProgress, rectify.CountInProgress, false},
		{"正在办理", rectify.StatusInProgress, rectify.CountInProgress, false},
		{"已办结", rectify.StatusCompleted, rectify.CountCompleted, false},
		{"销号", rectify.StatusCompleted, rectify.CountClosed, false},
		{"已销号", rectify.StatusCompleted, rectify.CountClosed, false},
		{"申请延期整改", rectify.StatusInProgress, rectify.CountDeferred, false},
		{"未完成但达到序时进度", rectify.StatusInProgress, rectify.CountOnSchedule, false},
		{"已经完成、长期坚持", rectify.StatusCompleted, rectify.CountCompletedLongTerm, true},
		{"已经完成，长期坚持", rectify.StatusCompleted, rectify.CountCompletedLongTerm, true},
		{"已完成，并长期坚持", rectify.StatusCompleted, rectify.CountCompletedLongTerm, true},
		{"已完成或基本完成", rectify.StatusMostlyCompleted, rectify.CountCompletedOrMostly, false},
		{"未完成", rectify.StatusNotCompleted, rectify.CountNotCompleted, false},
		{"长期整改", rectify.StatusLongTerm, rectify.CountLongTerm, false},
		{"待销号", rectify.StatusSubmitted, rectify.CountSubmitted, false},
		{"整改中", rectify.StatusInProgress, rectify.CountInProgress, false},
		{"未开始", rectify.StatusNotStarted, rectify.CountNotStarted, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := rectify.LookupStatus(tt.text)
			if !ok || got.Status != tt.status || got.Class != tt.class || got.LongTerm != tt.longTerm {
				t.Errorf("LookupStatus(%q) = %+v, %v; want %s, %s, long-term %v", tt.text, got, ok, tt.status, tt.class, tt.longTerm)
			}
		})
	}
}

func TestIsStatusPhrase(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"已完成整改。", true},
		{"该问题已整改到位。", true},
		{"目前正在推进整改", true},
		{"长期整改I类", true},
		{"已经完成、长期坚持。", true},
		{"对全县撂荒地开展排查，已完成整改", false},
		{"制定学习计划", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := rectify.IsStatusPhrase(tt.text); got != tt.want {
				t.Errorf("IsStatusPhrase(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
