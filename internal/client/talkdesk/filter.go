package talkdesk

import (
	"fmt"
	"strings"
	"time"
)

// Limits the API puts on its query parameters.
const (
	MaxFilterLength  = 1600
	MaxOrderByLength = 40
	MaxPerPage       = 250
	// MaxAccountIDLength bounds one account id, so that any one of them
	// fits in a filter with a month clause beside it.
	MaxAccountIDLength = 200
)

// monthLayout is how the API writes months.
const monthLayout = "2006-01"

// ParseMonth reads a month written YYYY-MM.
func ParseMonth(s string) (time.Time, error) {
	t, err := time.Parse(monthLayout, s)
	if err != nil || t.Format(monthLayout) != s {
		return time.Time{}, fmt.Errorf("%q is not a month in the form YYYY-MM", s)
	}
	return t, nil
}

// Months lists the months from from to to, both included, as YYYY-MM.
func Months(from, to time.Time) []string {
	var months []string
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format(monthLayout))
	}
	return months
}

// quote writes a filter value: in single quotes, a quote inside doubled
// (the documentation shows no escape; doubling is the OData convention its
// grammar follows).
func quote(value string) string {
	return "'" + strings.ReplaceAll(value, "'", "''") + "'"
}

// Filters turns account ids and months (either may be empty) into the
// API's filter: (account_id eq 'a' or …) and (month eq 'm' or …). When
// that would be longer than MaxFilterLength, it is split into several
// filters, each within the limit, that together select the same records:
// the months in groups of at most half the limit, and for each group, the
// accounts in as many groups as fit beside it.
func Filters(accounts, months []string) []string {
	accountTerms := terms("account_id", accounts)
	monthTerms := terms("month", months)
	switch {
	case len(accountTerms) == 0 && len(monthTerms) == 0:
		return nil
	case len(accountTerms) == 0:
		return groups(monthTerms, MaxFilterLength)
	case len(monthTerms) == 0:
		return groups(accountTerms, MaxFilterLength)
	}
	const and = " and "
	if whole := group(accountTerms) + and + group(monthTerms); len(whole) <= MaxFilterLength {
		return []string{whole}
	}
	var filters []string
	for _, monthGroup := range groups(monthTerms, MaxFilterLength/2) {
		for _, accountGroup := range groups(accountTerms, MaxFilterLength-len(and)-len(monthGroup)) {
			filters = append(filters, accountGroup+and+monthGroup)
		}
	}
	return filters
}

func terms(field string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = field + " eq " + quote(v)
	}
	return out
}

func group(terms []string) string { return "(" + strings.Join(terms, " or ") + ")" }

// groups packs terms, in order, into as few groups as fit within limit.
// A term longer than limit on its own gets a group of its own (the
// argument validators keep that from happening).
func groups(terms []string, limit int) []string {
	var out []string
	for start := 0; start < len(terms); {
		end := start + 1
		length := 2 + len(terms[start])
		for end < len(terms) && length+len(" or ")+len(terms[end]) <= limit {
			length += len(" or ") + len(terms[end])
			end++
		}
		out = append(out, group(terms[start:end]))
		start = end
	}
	return out
}
