package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// The OpenAPI document is generated from the route table (endpoints) and
// the Go types of the bodies, by reflection, so that the document says what
// the code does: a route, a query parameter, a field or a required flag
// cannot change without the document following. TestOpenAPIFile fails when
// openapi.json differs from what is generated; -update rewrites it:
//
//	go test ./internal/api -run TestOpenAPIFile -update

var update = flag.Bool("update", false, "rewrite openapi.json from the route table and the Go types")

func TestOpenAPIFile(t *testing.T) {
	got, err := generateOpenAPI((&API{}).endpoints())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("openapi.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, []byte(openAPIFile)) {
		t.Errorf("openapi.json is not what the route table and the types describe; run go test ./internal/api -run TestOpenAPIFile -update")
	}
}

// obj is a JSON object that keeps the order of its keys.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.k)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.k, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// set sets key k to v, in place when k is there already.
func (o *obj) set(k string, v any) {
	for i := range *o {
		if (*o)[i].k == k {
			(*o)[i].v = v
			return
		}
	}
	*o = append(*o, kv{k, v})
}

func (o obj) get(k string) (any, bool) {
	for _, e := range o {
		if e.k == k {
			return e.v, true
		}
	}
	return nil, false
}

// schemas turns Go types into JSON Schemas (2020-12, as OpenAPI 3.1 has
// them), named structs as components. A type is described for the
// direction it travels: in a response every field without omitempty is
// required (it is always there); in a request only the fields tagged
// required:"true" are, and its structs are named with "Input".
type schemas struct {
	components obj
	named      map[reflect.Type]map[bool]string
	taken      map[string]string // the type and direction a name stands for
}

func newSchemas() *schemas {
	return &schemas{named: map[reflect.Type]map[bool]string{}, taken: map[string]string{}}
}

var (
	typeDate    = reflect.TypeFor[rectify.Date]()
	typeTime    = reflect.TypeFor[time.Time]()
	typeUpload  = reflect.TypeFor[upload]()
	typeOpenAPI = reflect.TypeFor[openAPIDocument]()
)

// enums lists the values of the domain's string types.
func enums() map[reflect.Type][]string {
	strs := func(vs ...any) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = reflect.ValueOf(v).String()
		}
		return out
	}
	perms := []string{}
	for _, p := range auth.Permissions() {
		perms = append(perms, string(p))
	}
	roles := []string{}
	for _, r := range rectify.Roles {
		roles = append(roles, string(r))
	}
	return map[reflect.Type][]string{
		reflect.TypeFor[rectify.Status]():        append(statusNames(), ""), // "": a document that writes none
		reflect.TypeFor[rectify.Track]():         strs(rectify.Track(""), rectify.TrackImmediate, rectify.TrackDeadline, rectify.TrackLongTerm),
		reflect.TypeFor[rectify.Light]():         strs(rectify.LightNone, rectify.LightGreen, rectify.LightYellow, rectify.LightRed, rectify.LightBlue),
		reflect.TypeFor[rectify.CommentState]():  strs(rectify.CommentNew, rectify.CommentTriaged, rectify.CommentAssigned, rectify.CommentReplied, rectify.CommentClosed),
		reflect.TypeFor[rectify.RecheckResult](): strs(rectify.RecheckPending, rectify.RecheckPassed, rectify.RecheckFailed),
		reflect.TypeFor[rectify.RuleKind]():      strs(rectify.RuleNew, rectify.RuleRevised),
		reflect.TypeFor[rectify.Role]():          roles,
		reflect.TypeFor[auth.Permission]():       perms,
	}
}

// typeDocs describes types whose meaning their JSON does not show.
func typeDocs() map[reflect.Type]string {
	return map[reflect.Type]string{
		reflect.TypeFor[rectify.Status]():         "整改状态：not_started 未开始，in_progress 整改中，submitted 待销号，mostly_completed 基本完成，not_completed 未完成，long_term 长期整改，completed 完成（已销号）；空为文件中未写明（反馈意见、问题清单）",
		reflect.TypeFor[rectify.Track]():          "整改类型：immediate 立行立改，deadline 限期整改，long_term 长期整改，空为未分类",
		reflect.TypeFor[rectify.Light]():          "预警灯：green 绿灯，yellow 黄灯（临近时限），red 红灯（逾期），blue 蓝灯（长期整改，下一节点未到），空为已完成",
		reflect.TypeFor[rectify.CommentState]():   "办理状态：new 待处理，triaged 已分办，assigned 已交办，replied 已答复，closed 已办结",
		reflect.TypeFor[rectify.RecheckResult]():  "回头看结果：passed 巩固，failed 反弹，空为未做",
		reflect.TypeFor[rectify.RuleKind]():       "new 新建，revised 修订",
		reflect.TypeFor[rectify.InspectionKind](): "巡察类型：常规巡察、专项巡察、延伸巡察、机动巡察、巡察“回头看”",
	}
}

