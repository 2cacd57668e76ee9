package dates

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestParseDayAcceptsBothForms(t *testing.T) {
	for input, want := range map[string]string{
		"2023-07-31": "2023-07-31",
		"20230731":   "2023-07-31",
		"2024-02-29": "2024-02-29", // leap day
		"19991231":   "1999-12-31",
	} {
		got, err := ParseDay(input)
		if err != nil {
			t.Errorf("ParseDay(%q): %v", input, err)
			continue
		}
		if got.Format(DayLayout) != want || got.Location() != time.UTC {
			t.Errorf("ParseDay(%q) = %v, want %s UTC", input, got, want)
		}
	}
}

func TestParseDayRefusesWhatIsNotARealDate(t *testing.T) {
	for input, wantText := range map[string]string{
		"2023-02-30":  "not a real calendar date",
		"2023-02-29":  "not a real calendar date", // not a leap year
		"20231301":    "not a real calendar date",
		"2023-7-31":   "not a date in the form YYYY-MM-DD",
		"31/07/2023":  "not a date in the form YYYY-MM-DD",
		"2023-13-01":  "not a real calendar date (month out of range)",
		"2023-07-31Z": "not a date in the form YYYY-MM-DD",
		"":            "not a date in the form YYYY-MM-DD",
		"yesterday":   "not a date in the form YYYY-MM-DD",
	} {
		_, err := ParseDay(input)
		if err == nil || !strings.Contains(err.Error(), wantText) {
			t.Errorf("ParseDay(%q) error = %v, want it to say %q", input, err, wantText)
		}
	}
}

// FuzzParseDay checks that no input panics and that every accepted input
// is a date that prints back to the same text in its own form.
func FuzzParseDay(f *testing.F) {
	for _, seed := range []string{"2023-07-31", "20230731", "2023-02-30", "0000-00-00", "9999-12-31", "2023-07-3\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		day, err := ParseDay(input)
		if err != nil {
			return
		}
		if day.Format(DayLayout) != input && day.Format(CompactDayLayout) != input {
			t.Fatalf("ParseDay(%q) accepted it as %s", input, day.Format(DayLayout))
		}
	})
}

func TestParseTimestampForms(t *testing.T) {
	for input, sent := range map[string]string{
		"2024-04-01 13:45:10":       "2024-04-01 13:45:10", // kept as written
		"2024-04-01":                "2024-04-01 00:00:00", // midnight
		"2024-04-01T13:45:10Z":      "2024-04-01 13:45:10",
		"2024-04-01T13:45:10+02:00": "2024-04-01 11:45:10", // to UTC
		"2024-03-31T23:30:00-01:00": "2024-04-01 00:30:00", // to UTC, across a day
		"2024-04-01T13:45:10.987Z":  "2024-04-01 13:45:10", // fractions dropped
		"2024-02-29 23:59:59":       "2024-02-29 23:59:59",
	} {
		got, err := ParseTimestamp(input)
		if err != nil {
			t.Errorf("ParseTimestamp(%q): %v", input, err)
			continue
		}
		if got.Format(TimestampLayout) != sent {
			t.Errorf("ParseTimestamp(%q) is sent as %q, want %q", input, got.Format(TimestampLayout), sent)
		}
	}
}

func TestParseTimestampRefusals(t *testing.T) {
	for input, want := range map[string]string{
		"2024-04-31 00:00:00":  "not a real point in time (day out of range)",
		"2024-04-01 24:00:00":  "not a real point in time (hour out of range)",
		"2023-02-29":           "not a real point in time (day out of range)",
		"2024-04-01T10:00:00":  "not a time in one of the forms",
		"2024/04/01 10:00:00":  "not a time in one of the forms",
		"2024-04-01 10:00":     "not a time in one of the forms",
		"yesterday":            "not a time in one of the forms",
		"":                     "not a time in one of the forms",
		"1712000000":           "not a time in one of the forms",
		"2024-04-01X10:00:00Z": "not a time in one of the forms",
		// Go's own parser takes these; RFC 3339 does not.
		"2024-04-01T1:00:00Z":       "not a time in one of the forms",
		"2024-04-01T10:00:00+24:00": "not a time in one of the forms",
		"2024-04-01  9:30:00":       "not a time in one of the forms",
		"2024-04-01 9:30:00 ":       "not a time in one of the forms",
		// Sent in the platform's form, which has four digits for the year.
		"0000-01-01T00:00:00+01:00": "falls outside the years 0000 to 9999 in UTC",
		"9999-12-31T23:30:00-05:00": "falls outside the years 0000 to 9999 in UTC",
	} {
		_, err := ParseTimestamp(input)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseTimestamp(%q) error = %v, want it to say %q", input, err, want)
		}
	}
}

