package talkdesk

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// InvoicesPath is the invoices endpoint.
const InvoicesPath = "/express/invoices"

// InvoiceLine is one line of an invoice; the invoice's own fields (number,
// date, total_invoice_amount, ...) repeat on each of its lines.
type InvoiceLine struct {
	ID tolerant.String `json:"id"`
	// AccountID is the account, which the API's reference spells
	// "account ID" and client code account_id: either is read.
	AccountID          tolerant.String `json:"account_id"`
	AccountIDSpaced    tolerant.String `json:"account ID"`
	Number             tolerant.String `json:"number"`
	Date               tolerant.String `json:"date"`
	DueDate            tolerant.String `json:"due_date"`
	Status             tolerant.String `json:"status"`
	Currency           tolerant.String `json:"currency"`
	ProductID          tolerant.String `json:"product_id"`
	Description        tolerant.String `json:"description"`
	TotalInvoiceAmount tolerant.Number `json:"total_invoice_amount"`
	Quantity           tolerant.Number `json:"quantity"`
	Rate               tolerant.Number `json:"rate"`
	Amount             tolerant.Number `json:"amount"`
}

func (l InvoiceLine) id() (string, bool) { return l.ID.Value() }

// UnmarshalJSONFrom decodes a line as encoding/json does, faster.
func (l *InvoiceLine) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return invoiceLineRecord.Decode(dec, l)
}

var invoiceLineRecord = tolerant.RecordOf[InvoiceLine]()

// dedupe tells repeated lines apart: the id may be the invoice's, shared by
// its lines, so a line is known by what it says, not by its id alone
// (appendKey).
func (l InvoiceLine) dedupe() (string, bool) {
	key, ok := l.appendKey(make([]byte, 0, 256))
	return string(key), ok
}

// appendKey appends the key dedupe makes to key: the fields' texts, each
// after its length, so that no text (a NUL in it included) runs into the
// next.
func (l InvoiceLine) appendKey(key []byte) ([]byte, bool) {
	for _, text := range [...]tolerant.String{l.ID, l.AccountID, l.Number, l.Date, l.DueDate, l.Status, l.Currency, l.ProductID, l.Description} {
		key = appendKeyField(key, text.Text())
	}
	var scratch [32]byte
	for _, number := range [...]tolerant.Number{l.TotalInvoiceAmount, l.Quantity, l.Rate, l.Amount} {
		text := number.Append(scratch[:0])
		key = append(binary.AppendUvarint(key, uint64(len(text))), text...)
	}
	return key, true
}

func appendKeyField(key []byte, text string) []byte {
	return append(binary.AppendUvarint(key, uint64(len(text))), text...)
}

// describeLine names a repeated line in an error by what its key (dedupe)
// says: its id, and the fields that tell which line it is.
func describeLine(key string) string {
	var fields []string
	for rest := []byte(key); len(rest) > 0; {
		n, width := binary.Uvarint(rest)
		if width <= 0 || n > uint64(len(rest)-width) { //nolint:gosec // width is at most len(rest)
			return fmt.Sprintf("invoice line %q", key) // not a key dedupe made
		}
		end := width + int(n) //nolint:gosec // n is at most len(rest) - width
		fields, rest = append(fields, string(rest[width:end])), rest[end:]
	}
	if len(fields) != 13 {
		return fmt.Sprintf("invoice line %q", key)
	}
	var said []string
	for _, f := range []struct {
		label string
		index int
	}{{"account", 1}, {"invoice", 2}, {"date", 3}, {"product", 7}, {"description", 8}} {
		if fields[f.index] != "" {
			said = append(said, fmt.Sprintf("%s %q", f.label, fields[f.index]))
		}
	}
	if amount := fields[12]; amount != "null" {
		said = append(said, strings.TrimSpace("amount "+amount+" "+fields[6]))
	}
	if len(said) == 0 {
		return fmt.Sprintf("invoice line %q", fields[0])
	}
	return fmt.Sprintf("invoice line %q (%s)", fields[0], strings.Join(said, ", "))
}

