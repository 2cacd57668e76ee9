package livetest

import "time"

// period is a range of whole calendar days, both inclusive.
type period struct {
	first, last time.Time
}

// previousMonth is the calendar month before now's, in now's location: a
// range every vendor has finished billing.
func previousMonth(now time.Time) period {
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
	return period{first: thisMonth.AddDate(0, -1, 0), last: thisMonth.AddDate(0, 0, -1)}
}

// days is the range from one YYYY-MM-DD to another.
func days(first, last string) period {
	return period{first: mustDay(first), last: mustDay(last)}
}

func mustDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func (p period) firstDay() string   { return p.first.Format(time.DateOnly) }
func (p period) lastDay() string    { return p.last.Format(time.DateOnly) }
func (p period) firstMonth() string { return p.first.Format("2006-01") }
func (p period) lastMonth() string  { return p.last.Format("2006-01") }
