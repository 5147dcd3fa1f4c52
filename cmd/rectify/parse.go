package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/rectify-dev/rectify/internal/notice"
)

// runParse prints the structure of a notice as JSON; warnings go to stderr.
// Exit 2 when the input is not a notice at all.
func runParse(ctx context.Context, e *env, args []string) error {
	name, doc, err := readNotice(ctx, e, "parse", args)
	if err != nil {
		return err
	}
	printWarnings(e.stderr, name, doc.Warnings)
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("写出 JSON：%w", err)
	}
	return nil
}

// runLint prints one line per finding, FILE:LINE: CODE: message; exit 1 when
// it found any.
func runLint(ctx context.Context, e *env, args []string) error {
	name, doc, err := readNotice(ctx, e, "lint", args)
	if err != nil {
		return err
	}
	found := notice.Lint(doc)
	printWarnings(e.stdout, name, found)
	if len(found) > 0 {
		return &exitError{1, errSilent}
	}
	return nil
}

// readNotice reads the notice named by the arguments of cmd (parse, lint),
// which take no flags. It exits 2 when the file is not a notice.
func readNotice(ctx context.Context, e *env, cmd string, args []string) (string, *notice.Document, error) {
	name, data, err := noticeArg(e, newFlags(cmd, e), cmd, args)
	if err != nil {
		return "", nil, err
	}
	doc, err := notice.ParseContext(ctx, data)
	if err != nil {
		return "", nil, &exitError{2, fmt.Errorf("%s: %w", displayName(name), err)}
	}
	return name, doc, nil
}

func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}

// printWarnings writes FILE:LINE: CODE: message lines (FILE: CODE: … when a
// warning concerns the whole document).
func printWarnings(w io.Writer, name string, ws []notice.Warning) {
	name = displayName(name)
	for _, x := range ws {
		if x.Line > 0 {
			fmt.Fprintf(w, "%s:%d: %s: %s\n", name, x.Line, x.Code, x.Message)
		} else {
			fmt.Fprintf(w, "%s: %s: %s\n", name, x.Code, x.Message)
		}
	}
}
