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
	fs := newFlags("parse", e)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneFile("parse", pos)
	if err != nil {
		return err
	}
	data, err := readInput(e, name)
	if err != nil {
		return err
	}
	doc, err := notice.Parse(data)
	if err != nil {
		return &exitError{2, fmt.Errorf("%s: %w", displayName(name), err)}
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
	fs := newFlags("lint", e)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneFile("lint", pos)
	if err != nil {
		return err
	}
	data, err := readInput(e, name)
	if err != nil {
		return err
	}
	doc, err := notice.Parse(data)
	if err != nil {
		return &exitError{2, fmt.Errorf("%s: %w", displayName(name), err)}
	}
	found := notice.Lint(doc)
	printWarnings(e.stdout, name, found)
	if len(found) > 0 {
		return &exitError{1, errSilent}
	}
	return nil
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
