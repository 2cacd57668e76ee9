package client

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
)

// BenchmarkKeptListing reads a listing of 20 pages of 1 000 records from
// the cache directory, where a first read kept it, folding its records
// (include_rows = false) or handing its pages over in order. ns/op is the
// client's CPU of a read that asks the vendor nothing.
func BenchmarkKeptListing(b *testing.B) {
	const pages, size = 20, 1000
	for _, folded := range []bool{false, true} {
		name := "pages"
		if folded {
			name = "folded"
		}
		b.Run(name, func(b *testing.B) {
			s := &listingServer{total: pages * size, delay: func(int) time.Duration { return 0 }}
			s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
			defer s.Close()
			dir, err := cachedir.Open(b.Context(), b.TempDir(), time.Hour, "bench")
			if err != nil {
				b.Fatal(err)
			}
			api := New(Settings{Cache: dir, MaxConcurrency: 4, MaxRetries: 0}).API(Vendor{Name: "Bench", Credentials: []string{"bench-key"}})
			var rows atomic.Int64
			sink := Sink[int]{Pages: func(page []int) error { rows.Add(int64(len(page))); return nil }}
			if folded {
				sink = Sink[int]{Fold: func() (func(*int) error, func()) {
					var n int64
					return func(*int) error { n++; return nil }, func() { rows.Add(n) }
				}}
			}
			read := func() {
				rows.Store(0)
				if err := EachPage(b.Context(), api, size, s.fetchThroughCache(api, size), nil, sink); err != nil {
					b.Fatal(err)
				}
				if rows.Load() != pages*size {
					b.Fatalf("%d records, want %d", rows.Load(), pages*size)
				}
			}
			read() // kept
			b.ReportAllocs()
			for b.Loop() {
				read()
			}
			if _, _, requests := s.stats(); requests != pages {
				b.Errorf("%d requests, want %d (the first read's)", requests, pages)
			}
		})
	}
}
