// Package dates parses the calendar dates users write in data source
// arguments. Parsers accept only real dates (no 30 February) and say what
// form was expected when they refuse.
package dates

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Layouts of a calendar day.
const (
	DayLayout        = "2006-01-02" // what users write
	CompactDayLayout = "20060102"   // TrueWatch's own form, also accepted
)

// ParseDay parses YYYY-MM-DD or YYYYMMDD as a UTC midnight.
func ParseDay(s string) (time.Time, error) {
	layout := DayLayout
	if len(s) == len(CompactDayLayout) {
		layout = CompactDayLayout
	}
	if len(s) != len(layout) {
		return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD (or YYYYMMDD)", s)
	}
	day, err := time.Parse(layout, s)
	var parseErr *time.ParseError
	switch {
	case err == nil:
		return day, nil
	case errors.As(err, &parseErr) && strings.Contains(parseErr.Message, "out of range"):
		return time.Time{}, fmt.Errorf("%q is not a real calendar date (%s)", s, strings.TrimPrefix(parseErr.Message, ": "))
	default:
		return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD (or YYYYMMDD)", s)
	}
}
