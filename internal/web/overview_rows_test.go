package web

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

// unitRowsTemplate is how the template wrote the rows of the table of
// units before writeUnitRows did: what the page must still show.
const unitRowsTemplate = `{{range .}}
    <tr data-testid="overview-unit" data-unit-id="{{.Unit.ID}}">
      <td class="depth-{{.Depth}}{{if .Top}} top{{end}}"><a href="{{.Link}}" title="查看本单位及下级单位">{{.Unit.Name}}</a></td>
      <td class="num"><a href="/inspections?unit={{.Unit.ID}}">{{.Inspections}}</a></td>
      <td class="num">{{.Ind.Total}}</td>
      <td class="num">{{.Ind.Completed}}</td>
      <td class="num">{{.Ind.LongTerm}}</td>
      <td class="num{{if .Ind.Overdue}} overdue{{end}}">{{if .Ind.Overdue}}<a href="/problems?unit={{.Unit.ID}}&amp;overdue=1">{{.Ind.Overdue}}</a>{{else}}0{{end}}</td>
      <td class="rate"><meter min="0" max="1" low="0.6" high="0.9" optimum="1" value="{{.Ind.CompletionRate}}"></meter> <span data-testid="unit-completion-rate">{{percent .Ind.CompletionRate}}</span></td>
      <td class="num">{{if .Ind.DuePassed}}{{percent .Ind.OnTimeRate}}{{else}}—{{end}}</td>
      <td class="no-print small"><a href="/problems?unit={{.Unit.ID}}">问题清单</a>{{if .Ind.Open}} · <a href="/supervision?unit={{.Unit.ID}}">督办单</a>{{end}}</td>
    </tr>{{end}}`

// TestUnitRowsAsTheTemplate holds the rows writeUnitRows writes to those
// the template wrote, byte for byte: units at every depth, with and
// without problems, overdue ones, deadlines passed, all done, and names
// and links with characters to escape.
func TestUnitRowsAsTheTemplate(t *testing.T) {
	tmpl := template.Must(template.New("rows").Funcs(template.FuncMap{
		"percent": func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
	}).Parse(unitRowsTemplate))
	ind := func(total, completed, longTerm, overdue, duePassed, onTime int) rectify.Indicators {
		i := rectify.Indicators{Total: total, Completed: completed, LongTerm: longTerm, Overdue: overdue,
			DuePassed: duePassed, CompletedOnTime: onTime}
		i.Finish()
		return i
	}
	cases := []struct {
		name string
		rows []unitFigures
	}{
		{"none", nil},
		{"a tree", []unitFigures{
			{Unit: &rectify.Unit{ID: 1, Name: "中共青石市委员会"}, Depth: 0, Top: true, Inspections: 12,
				Ind: ind(300, 201, 40, 17, 120, 97), Link: "/overview?unit=1"},
			{Unit: &rectify.Unit{ID: 14, Name: "市水务局党组"}, Depth: 1, Inspections: 3,
				Ind: ind(7, 7, 0, 0, 3, 3), Link: "/overview?unit=14&as_of=2024-03-01&source=audit"},
			{Unit: &rectify.Unit{ID: 15, Name: "水文站"}, Depth: 2, Inspections: 1, Ind: ind(0, 0, 0, 0, 0, 0), Link: "/overview?unit=15"},
		}},
		{"names to escape", []unitFigures{
			{Unit: &rectify.Unit{ID: 2, Name: `<局>&"办"'所'`}, Depth: 3, Inspections: 2, Ind: ind(3, 1, 1, 1, 2, 1),
				Link: "/overview?unit=2&as_of=2024-01-31"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want strings.Builder
			if err := tmpl.Execute(&want, tc.rows); err != nil {
				t.Fatal(err)
			}
			if got := string(writeUnitRows(tc.rows)); got != want.String() {
				t.Errorf("rows\n got %s\nwant %s", got, want.String())
			}
		})
	}
}

// TestFoldTree: a tree that fits is shown whole; a larger one down to the
// deepest level that fits, and always its top two levels.
func TestFoldTree(t *testing.T) {
	tree := func(perDepth ...int) []unitFigures {
		var rows []unitFigures
		for d, n := range perDepth {
			for range n {
				rows = append(rows, unitFigures{Unit: &rectify.Unit{ID: int64(len(rows) + 1)}, Depth: d})
			}
		}
		return rows
	}
	cases := []struct {
		name       string
		rows       []unitFigures
		max        int
		wantDepths []int // rows kept per depth
		wantFolded int
	}{
		{"a county, whole", tree(1, 4, 12), 200, []int{1, 4, 12}, 0},
		{"just fits", tree(1, 9, 190), 200, []int{1, 9, 190}, 0},
		{"a province, two levels", tree(1, 32, 967), 200, []int{1, 32}, 967},
		{"three levels of four fit", tree(1, 10, 100, 500), 200, []int{1, 10, 100}, 500},
		{"the top two levels even when too many", tree(1, 300, 900), 200, []int{1, 300}, 900},
		{"several tops", tree(250, 40), 200, []int{250, 40}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, folded := foldTree(tc.rows, tc.max)
			var depths []int
			for _, r := range got {
				for len(depths) <= r.Depth {
					depths = append(depths, 0)
				}
				depths[r.Depth]++
			}
			if fmt.Sprint(depths) != fmt.Sprint(tc.wantDepths) || folded != tc.wantFolded {
				t.Errorf("rows per depth %v, %d folded; want %v, %d", depths, folded, tc.wantDepths, tc.wantFolded)
			}
		})
	}
}
