package ocamba_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// BenchmarkUsage100Pages reads 100 pages of 10 records from the fake, which
// answers each request after 20 ms, at max_concurrency 1, 4 and 8. ns/op is
// the wall time of one complete read; ideal-ms is the floor,
// ceil(pages / concurrency) × latency, and x-ideal the ratio to it.
func BenchmarkUsage100Pages(b *testing.B) {
	const (
		pages    = 100
		pageSize = 10
		latency  = 20 * time.Millisecond
	)
	fake := fakeapi.Start()
	defer fake.Close()
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(pages * pageSize)...)
	fake.Ocamba.SetLatency(latency)
	endpoint, _ := url.Parse(fake.URL)
	for _, concurrency := range []int{1, 4, 8} {
		b.Run(fmt.Sprintf("max_concurrency=%d", concurrency), func(b *testing.B) {
			core := client.New(client.Settings{MaxConcurrency: concurrency})
			api := ocamba.New(core, endpoint, fakeapi.OcambaToken)
			b.ReportAllocs()
			for b.Loop() {
				records, err := api.Usage(b.Context(), ocamba.Query{PageSize: pageSize})
				if err != nil {
					b.Fatal(err)
				}
				if len(records) != pages*pageSize {
					b.Fatalf("%d records, want %d", len(records), pages*pageSize)
				}
			}
			// The ideal lets every round of requests be full. The read
			// cannot quite: page 1 goes alone, since it gives the total.
			ideal := time.Duration((pages+concurrency-1)/concurrency) * latency
			perRead := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(ideal.Milliseconds()), "ideal-ms")
			b.ReportMetric(float64(perRead)/float64(ideal), "x-ideal")
		})
	}
}

// BenchmarkUsageFolded reads 20 pages of 1 000 records, one request at a
// time, folding each record as it is decoded (no page is held), as a data
// source with include_rows = false reads them. The pages are written
// once and served as they are, so ns/op is mostly the client's CPU.
func BenchmarkUsageFolded(b *testing.B) {
	const pages, pageSize = 20, 1000
	records := fakeapi.OcambaRecords(pages * pageSize)
	bodies := make(map[string][]byte, pages)
	for page := 1; page <= pages; page++ {
		rows := strings.Join(records[(page-1)*pageSize:page*pageSize], ",")
		bodies[fmt.Sprintf("%d,%d", page, pageSize)] = fmt.Appendf(nil, `{"total":%d,"items":[%s]}`, len(records), rows)
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		// In pieces of 4 KiB, as a server that encodes as it writes
		// sends a large answer.
		for body := bodies[r.URL.Query().Get("page")]; len(body) > 0; body = body[min(len(body), 4096):] {
			_, _ = w.Write(body[:min(len(body), 4096)])
			_ = http.NewResponseController(w).Flush()
		}
	}))
	defer server.Close()
	endpoint, _ := url.Parse(server.URL)
	api := ocamba.New(client.New(client.Settings{MaxConcurrency: 1}), endpoint, fakeapi.OcambaToken)
	b.SetBytes(int64(len(strings.Join(records, ","))))
	b.ReportAllocs()
	for b.Loop() {
		var read atomic.Int64
		sink := client.Sink[ocamba.Usage]{Fold: func() (func(*ocamba.Usage) error, func()) {
			var n int64
			return func(*ocamba.Usage) error { n++; return nil }, func() { read.Add(n) }
		}}
		if err := api.UsageEach(b.Context(), ocamba.Query{PageSize: pageSize}, sink); err != nil {
			b.Fatal(err)
		}
		if read.Load() != pages*pageSize {
			b.Fatalf("%d records, want %d", read.Load(), pages*pageSize)
		}
	}
}
