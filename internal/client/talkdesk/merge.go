package talkdesk

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// merge joins the records of split queries, dropping a record another
// part returned too (the same id, alike in every field), and sorts them by
// orderBy, so the result reads as one query's. Two records with one id
// that differ fail the merge, as they fail one page: dropping either would
// lose its amount. A record without an id that two parts both hold (alike
// in every field, keyed as the listing keys it) fails the merge too:
// whether it is one record matched twice or two records cannot be told.
// (Within one part, the listing has refused two alike.)
func merge(results [][]Usage, orderBy string) ([]Usage, error) {
	type held struct {
		part int
		key  string // all of its fields
	}
	var merged []Usage
	seen := map[string]held{}  // a record with an id, by its id
	partOf := map[string]int{} // a record without an id, by its key: the part that holds it
	for part, records := range results {
		for _, r := range records {
			if id, ok := r.ID.Value(); ok && id != "" {
				key := client.FieldsKey(r)
				if first, ok := seen[id]; ok {
					if first.key != key {
						return nil, &client.PagingError{Vendor: vendorName, Problem: fmt.Sprintf("two different usage records have the id %q, "+
							"in the answers to parts %d and %d of the split filter: dropping either would lose its amount", id, first.part+1, part+1)}
					}
					continue
				}
				seen[id] = held{part: part, key: key}
			} else {
				key, _ := usageKey(r)
				if first, ok := partOf[key]; ok && first != part {
					return nil, &client.PagingError{Vendor: vendorName, Problem: fmt.Sprintf("a usage record without an id (%s) "+
						"is in the answers to two parts of the split filter, %d and %d: whether it is one record or two cannot be told",
						describeUsage(r), first+1, part+1)}
				}
				partOf[key] = part
			}
			merged = append(merged, r)
		}
	}
	keys := orderKeys(orderBy)
	slices.SortStableFunc(merged, func(a, b Usage) int {
		for _, key := range keys {
			if c := key.compare(a, b); c != 0 {
				return c
			}
		}
		return 0
	})
	return merged, nil
}

// usageKey tells a usage record from a repeat of it: its id, or all of its
// fields (client.RecordKey).
var usageKey = client.RecordKey(Usage.id)

// describeUsage names a record without an id by its account, month and
// type, as far as it has them.
func describeUsage(u Usage) string {
	var parts []string
	for _, field := range []struct {
		name  string
		value tolerant.String
	}{{"account_id", u.AccountID}, {"month", u.Month}, {"type", u.Type}} {
		if v, ok := field.value.Value(); ok {
			parts = append(parts, fmt.Sprintf("%s %q", field.name, v))
		}
	}
	return strings.Join(parts, ", ")
}

type orderKey struct {
	field func(Usage) string
	desc  bool
}

func (k orderKey) compare(a, b Usage) int {
	c := compareValues(k.field(a), k.field(b))
	if k.desc {
		return -c
	}
	return c
}

// orderKeys reads "field:asc,field:desc". Fields that are not record
// fields are skipped: they compare equal, keeping the queries' order.
func orderKeys(orderBy string) []orderKey {
	var keys []orderKey
	for _, key := range strings.Split(orderBy, ",") {
		name, direction, _ := strings.Cut(strings.TrimSpace(key), ":")
		if field, ok := usageFields[name]; ok {
			keys = append(keys, orderKey{field: field, desc: strings.EqualFold(direction, "desc")})
		}
	}
	return keys
}

// usageFields reads a record's fields by their JSON names, as text: every
// field of Usage, so that a field added to it can be ordered by.
var usageFields = tolerant.TextsOf[Usage]()

// compareValues orders two values: an empty value (null) first, then
// numbers by value, then text by its bytes, so that the order is one
// whatever order the parts came in. A number is what tolerant reads as
// one: a text that only looks like a number of a huge exponent is text,
// compared at once.
func compareValues(a, b string) int {
	if a == "" || b == "" {
		return cmp.Compare(len(a), len(b))
	}
	x, errA := tolerant.ParseDecimal(a)
	y, errB := tolerant.ParseDecimal(b)
	switch {
	case errA == nil && errB == nil:
		return x.Cmp(y)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}