// schema returns the schema of t as a request (in) or a response travels.
func (s *schemas) schema(t reflect.Type, in bool) (any, error) {
	switch t {
	case typeDate:
		return obj{{"type", "string"}, {"pattern", `^(\d{4}-\d{2}-\d{2})?$`},
			{"description", "日期 YYYY-MM-DD；未设置时为空字符串"}}, nil
	case typeTime:
		return obj{{"type", "string"}, {"format", "date-time"}}, nil
	case typeUpload:
		return obj{{"type", "string"}, {"contentMediaType", "application/octet-stream"}}, nil
	case typeOpenAPI:
		return obj{{"type", "object"}}, nil
	}
	if values, ok := enums()[t]; ok {
		o := obj{{"type", "string"}, {"enum", values}}
		if d := typeDocs()[t]; d != "" {
			o.set("description", d)
		}
		return o, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return s.schema(t.Elem(), in)
	case reflect.String:
		o := obj{{"type", "string"}}
		if d := typeDocs()[t]; d != "" {
			o.set("description", d)
		}
		return o, nil
	case reflect.Bool:
		return obj{{"type", "boolean"}}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return obj{{"type", "integer"}}, nil
	case reflect.Int64, reflect.Uint64, reflect.Uint:
		return obj{{"type", "integer"}, {"format", "int64"}}, nil
	case reflect.Float32, reflect.Float64:
		return obj{{"type", "number"}}, nil
	case reflect.Slice, reflect.Array:
		items, err := s.schema(t.Elem(), in)
		if err != nil {
			return nil, err
		}
		return obj{{"type", "array"}, {"items", items}}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map key of %s is not a string", t)
		}
		v, err := s.schema(t.Elem(), in)
		if err != nil {
			return nil, err
		}
		return obj{{"type", "object"}, {"additionalProperties", v}}, nil
	case reflect.Interface:
		return obj{}, nil
	case reflect.Struct:
		if t.Name() == "" {
			return s.object(t, in)
		}
		name, err := s.component(t, in)
		if err != nil {
			return nil, err
		}
		return obj{{"$ref", "#/components/schemas/" + name}}, nil
	}
	return nil, fmt.Errorf("no schema for %s", t)
}

// component returns the name of the component describing the named struct
// t, defining it the first time.
func (s *schemas) component(t reflect.Type, in bool) (string, error) {
	if name, ok := s.named[t][in]; ok {
		return name, nil
	}
	// Names are bare but for the notice's structure, which mirrors the
	// domain's (notice.Problem beside rectify.Problem).
	name := title(t.Name())
	switch {
	case t == reflect.TypeFor[httpx.ErrorBody]():
		name = "Error"
	case t == reflect.TypeFor[workflow.SignOff]():
		name = "ProblemDetail"
	case t.PkgPath() == reflect.TypeFor[notice.Document]().PkgPath():
		name = "Notice" + name
	}
	if in && !strings.HasSuffix(name, "Input") {
		name += "Input"
	}
	who := fmt.Sprintf("%s (request: %t)", t, in)
	if other, ok := s.taken[name]; ok {
		return "", fmt.Errorf("%s and %s would both be the schema %s", who, other, name)
	}
	s.taken[name] = who
	if s.named[t] == nil {
		s.named[t] = map[bool]string{}
	}
	s.named[t][in] = name
	s.components = append(s.components, kv{name, nil}) // reserved: recursion and order
	o, err := s.object(t, in)
	if err != nil {
		return "", err
	}
	s.components.set(name, o)
	return name, nil
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// object returns the schema of a struct: its JSON fields, embedded
// structs inlined as encoding/json does.
func (s *schemas) object(t reflect.Type, in bool) (obj, error) {
	props := obj{}
	var required []string
	if err := s.fields(t, in, &props, &required); err != nil {
		return nil, err
	}
	o := obj{{"type", "object"}, {"properties", props}}
	if len(required) > 0 {
		o.set("required", required)
	}
	o.set("additionalProperties", false)
	return o, nil
}

func (s *schemas) fields(t reflect.Type, in bool, props *obj, required *[]string) error {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if err := s.fields(ft, in, props, required); err != nil {
					return err
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
		sc, err := s.schema(ft, in)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", t, f.Name, err)
		}
		// encoding/json writes null for a nil pointer, slice or map not
		// omitted, and reads null into one as "not given".
		if canBeNull(ft) && (in || !optional) {
			sc = nullable(sc)
		}
		if d := f.Tag.Get("doc"); d != "" {
			sc = describe(sc, d)
		}
		props.set(name, sc)
		if (in && f.Tag.Get("required") == "true") || (!in && !optional) {
			*required = append(*required, name)
		}
	}
	return nil
}

