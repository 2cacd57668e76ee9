package ocamba_test

import (
	"fmt"
	"net/url"
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
