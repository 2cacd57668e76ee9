package fakeapi

import (
	"context"
	"fmt"
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

// VirtuozzoRows makes n billing-history rows of April 2024 for benchmarks
// at scale, shaped as the platform's documented rows: hourly, over 100
// environments and three charge types, each costing 0.01.
func VirtuozzoRows(n int) []string {
	rows := make([]string, n)
	for i := range n {
		rows[i] = fmt.Sprintf(`{"dateTime":"2024-04-%02d %02d:00:00","type":"%s","resourceType":"OPTION","cost":0.01,"count":1,"nodeid":%d,"nodeCount":1,"group":0,"appid":"env-%d","domain":"env-%d.hoster.example","hostGroupDisplayName":"EU West","hostGroupUniqueName":"eu-west-1","isBonus":false,"isRemote":false,"isPaid":true,"isWithdrawn":true}`,
			i/24%30+1, i%24, [...]string{"ip", "node", "env"}[i%3], 100+i%1000, i%100+1, i%100+1)
	}
	return rows
}

// TrueWatchRows makes n billing-detail rows of October 2026 for benchmarks
// at scale, shaped as the documented rows (some fields "None"), over ten
// products and ten workspaces, each with a billingResult of 0.01.
func TrueWatchRows(n int) []string {
	rows := make([]string, n)
	for i := range n {
		rows[i] = fmt.Sprintf(`{"consumeTimeOfDay":"2026-10-%02d","orgName":"None","productName":"product-%d","productDetail":"Product %d","tag6":"measurement_%d","billingCycle":"day","billingResult":"0.01","deductionAmount":"None","oweAmount":"None","originAmount":0.01,"serviceBillingAmount":"None","couponAmount":"None","storedCardAmount":"None","cashAmount":"0.01","cashCouldAmount":"None","workspaceUuid":"wksp_%d","workspaceName":"workspace-%d","consumeTime":"None","count":1}`,
			i%31+1, i%10, i%10, i%10, i%10, i%10)
	}
	return rows
}
