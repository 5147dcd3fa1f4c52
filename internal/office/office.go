// Package office writes and reads the files the people of rectification work
// live in: the notice (整改进展情况的通报) as a Word document in the official
// format for Party and government documents (GB/T 9704-2012) and as PDF, and
// the ledger (台账) as an Excel workbook, out and back in. Domain data come
// in and an io.Writer takes the file; readers take bytes. Nothing here
// touches the store.
package office

import (
	"strings"
	"unicode/utf8"
)

// xmlText escapes s for XML character data and attribute values, dropping
// the characters XML 1.0 cannot hold (control characters other than tab,
// newline and carriage return, and invalid UTF-8).
func xmlText(b *strings.Builder, s string) {
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 3 {
				b.WriteRune(r) // a real U+FFFD
			}
		default:
			if xmlChar(r) {
				b.WriteRune(r)
			}
		}
	}
}

// xmlEscape returns s escaped for XML (see xmlText).
func xmlEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	xmlText(&b, s)
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}
