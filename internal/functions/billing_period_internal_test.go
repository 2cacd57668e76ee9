package functions

import (
	"math/big"
	"testing"
	"time"
)

func TestMoveMonths(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		year      int
		month     time.Month
		months    int
		wantYear  int
		wantMonth time.Month
		wantOK    bool
	}{
		{2026, time.March, 0, 2026, time.March, true},
		{2026, time.March, -1, 2026, time.February, true},
		{2026, time.January, -1, 2025, time.December, true},
		{2026, time.December, 1, 2027, time.January, true},
		{2026, time.January, -12, 2025, time.January, true},
		{2026, time.January, -13, 2024, time.December, true},
		{2026, time.January, -24, 2024, time.January, true},
		{2026, time.November, 25, 2028, time.December, true},
		{0, time.January, 0, 0, time.January, true},
		{0, time.January, -1, -1, time.December, false},
		{0, time.February, -13, -1, time.January, false},
		{9999, time.December, 0, 9999, time.December, true},
		{9999, time.December, 1, 10000, time.January, false},
	} {
		year, month, ok := moveMonths(c.year, c.month, c.months)
		if year != c.wantYear || month != c.wantMonth || ok != c.wantOK {
			t.Errorf("moveMonths(%d, %s, %d) = %d, %s, %t; want %d, %s, %t",
				c.year, c.month, c.months, year, month, ok, c.wantYear, c.wantMonth, c.wantOK)
		}
	}
}

func TestWholeMonths(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   *big.Float
		want int
		err  string
	}{
		{big.NewFloat(-1), -1, ""},
		{big.NewFloat(12000), 12000, ""},
		{big.NewFloat(-12000), -12000, ""},
		{big.NewFloat(12001), 0, "months is 12001; it must be between -12000 and 12000"},
		{big.NewFloat(0.5), 0, "months is 0.5; it must be a whole number of months"},
		{new(big.Float).SetInf(false), 0, "months is +Inf; it must be a whole number of months"},
	} {
		got, err := wholeMonths(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("wholeMonths(%s): error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("wholeMonths(%s) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}
