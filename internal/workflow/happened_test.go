package workflow_test

import (
	"context"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// A status change, a measure's completion and a progress report carry the
// day they happened (发生日期): today by default, an earlier day when the
// unit catches up, never a day to come nor one before the inspection's
// feedback; the look-back is due from the day of the sign-off, a rebound is
// dated when it was found, and the indicators count each change on its
// day. Today is 2024-03-01; the feedback was on 2023-07-10; a problem's
// status, when it has one, is in force since 2024-02-01.
func TestHappenedOn(t *testing.T) {
	type result struct {
		status     rectify.Status
		statusDate rectify.Date
		recheck    *rectify.Recheck // the look-back scheduled or recorded
		measure    rectify.Date     // the first measure's done date
		progress   rectify.Date     // the date of the report filed
	}
	tests := []struct {
		name string
		spec problemSpec
		by   func(w *world) *rectify.User
		do   func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error)
		code string
		msg  string
		want result
	}{
		{"a status today when no day is given", problemSpec{open: 2}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusInProgress})
			}, "", "", result{status: rectify.StatusInProgress, statusDate: d("2024-03-01")}},
		{"a status on a past day", problemSpec{open: 2}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusInProgress, On: d("2023-08-15")})
			}, "", "", result{status: rectify.StatusInProgress, statusDate: d("2023-08-15")}},
		{"a status tomorrow", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusNotCompleted, On: d("2024-03-02")})
			}, rectify.EINVALID, "发生日期（2024年3月2日）不能晚于今天", result{}},
		{"a status before the feedback", problemSpec{open: 2}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusInProgress, On: d("2023-07-09")})
			}, rectify.EINVALID, "发生日期（2023年7月9日）不能早于巡察反馈日期（2023年7月10日）", result{}},
		{"a status before the one in force", problemSpec{status: rectify.StatusInProgress}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusNotCompleted, On: d("2024-01-31")})
			}, rectify.EINVALID, "发生日期（2024年1月31日）不能早于该问题当前状态“整改中”的日期（2024年2月1日）", result{}},
		{"a sign-off on a past day schedules the look-back from it", problemSpec{status: rectify.StatusSubmitted, evidence: true},
			func(w *world) *rectify.User { return w.reviewer },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusCompleted, On: d("2024-02-10")})
			}, "", "", result{status: rectify.StatusCompleted, statusDate: d("2024-02-10"),
				recheck: &rectify.Recheck{Due: d("2024-08-10")}}},
		{"a sign-off dated before the submission", problemSpec{status: rectify.StatusSubmitted, evidence: true},
			func(w *world) *rectify.User { return w.reviewer },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusCompleted, On: d("2024-01-22")})
			}, rectify.EINVALID, "不能早于该问题当前状态“待销号”的日期（2024年2月1日）", result{}},
		{"a rebound found on a past day", problemSpec{status: rectify.StatusCompleted, evidence: true},
			func(w *world) *rectify.User { return w.reviewer },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return w.svc.ChangeStatus(ctx, p.ID, workflow.StatusInput{To: rectify.StatusInProgress, Reason: "采砂船复现", On: d("2024-02-20")})
			}, "", "", result{status: rectify.StatusInProgress, statusDate: d("2024-02-20"),
				recheck: &rectify.Recheck{Due: d("2024-02-20"), Done: d("2024-02-20"), Result: rectify.RecheckFailed}}},
		{"a measure done on a past day starts the problem then", problemSpec{open: 2}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return nil, w.svc.MarkMeasureDone(ctx, p.Measures[0].ID, d("2023-09-30"))
			}, "", "", result{status: rectify.StatusInProgress, statusDate: d("2023-09-30"), measure: d("2023-09-30")}},
		{"a measure done before the feedback", problemSpec{open: 2}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				return nil, w.svc.MarkMeasureDone(ctx, p.Measures[0].ID, d("2023-06-30"))
			}, rectify.EINVALID, "完成日期（2023年6月30日）不能早于巡察反馈日期（2023年7月10日）", result{}},
		{"a report of past work", problemSpec{open: 2}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				_, err := w.svc.AddProgress(ctx, workflow.ProgressInput{ProblemID: p.ID, MeasureID: p.Measures[0].ID, MeasureDone: true,
					Date: d("2023-11-03"), Text: "清理采砂点3处。"})
				return nil, err
			}, "", "", result{status: rectify.StatusInProgress, statusDate: d("2023-11-03"), measure: d("2023-11-03"), progress: d("2023-11-03")}},
		{"a report before the feedback", problemSpec{open: 2}, func(w *world) *rectify.User { return w.waterEditor },
			func(w *world, ctx context.Context, p *rectify.Problem) (*rectify.Recheck, error) {
				_, err := w.svc.AddProgress(ctx, workflow.ProgressInput{ProblemID: p.ID, Date: d("2023-01-03"), Text: "清理采砂点3处。"})
				return nil, err
			}, rectify.EINVALID, "发生日期（2023年1月3日）不能早于巡察反馈日期（2023年7月10日）", result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			p := w.problem(tt.spec)
			rc, err := tt.do(w, as(tt.by(w)), p)
			wantErr(t, err, tt.code, tt.msg)
			got, gerr := w.s.GetProblem(context.Background(), p.ID)
			ok(t, gerr)
			if tt.code != "" {
				if got.Version != p.Version {
					t.Errorf("refused, yet the problem moved from version %d to %d", p.Version, got.Version)
				}
				return
			}
			if got.Status != tt.want.status || got.StatusDate != tt.want.statusDate {
				t.Errorf("status %s on %s, want %s on %s", got.Status, got.StatusDate, tt.want.status, tt.want.statusDate)
			}
			switch {
			case tt.want.recheck == nil && rc != nil:
				t.Errorf("look-back %+v, want none", rc)
			case tt.want.recheck != nil && (rc == nil || rc.Due != tt.want.recheck.Due || rc.Done != tt.want.recheck.Done || rc.Result != tt.want.recheck.Result):
				t.Errorf("look-back %+v, want %+v", rc, tt.want.recheck)
			}
			if !tt.want.measure.IsZero() && got.Measures[0].Done != tt.want.measure {
				t.Errorf("measure done %s, want %s", got.Measures[0].Done, tt.want.measure)
			}
			if !tt.want.progress.IsZero() {
				reports, err := w.s.ListProgress(context.Background(), p.ID)
				ok(t, err)
				if n := len(reports); n == 0 || reports[n-1].Date != tt.want.progress || reports[n-1].Created.IsZero() {
					t.Errorf("reports %+v, want the last dated %s with its recording time", reports, tt.want.progress)
				}
			}
			// The indicators count the change on the day it happened, not
			// on the day it was recorded.
			if !tt.want.statusDate.Before(w.today()) {
				return
			}
			before, on := w.indicators(tt.want.statusDate.AddDays(-1)), w.indicators(tt.want.statusDate)
			if tt.want.status == rectify.StatusCompleted && (before.Completed != 0 || on.Completed != 1) {
				t.Errorf("completed %d the day before and %d on the day, want 0 and 1", before.Completed, on.Completed)
			}
			if tt.want.status == rectify.StatusInProgress && on.ByStatus(rectify.StatusInProgress) != 1 {
				t.Errorf("in progress on the day: %d, want 1", on.ByStatus(rectify.StatusInProgress))
			}
		})
	}
}
