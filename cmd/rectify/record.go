package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/facts"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// openStore opens the database named by --db / RECTIFY_DB / rectify.db,
// with SQLite's synchronous setting from RECTIFY_SQLITE_SYNC.
func openStore(ctx context.Context, e *env, dsn string) (*store.Store, error) {
	var opt store.Options
	switch v := strings.ToLower(strings.TrimSpace(e.getenv("RECTIFY_SQLITE_SYNC"))); v {
	case "", "normal":
	case "full":
		opt.SyncFull = true
	default:
		return nil, fmt.Errorf("%w: RECTIFY_SQLITE_SYNC 应为 normal 或 full，收到 %q", errUsage, v)
	}
	st, err := store.OpenWith(ctx, dsn, opt)
	if err != nil {
		return nil, fmt.Errorf("打开数据库 %s：%w", redactDSN(dsn), err)
	}
	return st, nil
}

// openExisting opens the database as openStore does, but refuses a SQLite
// file that does not exist: a command that reads the record (stats,
// notice, ledger export, audit, remind, recheck) must not create an
// empty database from a mistyped --db and report that it found nothing.
func openExisting(ctx context.Context, e *env, dsn string) (*store.Store, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		path := strings.TrimPrefix(strings.SplitN(dsn, "?", 2)[0], "file:")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("数据库 %s 不存在：请用 --db 或 RECTIFY_DB 指定已有的数据库（rectify serve 或 rectify import 会新建数据库）", dsn)
		}
	}
	return openStore(ctx, e, dsn)
}

