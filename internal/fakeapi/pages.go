package fakeapi

import (
	"context"
	"net/http/httptest"
	"slices"
)

// Single pages of n rows in each vendor's wire format, for the decode
// benchmarks. The rows cycle through the vendor's default rows, so every
// documented quirk ("None" strings, numbers as strings, absent fields,
// nulls) appears at its usual rate. The handlers render pages with the same
// functions.

// TrueWatchPage is a billing-details answer with n rows.
func TrueWatchPage(n int) []byte {
	return trueWatchBody(cycle(DefaultTrueWatchRows(), n), "trace-benchmark")
}

// VirtuozzoPage is a billing-history answer with n rows.
func VirtuozzoPage(n int) []byte {
	return virtuozzoBody(cycle(raw(DefaultVirtuozzoRows...), n))
}

// OcambaPage is the first page of a usage listing, n records of n.
func OcambaPage(n int) []byte {
	return ocambaBody(n, cycle(raw(DefaultOcambaRecords...), n))
}

// TalkdeskPage is the only page of a HAL usage listing of n records, with
// links and counters.
func TalkdeskPage(n int) []byte {
	f := NewTalkdesk()
	f.counters = true
	f.SetRows(cycle(DefaultTalkdeskRecords, n)...)
	return f.Document()
}

func cycle[T any](rows []T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = rows[i%len(rows)]
	}
	return out
}

// Document is every record the fake serves as one listing page: what a
// configuration without the provider would fetch and jsondecode, for the
// end-to-end benchmark's floor.
func (f *Ocamba) Document() []byte {
	f.mu.Lock()
	rows := slices.Clone(f.rows)
	f.mu.Unlock()
	return ocambaBody(len(rows), rows)
}

// Document is every record the fake serves as one HAL page (see
// Ocamba.Document).
func (f *Talkdesk) Document() []byte {
	records, _ := f.listing("", "")
	r := httptest.NewRequestWithContext(context.Background(), "GET", "http://127.0.0.1:8080"+TalkdeskPath, nil)
	return []byte(halPage(f, r, TalkdeskPath, "usage", records, 1, max(1, len(records))))
}
