package office

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// FontSet is the faces a PDF notice is set in, one per role of the official
// layout. A role left nil takes Body's face.
type FontSet struct {
	Title    *Font // 标题: 小标宋, else a Song/Ming face
	Body     *Font // 正文: 仿宋, else a Song/Ming face
	Heading1 *Font // 一级标题: 黑体
	Heading2 *Font // 二级标题: 楷体
}

// OneFont returns the set that sets everything in f (the --font of the CLI).
func OneFont(f *Font) *FontSet { return &FontSet{Title: f, Body: f, Heading1: f, Heading2: f} }

// ErrNoFont is returned when no Chinese face is found on the system.
var ErrNoFont = &rectify.Error{Code: rectify.EINVALID, Message: "未找到可嵌入 PDF 的中文字体：请安装中文字体，" +
	"如 Debian/Ubuntu 的 fonts-noto-cjk（apt-get install fonts-noto-cjk），或 Windows 自带的仿宋、黑体、楷体；" +
	"也可用 --font 或环境变量 RECTIFY_FONT 指定字体文件（.ttf、.otf 或 .ttc）"}

// The font files each role prefers, by lower-case file name, best first:
// the official faces as Windows and the Founder packages name them, then
// the faces Linux distributions package: Noto Serif CJK (a Song face, what
// Debian's and Ubuntu's fonts-noto-cjk install), Noto Sans CJK (a Hei
// face), AR PL UMing (Ming/Song), AR PL UKai (Kai), WenQuanYi Zen Hei (Hei).
var (
	titleFiles = []string{"fzxbsjw.ttf", "fzxbsk.ttf", "方正小标宋简体.ttf", "simsun.ttc", "simsun.ttf", "stsong.ttf",
		"notoserifcjk-bold.ttc", "notoserifcjksc-bold.otf", "notoserifsc-bold.otf", "uming.ttc", "gbsn00lp.ttf",
		"notoserifcjk-regular.ttc", "notoserifcjksc-regular.otf", "notoserifsc-regular.otf"}
	bodyFiles = []string{"simfang.ttf", "fangsong_gb2312.ttf", "仿宋_gb2312.ttf", "stfangso.ttf", "simsun.ttc", "simsun.ttf",
		"notoserifcjk-regular.ttc", "notoserifcjksc-regular.otf", "notoserifsc-regular.otf", "uming.ttc", "gbsn00lp.ttf",
		"notosanscjk-regular.ttc", "notosanscjksc-regular.otf", "notosanssc-regular.otf", "wqy-zenhei.ttc", "wqy-microhei.ttc"}
	heading1Files = []string{"simhei.ttf", "stheiti.ttf", "notosanscjk-medium.ttc", "notosanscjk-regular.ttc",
		"notosanscjksc-medium.otf", "notosanscjksc-regular.otf", "notosanssc-regular.otf", "wqy-zenhei.ttc", "wqy-microhei.ttc"}
	heading2Files = []string{"simkai.ttf", "kaiti_gb2312.ttf", "楷体_gb2312.ttf", "stkaiti.ttf", "ukai.ttc", "gkai00mp.ttf"}
)

// fontExts are the font files looked at.
var fontExts = map[string]bool{".ttf": true, ".ttc": true, ".otf": true, ".otc": true}

// FontconfigFiles returns the font files that fontconfig knows to draw
// Chinese (fc-list), nil where fontconfig is not installed or fails. It
// finds fonts installed outside the usual folders.
func FontconfigFiles() []string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "fc-list", "--format", "%{file}\n", ":lang=zh").Output()
	if err != nil {
		return nil
	}
	var files []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" && fontExts[strings.ToLower(filepath.Ext(l))] {
			files = append(files, l)
		}
	}
	sort.Strings(files)
	return files
}

// SystemFonts finds the faces of a PDF on this system: the files
// fontconfig lists, and the fonts in SystemFontDirs.
func SystemFonts(getenv func(string) string) (*FontSet, error) {
	return FindFonts(SystemFontDirs(getenv), FontconfigFiles()...)
}

