package accounthistory

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// cost_by_date's key: the date part of date_time in the platform's form,
// or of an RFC 3339 time; a form without a separator is kept whole, and a
// null date_time is null (summed under "").
func TestDateKey(t *testing.T) {
	for dateTime, want := range map[string]string{
		"2024-04-01 00:00:00":  "2024-04-01",
		"2024-04-01T13:00:00Z": "2024-04-01",
		"2024-04-01":           "2024-04-01",
		"20240401":             "20240401",
	} {
		if got := date(virtuozzo.Row{DateTime: tolerant.StringOf(dateTime)}); got.Text() != want || got.IsNull() {
			t.Errorf("date of %q = %q, want %q", dateTime, got.Text(), want)
		}
	}
	if got := date(virtuozzo.Row{}); !got.IsNull() {
		t.Errorf("date of a null date_time = %q, want null", got.Text())
	}
}
