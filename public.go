package rectify

import (
	"strings"
	"unicode/utf8"
)

// Public is what the public notice says was done for a problem (整改情况 as
// published): the progress report the unit marks as standing in the notice
// (ProgressID), or one public sentence it writes (公开表述, Text), else by
// default its latest report. Reports holds the problem's reports the notice
// may show, oldest first (loaded with the inspection's tree).
type Public struct {
	ProgressID int64    `json:"progress_id,omitempty"`
	Text       string   `json:"text,omitempty"`
	Reports    []Report `json:"reports,omitempty"`
}

// Report is a progress report as the notice may show it: its text as
// written (quantities and dates unchanged) and the day it was made.
type Report struct {
	ProgressID int64  `json:"progress_id"`
	MeasureID  int64  `json:"measure_id,omitempty"`
	Date       Date   `json:"date"`
	Text       string `json:"text"`
	// Quantities are the figures of the report (追回资金, 制度, 问责…) as
	// the record keeps them.
	Quantities []Quantity `json:"quantities,omitempty"`
}

// MaxPublicText is the longest public sentence, in characters.
const MaxPublicText = 1000

// PublicSource says where a problem's public result comes from.
type PublicSource string

// The sources of a public result.
const (
	PublicNone     PublicSource = ""         // no report yet: the notice lists the measures
	PublicSentence PublicSource = "sentence" // the unit's public sentence (公开表述)
	PublicChosen   PublicSource = "chosen"   // the report the unit marked
	PublicLatest   PublicSource = "latest"   // the latest report, by default
)

// PublicResult returns what the public notice says was done for p as of
// day asOf, as written, and where it comes from: the public sentence; the
// report marked public when it was made by asOf; else the latest report made
// by asOf. It returns "" and PublicNone when there is none.
func (p *Problem) PublicResult(asOf Date) (string, PublicSource) {
	if t := strings.TrimSpace(p.Public.Text); t != "" {
		return t, PublicSentence
	}
	var latest *Report
	for i := range p.Public.Reports {
		r := &p.Public.Reports[i]
		if r.Date.After(asOf) || strings.TrimSpace(r.Text) == "" {
			continue
		}
		if r.ProgressID == p.Public.ProgressID && p.Public.ProgressID != 0 {
			return strings.TrimSpace(r.Text), PublicChosen
		}
		if latest == nil || !r.Date.Before(latest.Date) {
			latest = r
		}
	}
	if latest == nil {
		return "", PublicNone
	}
	return strings.TrimSpace(latest.Text), PublicLatest
}

// ValidatePublicText checks a public sentence.
func ValidatePublicText(text string) error {
	var v Invalid
	if utf8.RuneCountInString(strings.TrimSpace(text)) > MaxPublicText {
		v.Add("text", "公开表述不能超过1000个字")
	}
	return v.Err()
}
