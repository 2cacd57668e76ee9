package tfstate

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// BenchmarkFoldedPages sums a listing read with include_rows = false as
// a Talkdesk usage read does: pages of 250 records folded into parts
// that join the read, over a thousand accounts, twelve months and three
// currencies, with a breakdown by currency and three by key then
// currency.
func BenchmarkFoldedPages(b *testing.B) {
	type usage struct {
		account, month, kind, currency tolerant.String
		amount                         tolerant.Number
	}
	const records, pageSize = 100_000, 250
	byCurrency := tftypes.Map{ElementType: NumberMapType}
	object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"count": tftypes.Number, "by_currency": NumberMapType,
		"by_account": byCurrency, "by_month": byCurrency, "by_kind": byCurrency,
	}}
	amount := func(u usage) tolerant.Number { return u.amount }
	currency := func(u usage) tolerant.String { return u.currency }
	shape := NewShape(object, Layout[usage, struct{}]{
		Count: "count",
		Breakdowns: []Breakdown[usage]{
			{Name: "by_currency", Key: currency, Amount: amount},
			{Name: "by_account", Key: func(u usage) tolerant.String { return u.account }, Currency: currency, Amount: amount},
			{Name: "by_month", Key: func(u usage) tolerant.String { return u.month }, Currency: currency, Amount: amount},
			{Name: "by_kind", Key: func(u usage) tolerant.String { return u.kind }, Currency: currency, Amount: amount},
		},
	})
	all := make([]usage, records)
	for i := range all {
		var n tolerant.Number
		if err := n.UnmarshalJSON(fmt.Appendf(nil, "%d.%02d", i%977, i%100)); err != nil {
			b.Fatal(err)
		}
		all[i] = usage{
			account:  tolerant.StringOf(fmt.Sprintf("account-%04d", i%1000)),
			month:    tolerant.StringOf(fmt.Sprintf("2026-%02d", 1+i%12)),
			kind:     tolerant.StringOf([]string{"voice", "sms", "seat"}[i%3]),
			currency: tolerant.StringOf([]string{"USD", "EUR", "GBP"}[i/7%3]),
			amount:   n,
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		read := shape.NewRead(context.Background(), false)
		for start := 0; start < records; start += pageSize {
			part := read.Part()
			for i := start; i < start+pageSize; i++ {
				if err := part.Add(&all[i]); err != nil {
					b.Fatal(err)
				}
			}
			part.Join()
		}
		if _, err := read.summaries(nil); err != nil {
			b.Fatal(err)
		}
	}
}