// Month is the YYYY-MM of the line's date, the date part as written; false
// when the date is null. The client checked every line's date as it read
// the line (normalizeInvoiceLine), so this cuts it, without reading it
// again.
func (l InvoiceLine) Month() (string, bool) {
	text, ok := l.Date.Value()
	if !ok || len(text) < len("2006-01") {
		return "", false
	}
	return text[:len("2006-01")], true
}

// Day is the calendar day of the line's date, which the API writes as
// 2024-08-31T00:00:00.000Z: the date part as written (the time and any
// zone are ignored). False when the date is null.
func (l InvoiceLine) Day() (time.Time, bool) {
	text, ok := l.Date.Value()
	if !ok {
		return time.Time{}, false
	}
	day, err := DatePart(text)
	return day, err == nil
}

// DatePart reads the date at the start of an API date: YYYY-MM-DD alone or
// followed by a time (T, t or a space, then anything).
func DatePart(s string) (time.Time, error) {
	if day, ok := dates.DayOf(s); ok {
		return dates.ParseCalendarDay(day)
	}
	return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD (optionally followed by a time, as in 2024-08-31T00:00:00.000Z)", s)
}

// invoicesListing is GET /express/invoices.
var invoicesListing = &listing[InvoiceLine]{
	path: InvoicesPath, key: "invoices", scope: InvoicesScope,
	expected: "a Talkdesk invoices page ({_embedded: {invoices: [...]}, _links, ...}) with invoices as an array of invoice lines",
	noun:     "invoice", whether: "whether there are invoices",
	body:      func() body[InvoiceLine] { return &invoicesBody{} },
	id:        InvoiceLine.id,
	dedupe:    InvoiceLine.dedupe,
	appendKey: InvoiceLine.appendKey,
	describe:  describeLine,
	normalize: normalizeInvoiceLine,
	forbidden: forbiddenScopeHint(InvoicesScope),
}

type invoicesBody struct {
	halMeta
	Embedded *struct {
		Invoices []InvoiceLine `json:"invoices"`
	} `json:"_embedded"`
	Invoices []InvoiceLine `json:"invoices"`
}

// UnmarshalJSONFrom decodes a page as usageBody's does.
func (b *invoicesBody) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[invoicesBody]().Decode(dec, b)
}

func (b *invoicesBody) records() (embedded, top []InvoiceLine, hasEmbedded bool) {
	if b.Embedded == nil {
		return nil, b.Invoices, false
	}
	return b.Embedded.Invoices, b.Invoices, true
}

// normalizeInvoiceLine reads the account id of line number (from 1) of a
// page from either spelling into AccountID, and checks that its date can
// be read: a line whose month cannot be told would drop out of the sums by
// month.
func normalizeInvoiceLine(number int, l *InvoiceLine) string {
	switch {
	case l.AccountID.IsNull():
		l.AccountID = l.AccountIDSpaced
	case !l.AccountIDSpaced.IsNull() && l.AccountIDSpaced != l.AccountID:
		return fmt.Sprintf(`record %d of _embedded.invoices (id %q) has both account_id %q and "account ID" %q: `+
			"which account the line belongs to cannot be told", number, l.ID.Text(), l.AccountID.Text(), l.AccountIDSpaced.Text())
	}
	l.AccountIDSpaced = tolerant.String{}
	if date, ok := l.Date.Value(); ok {
		if _, err := DatePart(date); err != nil {
			return fmt.Sprintf("record %d of _embedded.invoices (id %q): field date: %v", number, l.ID.Text(), err)
		}
	}
	return ""
}

// InvoicesEach reads every invoice line, in the API's order, and hands
// them to each a page at a time where the pages report their counts (all
// at once where next links are followed). The API's filters for invoices
// are not documented: every line is read.
func (c *Client) InvoicesEach(ctx context.Context, sink client.Sink[InvoiceLine]) error {
	return pager[InvoiceLine]{c: c, l: invoicesListing, perPage: DefaultPerPage}.readEach(ctx, sink)
}
