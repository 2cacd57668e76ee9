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

// BenchmarkUsage100Pages reads 100 pages of 10 records from the fake,
// which takes 20 ms to answer each request, at max_concurrency 1 and 4.
// ns/op is the wall time of one complete read.
func BenchmarkUsage100Pages(b *testing.B) {
	fake := fakeapi.Start()
	defer fake.Close()
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(1000)...)
	fake.Ocamba.SetLatency(20 * time.Millisecond)
	endpoint, _ := url.Parse(fake.URL)
	for _, concurrency := range []int{1, 4} {
		b.Run(fmt.Sprintf("max_concurrency=%d", concurrency), func(b *testing.B) {
			core := client.New(client.Settings{MaxConcurrency: concurrency})
			api := ocamba.New(core, endpoint, fakeapi.OcambaToken)
			b.ReportAllocs()
			for b.Loop() {
				records, err := api.Usage(b.Context(), ocamba.Query{PageSize: 10})
				if err != nil {
					b.Fatal(err)
				}
				if len(records) != 1000 {
					b.Fatalf("%d records, want 1000", len(records))
				}
			}
		})
	}
}
