package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
)

// param is a query parameter an endpoint takes: its name, what it means
// (Chinese, for the document), its type and whether it may repeat.
type param struct {
	name string
	doc  string
	kind string // "integer", "string", "boolean", "date"
	many bool
	enum []string
}

func qInt(name, doc string) param  { return param{name: name, doc: doc, kind: "integer"} }
func qStr(name, doc string) param  { return param{name: name, doc: doc, kind: "string"} }
func qBool(name, doc string) param { return param{name: name, doc: doc, kind: "boolean"} }
func qDate(name, doc string) param { return param{name: name, doc: doc, kind: "date"} }
func qEnum(name, doc string, values ...string) param {
	return param{name: name, doc: doc, kind: "string", enum: values}
}

// repeated returns p allowed more than once (?status=a&status=b).
func (p param) repeated() param { p.many = true; return p }

// checkQuery refuses a query parameter the endpoint does not take, and one
// given twice that may not repeat, so that a typo (?stauts=) is told, not
// silently ignored.
func checkQuery(r *http.Request, params []param) error {
	var v rectify.Invalid
	for name, vals := range r.URL.Query() {
		var p *param
		for i := range params {
			if params[i].name == name {
				p = &params[i]
			}
		}
		switch {
		case p == nil:
			v.Add(name, "未知的查询参数")
		case len(vals) > 1 && !p.many:
			v.Add(name, "该查询参数只能出现一次")
		}
	}
	return v.Err()
}

// query reads the query parameters of a request, collecting a message
// per parameter that is wrong.
type query struct {
	vals url.Values
	bad  rectify.Invalid
}

func newQuery(r *http.Request) *query { return &query{vals: r.URL.Query()} }

// str returns the parameter without surrounding spaces, "" when absent.
func (q *query) str(name string) string { return strings.TrimSpace(q.vals.Get(name)) }

// strs returns every value of a repeated parameter; a value may also list
// several separated by commas (?status=a,b).
func (q *query) strs(name string) []string {
	var out []string
	for _, v := range q.vals[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// id returns a record's ID, 0 when absent.
func (q *query) id(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.bad.Add(name, "应为正整数")
		return 0
	}
	return n
}

// num returns an integer in [lo, hi], def when absent.
func (q *query) num(name string, def, lo, hi int) int {
	s := q.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		q.bad.Add(name, "应为整数")
	case n < lo:
		q.bad.Add(name, fmt.Sprintf("不能小于 %d", lo))
	case n > hi:
		q.bad.Add(name, fmt.Sprintf("不能超过 %d", hi))
	default:
		return n
	}
	return def
}

// date returns a day (YYYY-MM-DD), the zero Date when absent.
func (q *query) date(name string) rectify.Date {
	d, err := rectify.ParseDate(q.str(name))
	if err != nil {
		q.bad.Add(name, "日期格式应为 YYYY-MM-DD")
	}
	return d
}

// flag returns a boolean: true/1/yes or false/0/no; false when absent.
func (q *query) flag(name string) bool {
	switch strings.ToLower(q.str(name)) {
	case "":
		return false
	case "true", "1", "yes":
		return true
	case "false", "0", "no":
		return false
	}
	q.bad.Add(name, "应为 true 或 false")
	return false
}

// add puts a message on a parameter.
func (q *query) add(name, message string) { q.bad.Add(name, message) }

// err returns EINVALID with a message per wrong parameter, or nil.
func (q *query) err() error { return q.bad.Err() }

// Limits of a page of a list.
const (
	defaultLimit = 100
	maxLimit     = 500
)

// page reads limit and offset.
func (q *query) page() (limit, offset int) {
	return q.num("limit", defaultLimit, 1, maxLimit), q.num("offset", 0, 0, 1<<31-1)
}

// pageParams are the query parameters of a paged list.
func pageParams() []param {
	return []param{
		qInt("limit", fmt.Sprintf("每页条数，默认 %d，最多 %d", defaultLimit, maxLimit)),
		qInt("offset", "跳过的条数，默认 0"),
	}
}

// source reads the kind of rectification of the parameter name: the zero
// Source (every kind) when absent.
func (q *query) source(name string) rectify.Source {
	v := q.str(name)
	if v == "" {
		return ""
	}
	s := rectify.Source(v)
	if !s.Valid() {
		q.add(name, "整改来源应为 "+strings.Join(sourceNames(), "、")+" 之一")
		return ""
	}
	return s
}
