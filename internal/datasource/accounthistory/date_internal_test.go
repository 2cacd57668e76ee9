package accounthistory

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// cost_by_date's key: the date part of date_time in the platform's form,
// or of an RFC 3339 time; any other form is kept whole, never cut to a
// part that rows of other days share ("Apr" of "Apr 1, 2024 ..."), and a
// null date_time is null (summed under "").
func TestDateKey(t *testing.T) {
	for dateTime, want := range map[string]string{
		"2024-04-01 00:00:00":          "2024-04-01",
		"2024-04-01T13:00:00Z":         "2024-04-01",
		"2024-04-01t13:00:00z":         "2024-04-01",
		"2024-04-01T10:00:00 +0200":    "2024-04-01",
		"2024-04-01":                   "2024-04-01",
		"20240401":                     "20240401",
		"Apr 1, 2024 12:00:00 AM":      "Apr 1, 2024 12:00:00 AM",
		"Mon Apr 01 00:00:00 UTC 2024": "Mon Apr 01 00:00:00 UTC 2024",
		"01.04.2024 00:00:00":          "01.04.2024 00:00:00",
		"2024-02-30 00:00:00":          "2024-02-30 00:00:00",
	} {
		if got := date(virtuozzo.Row{DateTime: tolerant.StringOf(dateTime)}); got.Text() != want || got.IsNull() {
			t.Errorf("date of %q = %q, want %q", dateTime, got.Text(), want)
		}
	}
	if got := date(virtuozzo.Row{}); !got.IsNull() {
		t.Errorf("date of a null date_time = %q, want null", got.Text())
	}
}
