package dates

import (
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