// SystemFontDirs returns the folders where the system keeps fonts, for
// FindFonts; getenv reads HOME, XDG_DATA_HOME and WINDIR.
func SystemFontDirs(getenv func(string) string) []string {
	var dirs []string
	if runtime.GOOS == "windows" {
		win := getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		dirs = append(dirs, filepath.Join(win, "Fonts"))
		if local := getenv("LOCALAPPDATA"); local != "" {
			dirs = append(dirs, filepath.Join(local, "Microsoft", "Windows", "Fonts"))
		}
		return dirs
	}
	if home := getenv("HOME"); home != "" {
		dirs = append(dirs, filepath.Join(home, ".fonts"), filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, "Library", "Fonts"))
	}
	if xdg := getenv("XDG_DATA_HOME"); xdg != "" {
		dirs = append(dirs, filepath.Join(xdg, "fonts"))
	}
	return append(dirs, "/usr/local/share/fonts", "/usr/share/fonts", "/Library/Fonts", "/System/Library/Fonts")
}

// maxFontFiles bounds how many font files a search looks at.
const maxFontFiles = 20000

// FindFonts looks in dirs (and their subfolders) and among extra files for
// Chinese faces and returns a face for each role: the official faces where
// installed, else the Song, Hei and Kai faces of common packages, else any
// face that draws Chinese and digits. It returns ErrNoFont when there is
// none.
func FindFonts(dirs []string, extra ...string) (*FontSet, error) {
	files := map[string][]string{} // lower-case base name → paths
	var all []string
	seen := map[string]bool{}
	for _, p := range extra {
		if !seen[p] && len(all) < maxFontFiles {
			seen[p] = true
			name := strings.ToLower(filepath.Base(p))
			files[name] = append(files[name], p)
			all = append(all, p)
		}
	}
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || len(all) >= maxFontFiles {
				return filepath.SkipDir
			}
			if d.IsDir() {
				return nil
			}
			name := strings.ToLower(d.Name())
			if !fontExts[filepath.Ext(name)] || seen[path] {
				return nil
			}
			seen[path] = true
			files[name] = append(files[name], path)
			all = append(all, path)
			return nil
		})
	}
	cache := map[string]*Font{}
	load := func(path string) *Font {
		if f, ok := cache[path]; ok {
			return f
		}
		f, err := LoadFont(path)
		if err != nil {
			f = nil
		}
		cache[path] = f
		return f
	}
	pick := func(names []string) *Font {
		for _, n := range names {
			for _, p := range files[n] {
				if f := load(p); f != nil {
					return f
				}
			}
		}
		return nil
	}
	set := &FontSet{Body: pick(bodyFiles)}
	if set.Body == nil {
		// Any face that draws Chinese and digits, in a stable order; small
		// files first, as a whole-collection read costs memory.
		size := map[string]int64{}
		for _, p := range all {
			size[p] = fileSize(p)
		}
		sort.Slice(all, func(i, j int) bool {
			if size[all[i]] != size[all[j]] {
				return size[all[i]] < size[all[j]]
			}
			return all[i] < all[j]
		})
		for _, p := range all {
			if f := load(p); f != nil {
				set.Body = f
				break
			}
		}
	}
	if set.Body == nil {
		return nil, ErrNoFont
	}
	set.Title = pick(titleFiles)
	set.Heading1 = pick(heading1Files)
	set.Heading2 = pick(heading2Files)
	return set, nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// face returns the face of role, Body's when the role has none.
func (s *FontSet) face(role notice.BlockKind) *Font {
	var f *Font
	switch role {
	case notice.BlockIssuer, notice.BlockTitle:
		f = s.Title
	case notice.BlockHeading1:
		f = s.Heading1
	case notice.BlockHeading2:
		f = s.Heading2
	}
	if f == nil {
		f = s.Body
	}
	return f
}