// runImport stores a notice, a feedback document or a problem list and
// prints the inspection id and the counts as JSON. An inspection already in
// the record (same unit, team and feedback date) is refused unless --update.
func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("import", e)
	db := dbFlag(fs, e)
	unitID := fs.Int64("unit", 0, "导入到已有单位（单位 ID）；不给时按文件中的单位名称查找或新建")
	into := fs.Int64("into", 0, "把问题清单导入到这次已有的巡察（巡察 ID）")
	update := fs.Bool("update", false, "记录中已有同一巡察（同一单位、巡察组和反馈日期）时更新它：保留已有问题的编号、进展和历史，补充新问题和措施，记录文件中的状态变化；不给时拒绝导入")
	author := fs.String("author", "通报导入", "记录为整改状态的填报人")
	name, data, err := noticeArg(e, fs, "import", args)
	if err != nil {
		return err
	}
	preview, err := importer.ReadContext(ctx, data)
	if err != nil {
		return &exitError{2, fmt.Errorf("%s: %w", displayName(name), err)}
	}
	printWarnings(e.stderr, name, preview.Lint)
	st, err := openStore(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	flow := workflow.New(st)
	flow.Now = e.now
	// The command line acts as an administrator of every unit.
	u := &rectify.User{Login: "cli", Name: strings.TrimSpace(*author), Role: rectify.RoleAdmin}
	res, err := preview.Store(ctx, flow, u, importer.Options{UnitID: *unitID, Into: *into, Update: *update, Author: *author})
	if rectify.ErrorCode(err) == rectify.ECONFLICT && !*update {
		return fmt.Errorf("%s: 未导入：%s（要更新它，加 --update）", displayName(name), rectify.ErrorMessage(err))
	}
	if err != nil {
		return fmt.Errorf("%s: 导入失败，未保存任何数据：%s", displayName(name), describe(err))
	}
	out := struct {
		InspectionID int64              `json:"inspection_id"`
		UnitID       int64              `json:"unit_id"`
		UnitName     string             `json:"unit_name"`
		Kind         notice.Kind        `json:"kind"`
		Updated      bool               `json:"updated"`
		Changes      string             `json:"changes,omitempty"`
		Findings     int                `json:"findings"`
		Problems     int                `json:"problems"`
		Measures     int                `json:"measures"`
		Counts       rectify.Indicators `json:"counts"`
		// Reported are the counts the notice states, as written (not
		// computed from problems): all a counts-only notice gives.
		Reported []rectify.ReportedCounts `json:"reported"`
		Warnings int                      `json:"warnings"`
	}{InspectionID: res.InspectionID, UnitID: res.UnitID, UnitName: res.UnitName, Kind: res.Kind, Updated: res.Updated,
		Findings: res.Findings, Problems: res.Problems, Measures: res.Measures, Counts: res.Counts, Reported: res.Reported,
		Warnings: len(res.Warnings)}
	if res.Plan != nil {
		out.Changes = res.Plan.Summary()
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// runNotice writes the notice of an inspection from the record: as text or
// Markdown, or as the official .docx or PDF.
func runNotice(ctx context.Context, e *env, args []string) error {
	fs := newFlags("notice", e)
	db := dbFlag(fs, e)
	id := fs.Int64("inspection", 0, "巡察 ID（必填）")
	asOf := dateFlag(fs, "as-of", "统计截止日期 YYYY-MM-DD；不给时取记录中最近的状态日期")
	format := fs.String("format", "txt", "输出格式：txt、md、docx（公文格式 Word 文档）或 pdf")
	out := fs.String("o", "", "写到文件（.docx、.pdf 写到终端时必须给出）；不给时写到标准输出")
	font := fs.String("font", "", "PDF 使用的中文字体文件（.ttf、.otf 或 .ttc，TrueType 或 CFF 轮廓）；不给时用环境变量 RECTIFY_FONT，再不然在系统字体中查找（如 fonts-noto-cjk）")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify notice 不接受位置参数 %q", errUsage, pos[0])
	}
	if *id <= 0 {
		return fmt.Errorf("%w: 请用 --inspection 指定巡察 ID", errUsage)
	}
	kind := strings.ToLower(strings.TrimSpace(*format))
	var textFormat notice.Format
	switch kind {
	case "docx", "pdf":
	default:
		f, err := notice.ParseFormat(*format)
		if err != nil {
			return fmt.Errorf("%w: 不支持的通报格式“%s”，应为 txt、md、docx 或 pdf", errUsage, *format)
		}
		textFormat = f
	}
	if *font != "" && kind != "pdf" {
		return fmt.Errorf("%w: --font 只用于 --format pdf", errUsage)
	}
	binary := kind == "docx" || kind == "pdf"
	if binary && *out == "" && isTerminal(e.stdout) {
		return fmt.Errorf("%w: 不能把 .%s 文件写到终端，请用 -o 文件名 指定输出文件，或重定向到文件", errUsage, kind)
	}
	var fonts *office.FontSet
	if kind == "pdf" {
		if fonts, err = pdfFonts(e, *font); err != nil {
			return err
		}
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	in, err := st.LoadInspection(ctx, *id)
	if err != nil {
		return fmt.Errorf("巡察 %d：%s", *id, describe(err))
	}
	unit, err := st.GetUnit(ctx, in.UnitID)
	if err != nil {
		return fmt.Errorf("巡察 %d：%s", *id, describe(err))
	}
	in.FillFromUnit(unit)
	return writeOutput(e, *out, func(w io.Writer) error {
		switch kind {
		case "docx":
			return office.WriteNoticeDocx(w, in, office.NoticeOptions{AsOf: *asOf})
		case "pdf":
			return office.WriteNoticePDF(w, in, office.PDFOptions{AsOf: *asOf, Fonts: fonts})
		}
		return notice.Render(w, in, notice.RenderOptions{AsOf: *asOf, Format: textFormat})
	})
}

// pdfFonts returns the faces of a PDF: the file given, else the file
// RECTIFY_FONT names, else the system's.
func pdfFonts(e *env, file string) (*office.FontSet, error) {
	if file == "" {
		file = e.getenv("RECTIFY_FONT")
	}
	if file != "" {
		f, err := office.LoadFont(file)
		if err != nil {
			return nil, &exitError{2, errors.New(describe(err))}
		}
		return office.OneFont(f), nil
	}
	fonts, err := office.SystemFonts(e.getenv)
	if err != nil {
		return nil, errors.New(describe(err))
	}
	return fonts, nil
}

// runStats prints the indicators per inspection and in total.
func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags("stats", e)
	db := dbFlag(fs, e)
	asOfFlag := dateFlag(fs, "as-of", "统计截止日期 YYYY-MM-DD；默认今天")
	asJSON := fs.Bool("json", false, "输出 JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify stats 不接受位置参数 %q", errUsage, pos[0])
	}
	asOf := *asOfFlag
	if asOf.IsZero() {
		asOf = rectify.DateOf(e.now())
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	// The same read model of the figures as the overview and the API.
	view, err := facts.New(st).Current(ctx)
	if err != nil {
		return fmt.Errorf("统计：%w", err)
	}
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		return fmt.Errorf("统计：%w", err)
	}
	fig, err := view.Figures(ctx, units, "", asOf, rectify.DefaultWarnDays)
	if err != nil {
		return fmt.Errorf("统计：%w", err)
	}
	per, total := fig.PerInspection, fig.Total
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil {
		return fmt.Errorf("统计：%w", err)
	}
	if *asJSON {
		type row struct {
			InspectionID int64  `json:"inspection_id"`
			Unit         string `json:"unit"`
			Team         string `json:"team"`
			rectify.Indicators
		}
		out := struct {
			AsOf        rectify.Date       `json:"as_of"`
			Inspections []row              `json:"inspections"`
			Total       rectify.Indicators `json:"total"`
		}{AsOf: asOf, Inspections: []row{}, Total: total}
		for _, in := range ins {
			out.Inspections = append(out.Inspections, row{in.ID, inspectionUnit(in), in.Team, per[in.ID]})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(e.stdout, "截至 %s\n", asOf.Chinese())
	var tb table
	tb.add("巡察", "单位", "问题", "完成", "长期", "其他", "逾期", "完成率", "按期率")
	line := func(id, unit string, x rectify.Indicators) {
		tb.add(id, unit, strconv.Itoa(x.Total), strconv.Itoa(x.Completed), strconv.Itoa(x.LongTerm),
			strconv.Itoa(x.Total-x.Completed-x.LongTerm), strconv.Itoa(x.Overdue),
			percent(x.CompletionRate, x.Total), percent(x.OnTimeRate, x.DuePassed))
	}
	for _, in := range ins {
		line(strconv.FormatInt(in.ID, 10), inspectionUnit(in), per[in.ID])
	}
	line("合计", "", total)
	return tb.write(e.stdout)
}

func inspectionUnit(in *rectify.Inspection) string {
	if in.UnitName != "" {
		return in.UnitName
	}
	return in.Issuer
}

// percent writes a rate as 72.0%, or "—" when there was nothing to divide by.
func percent(rate float64, of int) string {
	if of == 0 {
		return "—"
	}
	return strconv.FormatFloat(rate*100, 'f', 1, 64) + "%"
}

// describe returns the user-facing text of err: the domain message with its
// field problems, or the error itself.
func describe(err error) string {
	if rectify.ErrorCode(err) == rectify.EINTERNAL {
		return err.Error()
	}
	msg := rectify.ErrorMessage(err)
	for _, k := range sortedKeys(rectify.ErrorFields(err)) {
		msg += "；" + k + "：" + rectify.ErrorFields(err)[k]
	}
	return msg
}
