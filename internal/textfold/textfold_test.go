package textfold

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"simplified unchanged", "关于巡察整改进展情况的通报", "关于巡察整改进展情况的通报"},
		{"traditional title", "中共某縣委員會關於巡察整改進展情況的通報", "中共某县委员会关于巡察整改进展情况的通报"},
		{"台帐 and 台账", "建立整改台帐", "建立整改台账"},
		{"臺賬", "整改臺賬", "整改台账"},
		{"ledger words", "記帳 帳目 賬簿", "记账 账目 账簿"},
		{"其它 and 其他", "其它问题", "其他问题"},
		{"部份", "部份单位", "部分单位"},
		{"full-width letters and digits", "ＰＰＰ项目２０２３年", "ppp项目2023年"},
		{"case", "PPP Project", "ppp project"},
		{"ideographic space", "整改\u3000到位", "整改 到位"},
		{"full-width punctuation", "（一）加强领导；", "(一)加强领导;"},
		{"inspection terms", "黨風廉政建設 財務審計 專項資金 違規發放", "党风廉政建设 财务审计 专项资金 违规发放"},
		{"Cyrillic lowered", "ПРОЕКТ", "проект"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Fold(Fold(tt.in)); got != Fold(tt.in) {
				t.Errorf("folding twice changes %q to %q", Fold(tt.in), got)
			}
		})
	}
}

// TestFoldKeepsSimplified: no character of the table is one that
// simplified text uses. The corpus is every Chinese character of this
// project's sources (tests aside), templates and documents, and of the
// seed notice when present.
func TestFoldKeepsSimplified(t *testing.T) {
	seen := map[rune]string{}
	add := func(name string, text string) {
		for _, r := range text {
			if unicode.Is(unicode.Han, r) {
				if _, ok := seen[r]; !ok {
					seen[r] = name
				}
			}
		}
	}
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".artifacts" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		// Tests write traditional text on purpose, to be folded.
		if d.IsDir() || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "textfold.go") {
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".html", ".md", ".sql", ".tmpl":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if isTable(string(b)) {
				return nil // a table of traditional characters of its own
			}
			add(path, string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seeds, _ := filepath.Glob("../../../shared/seed/*.txt")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			add("seed", string(b))
		}
	}
	if len(seen) < 1000 {
		t.Fatalf("a corpus of only %d characters", len(seen))
	}
	for r, s := range simplified {
		if strings.ContainsRune(variants, r) {
			continue
		}
		if where, ok := seen[r]; ok {
			t.Errorf("%c (folded to %c) occurs in simplified text: %s", r, s, where)
		}
	}
}

func TestTableWellFormed(t *testing.T) {
	for r, s := range simplified {
		if r == s {
			t.Errorf("%c maps to itself", r)
		}
		if _, ok := simplified[s]; ok {
			t.Errorf("%c maps to %c, which is mapped again", r, s)
		}
	}
	if len(simplified) < 500 {
		t.Errorf("only %d characters in the table", len(simplified))
	}
}

func BenchmarkFold(b *testing.B) {
	text := strings.Repeat("对巡察反馈的問題建立整改台帐，逐项销号。", 50)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fold(text)
	}
}

// isTable reports whether a file holds a table of traditional characters
// (a reader's fold of its own): twenty or more of this table's characters.
func isTable(text string) bool {
	n := 0
	seen := map[rune]bool{}
	for _, r := range text {
		if _, ok := simplified[r]; ok && !seen[r] && !strings.ContainsRune(variants, r) {
			seen[r] = true
			if n++; n >= 20 {
				return true
			}
		}
	}
	return false
}