// canBeNull reports whether encoding/json may write a value of t as null.
func canBeNull(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return t != typeOpenAPI
	}
	return false
}

// nullable returns sc allowing null.
func nullable(sc any) any {
	o, _ := sc.(obj)
	if typ, ok := o.get("type"); ok {
		if name, ok := typ.(string); ok {
			c := append(obj(nil), o...)
			c.set("type", []string{name, "null"})
			return c
		}
	}
	return obj{{"anyOf", []any{sc, obj{{"type", "null"}}}}}
}

// describe returns sc with a description.
func describe(sc any, d string) any {
	o, _ := sc.(obj)
	c := append(obj(nil), o...)
	c.set("description", d)
	return c
}

// generateOpenAPI returns the document of the endpoints, indented JSON.
func generateOpenAPI(eps []endpoint) ([]byte, error) {
	s := newSchemas()
	errSchema, err := s.schema(reflect.TypeFor[httpx.ErrorBody](), false)
	if err != nil {
		return nil, err
	}
	paths := obj{}
	for _, e := range eps {
		op, err := s.operation(e)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.pattern, err)
		}
		rt := httpx.Route{Pattern: e.pattern}
		item, _ := paths.get(rt.Path())
		pi, _ := item.(obj)
		pi.set(strings.ToLower(rt.Method()), op)
		paths.set(rt.Path(), pi)
	}
	errorResponse := func(d string) obj {
		return obj{{"description", d}, {"content", obj{{"application/json", obj{{"schema", errSchema}}}}}}
	}
	doc := obj{
		{"openapi", "3.1.0"},
		{"info", obj{
			{"title", "rectify API"},
			{"version", "1"},
			{"description", apiDescription},
		}},
		{"tags", []obj{
			{{"name", "meta"}, {"description", "文档和当前用户"}},
			{{"name", "units"}, {"description", "单位（被巡察单位、党组织）"}},
			{{"name", "inspections"}, {"description", "巡察、反馈问题和通报"}},
			{{"name", "problems"}, {"description", "具体问题及其状态"}},
			{{"name", "measures"}, {"description", "整改措施"}},
			{{"name", "progress"}, {"description", "整改情况和证明材料"}},
			{{"name", "stats"}, {"description", "统计指标"}},
			{{"name", "comments"}, {"description", "群众意见建议"}},
			{{"name", "rechecks"}, {"description", "回头看"}},
			{{"name", "records"}, {"description", "建章立制和问责"}},
		}},
		{"security", []obj{{{"bearer", []string{}}}, {{"session", []string{}}}}},
		{"paths", paths},
		{"components", obj{
			{"securitySchemes", obj{
				{"bearer", obj{{"type", "http"}, {"scheme", "bearer"},
					{"description", "API 令牌：在“我的账号”中创建，形如 rct_…，请求头 Authorization: Bearer rct_…"}}},
				{"session", obj{{"type", "apiKey"}, {"in", "cookie"}, {"name", auth.CookieName},
					{"description", "登录后浏览器的会话"}}},
			}},
			{"responses", obj{
				{"Invalid", errorResponse("输入有误（code 为 invalid），fields 逐个字段说明")},
				{"Unauthorized", errorResponse("未登录，或令牌无效、已撤销、已过期（code 为 unauthorized）")},
				{"Forbidden", errorResponse("角色无此权限，或记录在管辖范围以外（code 为 forbidden）")},
				{"NotFound", errorResponse("记录不存在（code 为 not_found）")},
				{"Conflict", errorResponse("已被他人修改（code 为 conflict，请重新读取后再改），或整改流程不允许此变更（code 为 transition，message 说明原因）")},
				{"TooLarge", errorResponse("请求体超过上限（code 为 too_large）")},
				{"Error", errorResponse("其他错误，如内部错误（code 为 internal）")},
			}},
			{"schemas", s.components},
		}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

const apiDescription = "巡察整改工作系统的 JSON 接口。\n\n" +
	"认证：请求头 Authorization: Bearer rct_…（在“我的账号”中创建 API 令牌），或登录后的浏览器会话。" +
	"每个接口注明所需权限（x-permission）：read 查看、edit 填报和修改、review 审核销号、admin 管理，" +
	"只在账号的管辖范围（所属单位及其下级单位）内有效；列表只含管辖范围内的记录。\n\n" +
	"请求和响应为 JSON，字段名为 snake_case，日期为 YYYY-MM-DD；未知字段和未知查询参数会被拒绝。" +
	"修改（PUT、PATCH）须带读取时的 version，版本已过期时返回 409，code 为 conflict。\n\n" +
	"错误：{\"error\":{\"code\",\"message\",\"fields\"}}，code 为 invalid（422）、unauthorized（401）、forbidden（403）、" +
	"not_found（404）、conflict 或 transition（409）、too_large（413）、rate_limited（429）、internal（500）。"

// operation returns the operation object of an endpoint.
func (s *schemas) operation(e endpoint) (obj, error) {
	desc := e.doc
	if desc != "" {
		desc += "\n\n"
	}
	desc += "权限：" + e.perm.Label() + "（" + string(e.perm) + "）"
	op := obj{{"operationId", e.id}, {"summary", e.summary}, {"description", desc}, {"tags", []string{e.tag}},
		{"x-permission", string(e.perm)}}
	if e.perm == auth.Public {
		op.set("security", []obj{})
	}
	rt := httpx.Route{Pattern: e.pattern}
	var params []obj
	for _, p := range rt.Params() {
		params = append(params, obj{{"name", p}, {"in", "path"}, {"required", true},
			{"schema", obj{{"type", "integer"}, {"format", "int64"}, {"minimum", 1}}}})
	}
	for _, p := range e.query {
		sc := obj{{"type", p.kind}}
		if p.kind == "date" {
			sc = obj{{"type", "string"}, {"format", "date"}}
		}
		if len(p.enum) > 0 {
			sc.set("enum", p.enum)
		}
		q := obj{{"name", p.name}, {"in", "query"}, {"description", p.doc}}
		if p.many {
			q.set("schema", obj{{"type", "array"}, {"items", sc}})
			q.set("explode", true)
		} else {
			q.set("schema", sc)
		}
		params = append(params, q)
	}
	if len(params) > 0 {
		op.set("parameters", params)
	}
	content := obj{}
	bodyRequired := false
	for _, b := range []struct {
		media string
		v     any
	}{{"application/json", e.body}, {"multipart/form-data", e.form}} {
		if b.v == nil {
			continue
		}
		t := reflect.TypeOf(b.v)
		sc, err := s.schema(t, true)
		if err != nil {
			return nil, err
		}
		content.set(b.media, obj{{"schema", sc}})
		bodyRequired = bodyRequired || hasRequired(t)
	}
	for _, mt := range e.raw {
		if strings.HasPrefix(mt, "text/") {
			content.set(mt, obj{{"schema", obj{{"type", "string"}}}})
		} else {
			content.set(mt, obj{})
		}
	}
	if len(content) > 0 {
		op.set("requestBody", obj{{"required", bodyRequired || len(e.raw) > 0}, {"content", content}})
	}
	responses := obj{}
	status := e.status
	if status == 0 {
		status = http.StatusOK
	}
	ok := obj{{"description", http.StatusText(status)}}
	switch {
	case e.out != nil:
		sc, err := s.schema(reflect.TypeOf(e.out), false)
		if err != nil {
			return nil, err
		}
		ok.set("content", obj{{"application/json", obj{{"schema", sc}}}})
	case len(e.media) > 0:
		c := obj{}
		for _, mt := range e.media {
			if strings.HasPrefix(mt, "text/") {
				c.set(mt, obj{{"schema", obj{{"type", "string"}}}})
			} else {
				c.set(mt, obj{})
			}
		}
		ok.set("content", c)
	}
	statuses := []int{status}
	if e.okToo != 0 {
		statuses = append(statuses, e.okToo)
	}
	for _, st := range statuses {
		o := append(obj(nil), ok...)
		o.set("description", http.StatusText(st))
		responses.set(strconv.Itoa(st), o)
	}
	errs := []int{}
	if e.perm != auth.Public {
		errs = append(errs, http.StatusUnauthorized)
	}
	if e.perm != auth.Public && e.perm != auth.Self {
		errs = append(errs, http.StatusForbidden)
	}
	if len(rt.Params()) > 0 {
		errs = append(errs, http.StatusNotFound)
	}
	if len(e.query) > 0 || len(content) > 0 {
		errs = append(errs, http.StatusUnprocessableEntity)
	}
	errs = append(errs, e.errs...)
	names := map[int]string{400: "Invalid", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
		413: "TooLarge", 422: "Invalid"}
	for _, st := range []int{401, 403, 404, 409, 413, 422} {
		for _, want := range errs {
			if want == st {
				responses.set(strconv.Itoa(st), obj{{"$ref", "#/components/responses/" + names[st]}})
				break
			}
		}
	}
	responses.set("default", obj{{"$ref", "#/components/responses/Error"}})
	op.set("responses", responses)
	return op, nil
}

// hasRequired reports whether a request body of type t has a required field.
func hasRequired(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("required") == "true" {
			return true
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct && hasRequired(f.Type) {
			return true
		}
	}
	return false
}
