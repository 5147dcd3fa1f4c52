package rectify_test

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/rectify-dev/rectify"

// TestLayers holds the imports of the project's packages to the layout
// table of README.md: each package may import only the packages of the
// project its row names (`—` for none), and every package has a row.
func TestLayers(t *testing.T) {
	allowed := readmeLayers(t)
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		pkg := short(fields[0])
		may, ok := allowed[pkg]
		if !ok {
			t.Errorf("package %s has no row in README's layout table", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if !slices.Contains(may, short(imp)) {
				t.Errorf("%s imports %s, which its row in README's layout table does not allow", pkg, short(imp))
			}
		}
	}
}

// short names a package as the table does: "rectify" for the root,
// "internal/web" for the others.
func short(path string) string {
	if path == module {
		return "rectify"
	}
	return strings.TrimPrefix(path, module+"/")
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readmeLayers reads the layout table: package → the project's packages
// it may import.
func readmeLayers(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open("README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	in := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			in = line == "## Layout"
			continue
		case !in || !strings.HasPrefix(line, "| `"):
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) < 3 {
			t.Fatalf("README's layout row has no column of imports: %s", line)
		}
		pkg := backticked.FindStringSubmatch(cells[0])[1]
		var may []string
		for _, m := range backticked.FindAllStringSubmatch(cells[len(cells)-1], -1) {
			may = append(may, m[1])
		}
		out[pkg] = may
	}
	if len(out) == 0 {
		t.Fatal("no layout table in README.md")
	}
	return out
}
