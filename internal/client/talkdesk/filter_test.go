package talkdesk

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
)

func TestFiltersQuoteAndCombine(t *testing.T) {
	got := Filters([]string{"a1", "o'brien"}, []string{"2024-01", "2024-02"})
	want := []string{`(account_id eq 'a1' or account_id eq 'o''brien') and (month eq '2024-01' or month eq '2024-02')`}
	if !slices.Equal(got, want) {
		t.Errorf("Filters = %q\nwant %q", got, want)
	}
	if got := Filters(nil, []string{"2024-03"}); !slices.Equal(got, []string{`(month eq '2024-03')`}) {
		t.Errorf("months only: %q", got)
	}
	if got := Filters(nil, nil); got != nil {
		t.Errorf("nothing: %q", got)
	}
}

// However many accounts and months, every filter fits the API's limit and
// every (account, month) pair is selected by exactly one filter.
func TestFiltersSplitWithinTheLimitCoveringEveryPairOnce(t *testing.T) {
	term := regexp.MustCompile(`(account_id|month) eq '([^']*)'`)
	for _, size := range []struct{ accounts, months int }{{70, 0}, {0, 120}, {70, 3}, {200, 40}, {1, 90}} {
		t.Run(fmt.Sprintf("%d accounts, %d months", size.accounts, size.months), func(t *testing.T) {
			accounts := make([]string, size.accounts)
			for i := range accounts {
				accounts[i] = fmt.Sprintf("5ea7%020d", i)
			}
			months := make([]string, size.months)
			for i := range months {
				months[i] = fmt.Sprintf("%04d-%02d", 2000+i/12, i%12+1)
			}
			filters := Filters(accounts, months)
			if len(filters) < 2 {
				t.Fatalf("%d filters; this many values should need splitting", len(filters))
			}
			pairs := map[string]int{}
			for _, f := range filters {
				if len(f) > MaxFilterLength {
					t.Fatalf("a filter of %d characters: %s", len(f), f)
				}
				var as, ms []string
				for _, m := range term.FindAllStringSubmatch(f, -1) {
					if m[1] == "account_id" {
						as = append(as, m[2])
					} else {
						ms = append(ms, m[2])
					}
				}
				if len(as) == 0 {
					as = []string{"*"}
				}
				if len(ms) == 0 {
					ms = []string{"*"}
				}
				for _, a := range as {
					for _, m := range ms {
						pairs[a+"|"+m]++
					}
				}
			}
			want := max(size.accounts, 1) * max(size.months, 1)
			if len(pairs) != want {
				t.Errorf("%d pairs selected; want %d", len(pairs), want)
			}
			for pair, n := range pairs {
				if n != 1 {
					t.Errorf("pair %s selected by %d filters", pair, n)
				}
			}
		})
	}
}

func TestMonths(t *testing.T) {
	from, _ := ParseMonth("2023-11")
	to, _ := ParseMonth("2024-02")
	if got := Months(from, to); !slices.Equal(got, []string{"2023-11", "2023-12", "2024-01", "2024-02"}) {
		t.Errorf("Months = %v", got)
	}
	for _, bad := range []string{"2024-13", "2024-1", "24-01", "2024-01-01", ""} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
}
