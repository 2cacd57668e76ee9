package client

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// keyedRecord has the field types of the vendors' records: text, numbers,
// and a list of nested records.
type keyedRecord struct {
	ID, App, Currency tolerant.String
	Amount            tolerant.Number
	Items             []keyedItem
}

type keyedItem struct {
	Name   tolerant.String
	Amount tolerant.Number
}

// A record without an id is keyed by all of its fields: records alike in
// every field get one key, and records that differ get two, whatever
// their texts hold (braces, spaces and the words a printout would use
// between fields).
func TestRecordKeyTellsRecordsWithoutAnIDApart(t *testing.T) {
	key := RecordKey(func(r keyedRecord) (string, bool) { return r.ID.Value() })
	text := tolerant.StringOf
	number := func(s string) tolerant.Number { return tolerant.NumberOf(decimal.RequireFromString(s)) }
	alike := [][2]keyedRecord{
		{{App: text("a"), Amount: number("1.50")}, {App: text("a"), Amount: number("1.5")}},
		{{Items: nil}, {Items: []keyedItem{}}},
	}
	for _, pair := range alike {
		a, _ := key(pair[0])
		b, _ := key(pair[1])
		if a != b {
			t.Errorf("%+v and %+v are alike in every field, but keyed %q and %q", pair[0], pair[1], a, b)
		}
	}
	different := [][2]keyedRecord{
		{{App: text("x true} {y"), Currency: text("z")}, {App: text("x"), Currency: text("y true} {z")}},
		{{App: text("")}, {}},
		{{Items: []keyedItem{{Name: text("a")}, {Name: text("b")}}}, {Items: []keyedItem{{Name: text("a} {b")}}}},
		{{Amount: number("1")}, {Amount: number("10")}},
		{{ID: text("1")}, {App: text("1")}},
	}
	for _, pair := range different {
		a, _ := key(pair[0])
		b, _ := key(pair[1])
		if a == b {
			t.Errorf("%+v and %+v differ, but are both keyed %q", pair[0], pair[1], a)
		}
	}
}
