package office

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

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

// ErrNoFont is returned when no Chinese TrueType face is found on the system.
var ErrNoFont = &rectify.Error{Code: rectify.EINVALID, Message: "未找到可嵌入 PDF 的中文字体：需要 TrueType 轮廓的 .ttf 或 .ttc 字体，" +
	"如 Debian/Ubuntu 的 fonts-arphic-uming、fonts-arphic-ukai、fonts-wqy-zenhei，或 Windows 自带的仿宋、黑体、楷体"}

// The font files each role prefers, by lower-case file name, best first:
// the official faces as Windows and the Founder packages name them, then
// the TrueType faces Debian packages (AR PL UMing is a Ming/Song face, AR PL
// UKai a Kai face, WenQuanYi Zen Hei a Hei face).
var (
	titleFiles    = []string{"fzxbsjw.ttf", "fzxbsk.ttf", "方正小标宋简体.ttf", "simsun.ttc", "simsun.ttf", "stsong.ttf", "uming.ttc", "gbsn00lp.ttf"}
	bodyFiles     = []string{"simfang.ttf", "fangsong_gb2312.ttf", "仿宋_gb2312.ttf", "stfangso.ttf", "simsun.ttc", "simsun.ttf", "uming.ttc", "gbsn00lp.ttf", "wqy-zenhei.ttc", "wqy-microhei.ttc"}
	heading1Files = []string{"simhei.ttf", "stheiti.ttf", "wqy-zenhei.ttc", "wqy-microhei.ttc"}
	heading2Files = []string{"simkai.ttf", "kaiti_gb2312.ttf", "楷体_gb2312.ttf", "stkaiti.ttf", "ukai.ttc", "gkai00mp.ttf"}
)

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

// FindFonts looks in dirs (and their subfolders) for Chinese TrueType faces
// and returns a face for each role: the official faces where installed,
// else the Song, Hei and Kai faces of common packages, else any face that
// draws Chinese and digits. It returns ErrNoFont when there is none.
func FindFonts(dirs []string) (*FontSet, error) {
	files := map[string][]string{} // lower-case base name → paths
	var all []string
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || len(all) >= maxFontFiles {
				return filepath.SkipDir
			}
			if d.IsDir() {
				return nil
			}
			name := strings.ToLower(d.Name())
			if ext := filepath.Ext(name); ext != ".ttf" && ext != ".ttc" {
				return nil
			}
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
