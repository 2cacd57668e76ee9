package talkdesk

import (
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
	if got := describeLine("\x05ab"); got != `invoice line "\x05ab"` {
		t.Errorf("a key dedupe did not make: %s", got)
	}
}
