package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/rectify-dev/rectify"
)

// DecodeJSON reads the request body, one JSON value, into v. It refuses
// fields v does not have, a body that is not JSON or holds more than one
// value, and a body over the route's limit (ETOOLARGE). Its errors are
// EINVALID with a Chinese message and, where a field is to blame, a
// message on that field.
func DecodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return rectify.Errorf(rectify.EINVALID, "请求体应为 JSON（Content-Type: application/json），收到 %s", ct)
		}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if mb, ok := isMaxBytes(err); ok {
			return tooLarge(mb.Limit)
		}
		return rectify.Errorf(rectify.EINVALID, "请求体只能包含一个 JSON 值")
	}
	return nil
}

// jsonError turns a decoding error into a message for the user.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if mb, ok := isMaxBytes(err); ok {
		return tooLarge(mb.Limit)
	}
	switch {
	case errors.Is(err, io.EOF):
		return rectify.Errorf(rectify.EINVALID, "请求体为空，应为一个 JSON 对象")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return rectify.Errorf(rectify.EINVALID, "JSON 不完整")
	case errors.As(err, &syntax):
		return rectify.Errorf(rectify.EINVALID, "JSON 格式错误（第 %d 个字节附近）", syntax.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return rectify.Errorf(rectify.EINVALID, "请求体应为 %s，收到 %s", jsonType(typ.Type.Kind().String()), typ.Value)
		}
		return &rectify.Error{Code: rectify.EINVALID, Message: "输入有误，请检查标出的字段",
			Fields: map[string]string{field: fmt.Sprintf("应为%s，收到%s", jsonType(typ.Type.Kind().String()), typ.Value)}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &rectify.Error{Code: rectify.EINVALID, Message: fmt.Sprintf("未知的字段“%s”", field),
			Fields: map[string]string{field: "未知的字段"}}
	}
	var re *rectify.Error
	if errors.As(err, &re) {
		return err // from a type's UnmarshalJSON or UnmarshalText, e.g. a bad date
	}
	return rectify.Errorf(rectify.EINVALID, "请求体无法解析：%v", err)
}

// jsonType names a Go kind as JSON and Chinese readers know it.
func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "数字"
	case kind == "string":
		return "字符串"
	case kind == "bool":
		return "布尔值（true 或 false）"
	case kind == "slice", kind == "array":
		return "数组"
	case kind == "struct", kind == "map":
		return "对象"
	}
	return kind
}

func tooLarge(limit int64) error {
	return rectify.Errorf(rectify.ETOOLARGE, "请求体超过 %s 的上限", Size(limit))
}

// Size writes a byte count as people read it: 512 字节, 1 MB, 32 MB.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// PeekJSONField returns the value of a top-level field of the JSON object
// in r's body as text (a number or a string as written; "" when absent or
// null) and leaves the body to be read again. It reads the body whole, so
// it must be bounded first (LimitBody).
func PeekJSONField(r *http.Request, field string) (string, error) {
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil {
		if mb, ok := isMaxBytes(err); ok {
			return "", tooLarge(mb.Limit)
		}
		return "", fmt.Errorf("httpx: read body: %w", err)
	}
	var obj map[string]json.RawMessage
	if len(bytes.TrimSpace(b)) == 0 || json.Unmarshal(b, &obj) != nil {
		return "", nil // the handler's decoding says what is wrong
	}
	raw, ok := obj[field]
	if !ok || string(raw) == "null" {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	return string(raw), nil
}
