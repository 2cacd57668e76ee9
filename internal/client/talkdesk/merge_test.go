package talkdesk

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

func record(id, month string, amount string) Usage {
	u := Usage{ID: tolerant.StringOf(id), Month: tolerant.StringOf(month)}
	if amount != "" {
		u.TotalAmount = tolerant.NumberOf(decimal.RequireFromString(amount))
	}
	return u
}

func ids(records []Usage) []string {
	out := make([]string, len(records))
	for i, r := range records {
		out[i] = r.ID.Text()
	}
	return out
}

// Records of split queries come back once each, in order_by order: numbers
// (and numeric ids) by value, nulls first, unknown fields keeping order.
func TestMergeDropsDuplicatesAndSortsByOrderBy(t *testing.T) {
	a := []Usage{record("9", "2024-01", "2"), record("10", "2024-02", "")}
	b := []Usage{record("10", "2024-02", ""), record("100", "2024-01", "10.5")}
	cases := map[string][]string{
		"id:desc":                     {"100", "10", "9"},
		"id:asc":                      {"9", "10", "100"},
		"total_amount:desc":           {"100", "9", "10"},
		"month:asc,total_amount:desc": {"100", "9", "10"},
		"colour:asc":                  {"9", "10", "100"},
	}
	for orderBy, want := range cases {
		merged, err := merge([][]Usage{a, b}, orderBy)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(merged); !slices.Equal(got, want) {
			t.Errorf("merge by %s = %v; want %v", orderBy, got, want)
		}
	}
}

// Records without an id are each kept, and one that two parts both hold
// cannot be told from one record matched twice: it fails the read rather
// than count twice or once by guess. A field null in one and "" in the
// other makes two records.
func TestMergeOfRecordsWithoutAnID(t *testing.T) {
	noID := func(month, amount string) Usage {
		u := record("", month, amount)
		u.ID = tolerant.String{}
		return u
	}
	blankType := noID("2024-02", "2")
	blankType.Type = tolerant.StringOf("")
	merged, err := merge([][]Usage{{noID("2024-01", "1.5"), noID("2024-02", "2")}, {noID("2024-01", "2.5"), blankType, record("", "2024-03", "2")}}, "month:asc")
	if err != nil {
		t.Fatal(err)
	}
	if len(merged) != 5 {
		t.Errorf("merged %d records; want all 5 (each without an id, an empty id being none)", len(merged))
	}
	_, err = merge([][]Usage{{record("1", "2024-01", "1")}, {noID("2024-01", "1.5")}, {noID("2024-01", "1.5")}}, DefaultOrderBy)
	want := `Talkdesk returned an incomplete or inconsistent listing: a usage record without an id (month "2024-01") is in the answers to two parts of the split filter`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v; want one that says %q", err, want)
	}
}

// A record that two parts of a split filter both return, alike in every
// field, is one record; two records that share an id but differ in a field
// (the id reused across accounts) fail the merge, as they fail one page:
// dropping either would lose its amount.
func TestMergeOfRecordsThatShareAnID(t *testing.T) {
	first, same := record("1", "2024-01", "10"), record("1", "2024-01", "10")
	other := record("1", "2024-01", "20")
	other.AccountID = tolerant.StringOf("acct-059")
	merged, err := merge([][]Usage{{first}, {same}}, DefaultOrderBy)
	if err != nil || len(merged) != 1 {
		t.Errorf("one record in two parts: %d merged, %v; want 1", len(merged), err)
	}
	_, err = merge([][]Usage{{first}, {record("2", "2024-01", "1")}, {other}}, DefaultOrderBy)
	want := `Talkdesk returned an incomplete or inconsistent listing: two different usage records have the id "1", ` +
		`in the answers to parts 1 and 3 of the split filter`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v; want one that says %q", err, want)
	}
}

// Values sort in one order whatever the parts' order: numbers by value
// before text, text by its bytes; a value that only looks like a number of
// a huge exponent is compared at once, as text.
func TestMergeSortsMixedValuesInOneOrder(t *testing.T) {
	a := []Usage{record("9", "", ""), record("1a", "", ""), record("1e40000000", "", "")}
	b := []Usage{record("10", "", ""), record("0x", "", "")}
	want := []string{"1e40000000", "1a", "0x", "10", "9"}
	for _, parts := range [][][]Usage{{a, b}, {b, a}} {
		merged, err := merge(parts, "id:desc")
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(merged); !slices.Equal(got, want) {
			t.Errorf("merge by id:desc = %v; want %v", got, want)
		}
	}
}

// usageFields, made from Usage's tags, holds every field by its JSON name
// and reads it as the list kept by hand before it did: strings as sent,
// numbers as decimals, null as "".
func TestUsageFieldsAreEveryFieldOfUsage(t *testing.T) {
	full := map[string]string{"id": "u-1", "account_id": "a-1", "product_id": "p", "aggr_product_id": "ap", "month": "2024-07",
		"type": "voice", "description": "Calls", "currency": "USD", "direction": "out", "resolution": "min", "unit": "minute",
		"wallet_name": "W", "price": "0.012", "number_of_units": "1500", "total_amount": "18"}
	var tags []string
	for f := range reflect.TypeFor[Usage]().Fields() {
		tags = append(tags, f.Tag.Get("json"))
	}
	names := slices.Sorted(maps.Keys(usageFields))
	if want := slices.Sorted(slices.Values(tags)); !slices.Equal(names, want) {
		t.Fatalf("usageFields has %v; Usage's fields are %v", names, want)
	}
	if want := slices.Sorted(maps.Keys(full)); !slices.Equal(names, want) {
		t.Fatalf("usageFields has %v; the hand-kept list had %v", names, want)
	}
	for _, c := range []struct {
		body string
		want map[string]string // "" where left out
	}{
		{`{}`, nil},
		{`{"id":"u-1","account_id":"a-1","product_id":"p","aggr_product_id":"ap","month":"2024-07","type":"voice",` +
			`"description":"Calls","currency":"USD","direction":"out","resolution":"min","unit":"minute","wallet_name":"W",` +
			`"price":0.012,"number_of_units":"1500","total_amount":1.8e1}`, full},
		{`{"id":7,"account_id":true,"month":null,"price":"-0.50","number_of_units":0,"total_amount":123456789012345678901234567890.5}`,
			map[string]string{"id": "7", "account_id": "true", "price": "-0.5", "number_of_units": "0", "total_amount": "123456789012345678901234567890.5"}},
	} {
		var u Usage
		if err := json.Unmarshal([]byte(c.body), &u); err != nil {
			t.Fatal(err)
		}
		for name, text := range usageFields {
			if got := text(u); got != c.want[name] {
				t.Errorf("%s of %s reads %q; want %q", name, c.body, got, c.want[name])
			}
		}
	}
}
