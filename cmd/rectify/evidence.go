package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/rectify-dev/rectify/internal/objstore"
	"github.com/rectify-dev/rectify/internal/store"
)

// evidenceFlag adds --evidence, the object store of evidence files, which
// falls back on RECTIFY_EVIDENCE.
func evidenceFlag(fs *flag.FlagSet, e *env) func() string {
	v := fs.String("evidence", "", "证明材料的对象存储（S3 兼容），如 s3://存储桶/前缀?endpoint=主机:端口&secure=false，"+
		"密钥取自环境变量 RECTIFY_S3_ACCESS_KEY 和 RECTIFY_S3_SECRET_KEY（或 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY）；"+
		"不给时用环境变量 RECTIFY_EVIDENCE，再不然证明材料存放在数据库中")
	return func() string {
		if *v != "" {
			return *v
		}
		return e.getenv("RECTIFY_EVIDENCE")
	}
}

// openObjects connects to the object store at raw and checks its bucket.
func openObjects(ctx context.Context, e *env, raw string) (*objstore.Store, error) {
	cfg, err := objstore.ParseURL(raw, e.getenv)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", errUsage, describe(err))
	}
	o, err := objstore.Open(ctx, cfg)
	if err != nil {
		return nil, errors.New(describe(err))
	}
	return o, nil
}

// runEvidence moves the content of evidence files between the database
// and an object store.
func runEvidence(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "gc" {
		return runEvidenceGC(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "move" {
		return fmt.Errorf("%w: rectify evidence 的子命令：move、gc", errUsage)
	}
	fs := newFlags("evidence move", e)
	db := dbFlag(fs, e)
	to := fs.String("to", "", "迁移到哪里：对象存储的地址 s3://存储桶/前缀?endpoint=主机:端口，或 db（迁回数据库）")
	from := fs.String("from", "", "迁回数据库（--to db）时，证明材料现在所在的对象存储；不给时用环境变量 RECTIFY_EVIDENCE")
	asJSON := fs.Bool("json", false, "结果输出为 JSON")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify evidence move 不接受参数 %v", errUsage, pos)
	}
	toObjects := true
	where := strings.TrimSpace(*to)
	switch {
	case where == "":
		return fmt.Errorf("%w: rectify evidence move 需要 --to s3://… 或 --to db", errUsage)
	case where == "db":
		toObjects = false
		where = strings.TrimSpace(*from)
		if where == "" {
			where = e.getenv("RECTIFY_EVIDENCE")
		}
		if where == "" {
			return fmt.Errorf("%w: 迁回数据库时请用 --from s3://… 指定证明材料现在所在的对象存储", errUsage)
		}
	case *from != "":
		return fmt.Errorf("%w: --from 只用于 --to db", errUsage)
	}
	objects, err := openObjects(ctx, e, where)
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()

	// Progress to stderr every two seconds; the result to stdout.
	last := e.now()
	progress := func(m store.EvidenceMove) {
		if now := e.now(); now.Sub(last) >= 2*time.Second {
			last = now
			fmt.Fprintf(e.stderr, "证明材料迁移到%s：%d/%d 份内容，%s/%s\n", m.To, m.Moved, m.Total, size(m.MovedSize), size(m.Bytes))
		}
	}
	m, err := st.MoveEvidence(ctx, objects, toObjects, progress)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if m.Missing == nil {
			m.Missing = []string{}
		}
		if m.Damaged == nil {
			m.Damaged = []string{}
		}
		if err := enc.Encode(m); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "已迁移到%s：%d/%d 份内容（%s/%s；相同内容的文件只存一份）\n", m.To, m.Moved, m.Total, size(m.MovedSize), size(m.Bytes))
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("迁移已中断，已迁移的内容不受影响：再次运行同一命令即可继续")
		}
		return fmt.Errorf("迁移中止（已迁移的内容不受影响，再次运行同一命令即可继续）：%w", err)
	}
	for _, sum := range m.Missing {
		fmt.Fprintf(e.stderr, "缺失：内容 %s 不在原处，未迁移（有关的证明材料无法下载）\n", sum)
	}
	for _, sum := range m.Damaged {
		fmt.Fprintf(e.stderr, "损坏：内容 %s 与其 SHA-256 不符，未迁移，仍在原处\n", sum)
	}
	if len(m.Missing)+len(m.Damaged) > 0 {
		return fmt.Errorf("%d 份内容缺失、%d 份损坏，其余已迁移", len(m.Missing), len(m.Damaged))
	}
	return nil
}

// runEvidenceGC removes from the object store the contents that no
// evidence file needs any more (their reports deleted, or moved back to
// the database), older than --older-than so that an upload under way is
// never taken.
func runEvidenceGC(ctx context.Context, e *env, args []string) error {
	fs := newFlags("evidence gc", e)
	db := dbFlag(fs, e)
	evidence := evidenceFlag(fs, e)
	olderThan := fs.Duration("older-than", 24*time.Hour, "只清理早于这个时长写入的对象（正在上传的文件不受影响），至少 1h")
	dryRun := fs.Bool("dry-run", false, "只列出将清理的对象，不删除")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: rectify evidence gc 不接受参数 %v", errUsage, pos)
	}
	if *olderThan < time.Hour {
		return fmt.Errorf("%w: --older-than 至少 1h", errUsage)
	}
	where := evidence()
	if where == "" {
		return fmt.Errorf("%w: 请用 --evidence s3://… 指定对象存储", errUsage)
	}
	objects, err := openObjects(ctx, e, where)
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, e, db())
	if err != nil {
		return err
	}
	defer st.Close()
	cutoff := e.now().Add(-*olderThan)
	type object struct {
		sum  string
		size int64
	}
	var unused []object
	var kept int
	err = objects.List(ctx, func(sum string, size int64, modified time.Time) error {
		if modified.After(cutoff) {
			kept++
			return nil
		}
		needed, err := st.EvidenceNeeded(ctx, sum)
		if err != nil {
			return err
		}
		if needed {
			kept++
		} else {
			unused = append(unused, object{sum, size})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("清理对象存储：%w", err)
	}
	var removed int
	var bytes int64
	for _, o := range unused {
		if *dryRun {
			fmt.Fprintf(e.stdout, "将清理 %s（%s）\n", o.sum, size(o.size))
			continue
		}
		// Asked again just before: a file may have come to need it.
		needed, err := st.EvidenceNeeded(ctx, o.sum)
		if err != nil {
			return fmt.Errorf("清理对象存储：%w", err)
		}
		if needed {
			kept++
			continue
		}
		if err := objects.Delete(ctx, o.sum); err != nil {
			return fmt.Errorf("清理对象存储（已清理 %d 个）：%w", removed, err)
		}
		removed++
		bytes += o.size
	}
	if *dryRun {
		fmt.Fprintf(e.stdout, "共 %d 个对象无证明材料使用，未删除（--dry-run）；保留 %d 个\n", len(unused), kept)
		return nil
	}
	fmt.Fprintf(e.stdout, "已清理 %d 个无证明材料使用的对象（%s）；保留 %d 个\n", removed, size(bytes), kept)
	return nil
}

// size writes a number of bytes for people: KB, MB or GB.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}
