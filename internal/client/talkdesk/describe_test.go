package talkdesk

import (
	"fmt"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// A repeated line is named by its id and the fields it has: a field left
// out, or an amount that is null, is not shown as empty.
func TestARepeatedLineIsNamedByWhatItSays(t *testing.T) {
	var amount, none tolerant.Number
	if err := amount.UnmarshalJSON([]byte(`"12.50"`)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line InvoiceLine
		want string
	}{
		{InvoiceLine{ID: tolerant.StringOf("inv-1"), AccountID: tolerant.StringOf("acct-1"), Number: tolerant.StringOf("INV-1"),
			Date: tolerant.StringOf("2026-10-31"), ProductID: tolerant.StringOf("p-9"), Description: tolerant.StringOf("Seats"),
			Currency: tolerant.StringOf("EUR"), Amount: amount},
			`invoice line "inv-1" (account "acct-1", invoice "INV-1", date "2026-10-31", product "p-9", description "Seats", amount 12.5 EUR)`},
		{InvoiceLine{ID: tolerant.StringOf("inv-2"), Currency: tolerant.StringOf("USD"), Amount: none},
			`invoice line "inv-2"`},
		{InvoiceLine{ID: tolerant.StringOf("inv-3"), Amount: amount},
			`invoice line "inv-3" (amount 12.5)`},
	} {
		key, _ := c.line.dedupe()
		if got := describeLine(key); got != c.want {
			t.Errorf("describeLine = %s\nwant          %s", got, c.want)
		}
	}
	// Keys dedupe did not make: a length past the end (by one, and by
	// more), a length cut short, too few fields.
	for _, key := range []string{"\x03ab", "\x05ab", "\x80", "\x01a"} {
		if got, want := describeLine(key), fmt.Sprintf("invoice line %q", key); got != want {
			t.Errorf("describeLine(%q) = %s, want %s", key, got, want)
		}
	}
}

// A line's month and day come from its date as written; a null date has
// neither, and a date too short for a month or not a date has none.
func TestALinesMonthAndDay(t *testing.T) {
	for _, c := range []struct {
		date       tolerant.String
		month, day string // "" when there is none
	}{
		{tolerant.StringOf("2024-08-31T00:00:00.000Z"), "2024-08", "2024-08-31"},
		{tolerant.StringOf("2024-08-31"), "2024-08", "2024-08-31"},
		{tolerant.String{}, "", ""},
		{tolerant.StringOf("2024"), "", ""},
		{tolerant.StringOf("2024-08"), "2024-08", ""},
		{tolerant.StringOf("2024-08-xx"), "2024-08", ""},
	} {
		line := InvoiceLine{Date: c.date}
		month, ok := line.Month()
		if ok != (c.month != "") || month != c.month {
			t.Errorf("Month of %q = %q, %v; want %q", c.date.Text(), month, ok, c.month)
		}
		day, ok := line.Day()
		if ok != (c.day != "") || ok && day.Format("2006-01-02") != c.day {
			t.Errorf("Day of %q = %v, %v; want %q", c.date.Text(), day, ok, c.day)
		}
	}
}
