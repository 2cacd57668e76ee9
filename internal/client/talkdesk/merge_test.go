package talkdesk

import (
	"slices"
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
		if got := ids(merge([][]Usage{a, b}, orderBy)); !slices.Equal(got, want) {
			t.Errorf("merge by %s = %v; want %v", orderBy, got, want)
		}
	}
}