// FuzzParseTimestamp checks that no input panics and that what is accepted
// is a whole second in UTC.
func FuzzParseTimestamp(f *testing.F) {
	for _, seed := range []string{"2024-04-01 00:00:00", "2024-04-01", "2024-04-01T10:00:00+05:30", "2024-04-01T", "9999-12-31T23:59:59Z", "0000-01-01 00:00:00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		ts, err := ParseTimestamp(input)
		if err != nil {
			return
		}
		if ts.Location() != time.UTC || ts.Nanosecond() != 0 {
			t.Fatalf("ParseTimestamp(%q) = %v, want a whole second in UTC", input, ts)
		}
		if sent := ts.Format(TimestampLayout); len(sent) != len(TimestampLayout) {
			t.Fatalf("ParseTimestamp(%q) is sent as %q, not in the platform's form", input, sent)
		}
	})
}

// RFC 3339's date-time (section 5.6), and nothing else Go's time.Parse
// takes for time.RFC3339.
func TestParseRFC3339(t *testing.T) {
	for input, want := range map[string]string{
		"2024-02-05T01:00:00Z":             "2024-02-05T01:00:00Z",
		"2024-02-05t01:00:00z":             "2024-02-05T01:00:00Z",
		"2024-02-05T01:00:00.123456+05:30": "2024-02-05T01:00:00.123456+05:30",
		"2024-02-05T23:59:59-23:59":        "2024-02-05T23:59:59-23:59",
		"0000-01-01T00:00:00+00:00":        "0000-01-01T00:00:00Z",
	} {
		got, err := ParseRFC3339(input)
		if err != nil {
			t.Errorf("ParseRFC3339(%q): %v", input, err)
			continue
		}
		if got.Format(time.RFC3339Nano) != want {
			t.Errorf("ParseRFC3339(%q) = %s, want %s", input, got.Format(time.RFC3339Nano), want)
		}
	}
	for _, input := range []string{
		"2024-02-05T1:00:00Z",       // a one-digit hour
		"2024-02-05T01:00:00,5Z",    // a comma before the fraction
		"2024-02-05T01:00:00.Z",     // a dot without a fraction
		"2024-02-05T01:00:00+01:60", // an offset's minute of 60
		"2024-02-05T01:00:00+24:00", // an offset's hour of 24
		"2024-02-05T01:00:00+0100",  // an offset without its colon
		"2024-02-05T01:00Z",         // no seconds
		"2024-02-05 01:00:00Z",      // a space for T
		"2024-02-05T01:00:00",       // no offset
		"2024-02-05",
		"2024-13-05T01:00:00Z",
		"2024-02-30T01:00:00Z",
		"2024-02-05T24:00:00Z",
		"",
	} {
		if got, err := ParseRFC3339(input); err == nil {
			t.Errorf("ParseRFC3339(%q) = %v, want an error", input, got)
		}
	}
}

func TestParseCalendarDayTakesOnlyYYYYMMDDWithDashes(t *testing.T) {
	day, err := ParseCalendarDay("2024-02-29")
	if err != nil || day.Format(DayLayout) != "2024-02-29" || day.Location() != time.UTC {
		t.Errorf("ParseCalendarDay(2024-02-29) = %v, %v", day, err)
	}
	for input, wantText := range map[string]string{
		"20240229":   `"20240229" is not a date in the form YYYY-MM-DD`,
		"2023-02-29": `"2023-02-29" is not a real calendar date (day out of range)`,
		"2024-2-29":  `"2024-2-29" is not a date in the form YYYY-MM-DD`,
		"":           `"" is not a date in the form YYYY-MM-DD`,
	} {
		if _, err := ParseCalendarDay(input); err == nil || err.Error() != wantText {
			t.Errorf("ParseCalendarDay(%q): error %v, want %q", input, err, wantText)
		}
	}
}

func TestParseRangeReadsBothEndsOrNamesEachThatFails(t *testing.T) {
	from, to, err := ParseRange(ParseDay, "2024-04-01", "20240430")
	if err != nil || from.Format(DayLayout) != "2024-04-01" || to.Format(DayLayout) != "2024-04-30" {
		t.Errorf("ParseRange = %v, %v, %v; want 2024-04-01, 2024-04-30", from, to, err)
	}
	for _, c := range []struct{ start, end, want string }{
		{"2024-02-30", "2024-04-30", `"2024-02-30"`},
		{"2024-04-01", "April", `"April"`},
		{"yesterday", "today", `"yesterday".*\n"today"`},
	} {
		_, _, err := ParseRange(ParseDay, c.start, c.end)
		if err == nil {
			t.Errorf("ParseRange(%q, %q): no error", c.start, c.end)
			continue
		}
		if ok, _ := regexp.MatchString("(?s)"+c.want, err.Error()); !ok {
			t.Errorf("ParseRange(%q, %q) = %q; want it to name %s", c.start, c.end, err, c.want)
		}
	}
}
