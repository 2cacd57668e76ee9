// Package dates parses the calendar dates users write in data source
// arguments. Parsers accept only real dates (no 30 February) and say what
// form was expected when they refuse.
package dates

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Layouts of a calendar day.
const (
	DayLayout        = "2006-01-02" // what users write
	CompactDayLayout = "20060102"   // TrueWatch's own form, also accepted
)

// ParseRange parses both ends of a range with parse. Its error names every
// end that does not parse; the times mean nothing when it is set.
func ParseRange(parse func(string) (time.Time, error), start, end string) (from, to time.Time, err error) {
	from, errFrom := parse(start)
	to, errTo := parse(end)
	return from, to, errors.Join(errFrom, errTo)
}

// ParseDay parses YYYY-MM-DD or YYYYMMDD as a UTC midnight.
func ParseDay(s string) (time.Time, error) {
	layout := DayLayout
	if len(s) == len(CompactDayLayout) {
		layout = CompactDayLayout
	}
	return parseDay(s, layout, "YYYY-MM-DD (or YYYYMMDD)")
}

// DayOf is the day a vendor's date or date-time begins with, as written:
// the YYYY-MM-DD of "2024-04-01", "2024-04-01 00:00:00" or
// "2024-04-01T00:00:00Z". ok is false for any other form (a day that is
// not real among them): no part of it is taken for a day, which rows of
// other days could share.
func DayOf(s string) (day string, ok bool) {
	if len(s) > len(DayLayout) && strings.IndexByte(" Tt", s[len(DayLayout)]) < 0 {
		return "", false
	}
	day = s[:min(len(s), len(DayLayout))]
	if _, err := ParseCalendarDay(day); err != nil {
		return "", false
	}
	return day, true
}

// ParseCalendarDay parses YYYY-MM-DD only, as a UTC midnight: the form of
// the per-day breakdowns' keys.
func ParseCalendarDay(s string) (time.Time, error) {
	return parseDay(s, DayLayout, "YYYY-MM-DD")
}

// parseDay parses s in layout, whose form users write as form.
func parseDay(s, layout, form string) (time.Time, error) {
	if len(s) != len(layout) {
		return time.Time{}, fmt.Errorf("%q is not a date in the form %s", s, form)
	}
	day, err := time.Parse(layout, s)
	if err == nil {
		return day, nil
	}
	var parseErr *time.ParseError // taken only here: its address escapes
	switch {
	case errors.As(err, &parseErr) && strings.Contains(parseErr.Message, "out of range"):
		return time.Time{}, fmt.Errorf("%q is not a real calendar date (%s)", s, strings.TrimPrefix(parseErr.Message, ": "))
	default:
		return time.Time{}, fmt.Errorf("%q is not a date in the form %s", s, form)
	}
}

// rfc3339 is RFC 3339's date-time (section 5.6): two digits a field, a
// fraction after a dot, and Z or an offset of ±hh:mm within a day; T and
// Z in either case.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$`)

// errNotRFC3339 refuses what is not RFC 3339's date-time; callers say so
// in their own words.
var errNotRFC3339 = errors.New("not an RFC 3339 date-time")

// ParseRFC3339 parses an RFC 3339 timestamp, keeping its offset. Go's
// time.Parse with time.RFC3339 also takes a one-digit hour, a comma before
// the fraction, and offsets such as +24:00 or +01:60, which RFC 3339 (and
// Terraform's own timeadd) refuse; and it refuses a lower-case t or z,
// which RFC 3339 allows.
func ParseRFC3339(s string) (time.Time, error) {
	if !rfc3339.MatchString(s) {
		return time.Time{}, errNotRFC3339
	}
	return time.Parse(time.RFC3339, strings.ToUpper(s))
}

// Layouts of a point in time.
const (
	// TimestampLayout is the platform form, "yyyy-MM-dd HH:mm:ss", with no
	// zone: the platform reads it in its own time zone.
	TimestampLayout = "2006-01-02 15:04:05"
)

// platformTimestamp is TimestampLayout's form, two digits a field: Go's
// time.Parse also takes a one-digit hour after any number of spaces.
var platformTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)

// ParseTimestamp parses "YYYY-MM-DD HH:MM:SS" (kept as written),
// "YYYY-MM-DD" (midnight), or RFC 3339 (converted to UTC; fractions of a
// second are dropped). The result is in UTC for comparison; format it with
// TimestampLayout to send it.
func ParseTimestamp(s string) (time.Time, error) {
	const forms = "YYYY-MM-DD HH:MM:SS, YYYY-MM-DD, or RFC 3339 such as 2024-04-01T00:00:00Z"
	var (
		t   time.Time
		err error
	)
	switch {
	case platformTimestamp.MatchString(s):
		t, err = time.Parse(TimestampLayout, s)
	case len(s) == len(DayLayout):
		t, err = time.Parse(DayLayout, s)
	case len(s) > len(DayLayout) && (s[10] == 'T' || s[10] == 't'):
		if t, err = ParseRFC3339(s); errors.Is(err, errNotRFC3339) {
			return time.Time{}, fmt.Errorf("%q is not a time in one of the forms %s", s, forms)
		}
	default:
		return time.Time{}, fmt.Errorf("%q is not a time in one of the forms %s", s, forms)
	}
	var parseErr *time.ParseError
	switch {
	case err == nil && (t.UTC().Year() < 0 || t.UTC().Year() > 9999):
		return time.Time{}, fmt.Errorf("%q falls outside the years 0000 to 9999 in UTC, which the platform's form YYYY-MM-DD HH:MM:SS holds", s)
	case err == nil:
		return t.UTC().Truncate(time.Second), nil
	case errors.As(err, &parseErr) && strings.Contains(parseErr.Message, "out of range"):
		return time.Time{}, fmt.Errorf("%q is not a real point in time (%s)", s, strings.TrimPrefix(parseErr.Message, ": "))
	default:
		return time.Time{}, fmt.Errorf("%q is not a time in one of the forms %s", s, forms)
	}
}
