package httpx

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
)

// maxMemory is how much of a multipart form is kept in memory; the rest of
// its files goes to temporary files.
const maxMemory = 8 << 20

// Form is a submitted form: its values, a message per field that is wrong
// and a message about the whole form. Pages render it back so that what
// was typed is kept and each field says what is wrong with it.
type Form struct {
	Values  url.Values
	Errors  map[string]string
	Message string
}

// NewForm returns an empty form, for a page shown before any submission;
// values may set its initial values.
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string]string{}}
}

// ParseForm reads the form of r (URL-encoded or multipart). It returns
// ETOOLARGE for a body over the route's limit and EINVALID for a body that
// cannot be read as a form.
func ParseForm(r *http.Request) (*Form, error) {
	if err := parseForm(r); err != nil {
		return nil, err
	}
	return NewForm(r.Form), nil
}

func parseForm(r *http.Request) error {
	var err error
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		if r.MultipartForm != nil {
			return nil
		}
		err = r.ParseMultipartForm(maxMemory)
	} else {
		err = r.ParseForm()
	}
	if err == nil {
		return nil
	}
	if mb, ok := isMaxBytes(err); ok {
		return tooLarge(mb.Limit)
	}
	if errors.Is(err, http.ErrNotMultipart) || errors.Is(err, http.ErrMissingBoundary) {
		return rectify.Errorf(rectify.EINVALID, "表单格式不对")
	}
	return rectify.Errorf(rectify.EINVALID, "表单无法读取：%v", err)
}

// FormField returns the value of a form field of r, parsing the form
// (URL-encoded or multipart) if need be.
func FormField(r *http.Request, name string) (string, error) {
	if err := parseForm(r); err != nil {
		return "", err
	}
	return strings.TrimSpace(r.FormValue(name)), nil
}

// Value returns the value of name as typed, for rendering it back.
func (f *Form) Value(name string) string { return f.Values.Get(name) }

// Get returns the value of name without surrounding spaces.
func (f *Form) Get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// Set sets the value of name.
func (f *Form) Set(name, value string) { f.Values.Set(name, value) }

// Has reports whether the field name was submitted, even empty.
func (f *Form) Has(name string) bool { return f.Values.Has(name) }

// Checked reports whether a checkbox name is ticked.
func (f *Form) Checked(name string) bool {
	switch f.Get(name) {
	case "on", "1", "true", "yes":
		return true
	}
	return false
}

// Int64 returns the integer in name, 0 when empty; a value that is not an
// integer adds a message on the field and gives 0.
func (f *Form) Int64(name string) int64 {
	s := f.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f.AddError(name, "请填写整数")
		return 0
	}
	return n
}

// Int returns the integer in name like Int64.
func (f *Form) Int(name string) int { return int(f.Int64(name)) }

// Date returns the date in name (YYYY-MM-DD), the zero Date when empty; a
// value that is not a date adds a message on the field.
func (f *Form) Date(name string) rectify.Date {
	d, err := rectify.ParseDate(f.Get(name))
	if err != nil {
		f.AddError(name, "日期格式应为 YYYY-MM-DD")
	}
	return d
}

// Error returns the message on name, or "".
func (f *Form) Error(name string) string { return f.Errors[name] }

// AddError puts a message on name; the first message for a field wins.
func (f *Form) AddError(name, message string) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if _, ok := f.Errors[name]; !ok {
		f.Errors[name] = message
	}
}

// Valid reports whether no message was put on the form.
func (f *Form) Valid() bool { return len(f.Errors) == 0 && f.Message == "" }

// Err returns an EINVALID error holding the form's field messages, or nil.
func (f *Form) Err() error {
	if len(f.Errors) == 0 {
		return nil
	}
	fields := make(map[string]string, len(f.Errors))
	for k, v := range f.Errors {
		fields[k] = v
	}
	return &rectify.Error{Code: rectify.EINVALID, Message: "输入有误，请检查标出的字段", Fields: fields}
}

// Fail takes an error a use case or the store returned for the form: when
// it is the user's to fix (invalid input, a conflict, a stale version, a
// refused transition), its field messages go on the fields, its message
// on the form, and Fail returns true — render the form again, with status
// Status(err). Otherwise (a fault of the program) it returns false: return
// the error.
func (f *Form) Fail(err error) bool {
	switch rectify.ErrorCode(err) {
	case rectify.EINVALID, rectify.ECONFLICT, rectify.ETRANSITION, rectify.ETOOLARGE:
	default:
		return false
	}
	for k, v := range rectify.ErrorFields(err) {
		f.AddError(k, v)
	}
	if msg := rectify.ErrorMessage(err); len(rectify.ErrorFields(err)) == 0 || rectify.ErrorCode(err) != rectify.EINVALID {
		f.Message = msg
	}
	return true
}

// String returns the form's messages, for logs and tests.
func (f *Form) String() string {
	return fmt.Sprintf("%s %v", f.Message, f.Errors)
}
