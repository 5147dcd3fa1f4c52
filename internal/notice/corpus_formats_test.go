package notice

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The generators of the corpus's PDFs, scans and Word 97 files: each reads
// the document named by the case's input, after checking that the programs
// that read it are installed (a reason to skip when not, a failure under
// RECTIFY_REQUIRE_OCR=1); "scan_200dpi" makes a scan of it first.
func init() {
	corpusGenerators["pdf"] = func(t *testing.T, dir string, exp corpusExpect) ([]byte, string) {
		return corpusFile(t, dir, exp, "pdfinfo", "pdftotext")
	}
	corpusGenerators["doc"] = func(t *testing.T, dir string, exp corpusExpect) ([]byte, string) {
		return corpusFile(t, dir, exp, "soffice")
	}
	corpusGenerators["scan_200dpi"] = scan200dpi
}

// missingProgram returns the first of the programs not on the PATH, after
// failing t for it under RECTIFY_REQUIRE_OCR=1.
func missingProgram(t *testing.T, names ...string) string {
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv(EnvRequireOCR) == "1" {
				t.Fatalf("%s is not installed and %s=1 requires it", n, EnvRequireOCR)
			}
			return n + " is not installed"
		}
	}
	return ""
}

func corpusFile(t *testing.T, dir string, exp corpusExpect, programs ...string) ([]byte, string) {
	if miss := missingProgram(t, programs...); miss != "" {
		return nil, miss
	}
	data, err := os.ReadFile(filepath.Join(dir, exp.Input))
	if err != nil {
		t.Fatal(err)
	}
	return data, ""
}

// scan200dpi rasterises the input PDF at 200 dpi in grey (pdftoppm) and
// wraps the page images in a PDF without a text layer (img2pdf), as a
// scanner would make it.
func scan200dpi(t *testing.T, dir string, exp corpusExpect) ([]byte, string) {
	if miss := missingProgram(t, "pdfinfo", "pdftotext", "pdftoppm", "tesseract", "img2pdf"); miss != "" {
		return nil, miss
	}
	tmp := t.TempDir()
	pages := filepath.Join(tmp, "page")
	if out, err := exec.Command("pdftoppm", "-r", "200", "-gray", "-png", filepath.Join(dir, exp.Input), pages).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	imgs, _ := filepath.Glob(pages + "-*.png")
	if len(imgs) == 0 {
		t.Fatal("pdftoppm wrote no page")
	}
	scan := filepath.Join(tmp, "scan.pdf")
	if out, err := exec.Command("img2pdf", append(imgs, "-o", scan)...).CombinedOutput(); err != nil {
		t.Fatalf("img2pdf: %v\n%s", err, out)
	}
	data, err := os.ReadFile(scan)
	if err != nil {
		t.Fatal(err)
	}
	return data, ""
}
