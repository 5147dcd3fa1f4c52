package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// flagLineRE finds the flags in what the flag package prints for -h.
var flagLineRE = regexp.MustCompile(`(?m)^  -([\w-]+)`)

// mentions reports whether text names the flag as a user types it: -o for
// a one-letter flag, --name for the others.
func mentions(text, flag string) bool {
	dash := "--"
	if len(flag) == 1 {
		dash = "-"
	}
	return regexp.MustCompile(`(^|[\s\[|(` + "`" + `])` + regexp.QuoteMeta(dash+flag) + `($|[\s\]|=)` + "`" + `])`).MatchString(text)
}

// TestEveryFlagDocumented asks every command and subcommand for its flags
// (-h) and checks that the usage line of rectify help and the command's
// row in the README's table name each of them, and that the table has a
// row for every command.
func TestEveryFlagDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| `rectify ") {
			rows = append(rows, line)
		}
	}
	subcommands := map[string][]string{
		"ledger": {"export", "import"}, "audit": {"verify", "log"}, "recheck": {"sample"}, "user": {"add", "passwd"}, "token": {"add"}, "demo": {"generate"},
		"evidence": {"move", "gc"},
	}
	for _, c := range commands() {
		subs := subcommands[c.name]
		if subs == nil {
			subs = []string{""}
		}
		for _, sub := range subs {
			name := strings.TrimSpace(c.name + " " + sub)
			t.Run(name, func(t *testing.T) {
				args := strings.Fields(name)
				r := rectifyCmd(t, nil, "", append(args, "-h")...)
				if r.code != 0 || strings.Contains(r.stderr, "help requested") {
					t.Errorf("-h: exit %d, %s", r.code, r.stderr)
				}
				var flags []string
				for _, m := range flagLineRE.FindAllStringSubmatch(r.stderr, -1) {
					flags = append(flags, m[1])
				}
				if len(flags) == 0 && c.name != "parse" && c.name != "lint" {
					t.Fatalf("no flags in the answer to -h: %s", r.stderr)
				}
				// The usage line of the subcommand: rectify help writes
				// one line for each.
				usage := ""
				for _, line := range strings.Split(c.usage, "\n") {
					line = strings.TrimPrefix(strings.TrimSpace(line), "rectify "+c.name+" ")
					if sub == "" || strings.HasPrefix(line, sub+" ") {
						usage = line
					}
				}
				row := ""
				for _, r := range rows {
					if strings.HasPrefix(r, "| `rectify "+name+" ") || strings.HasPrefix(r, "| `rectify "+name+"`") {
						row = r
					}
				}
				if row == "" {
					t.Fatalf("README has no row for rectify %s", name)
				}
				for _, f := range flags {
					if !mentions(usage, f) {
						t.Errorf("the usage line %q does not name the flag %s", usage, f)
					}
					if !mentions(row, f) {
						t.Errorf("the README's row for rectify %s does not name the flag %s", name, f)
					}
				}
			})
		}
	}
}
