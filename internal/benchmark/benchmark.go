// Package benchmark holds what the decode-and-map benchmarks of every data
// source share. Each measures one data source's path from the bytes of a
// page to the Terraform state value (decode into the vendor's records, then
// rows, totals and breakdowns into the state), beside the floor: the
// standard library unmarshalling the same bytes into generic maps, which
// is what `jsondecode` of the body would at least have to do.
package benchmark

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// PageRows are the page sizes measured: a large page, and a whole month of
// a large account in one answer.
var PageRows = []int{1000, 10000}

// DataSource is one data source's read path, split where the benchmark
// measures it: Decode turns a response into the vendor's records, which
// the data source New makes then stores as a read does (rows, totals and
// breakdowns).
type DataSource[R any] struct {
	Vendor string
	Page   func(rows int) []byte
	Decode func(resp *client.Response) ([]R, error)
	New    func() datasource.DataSource
}

// storer is what the data sources built on rowsource offer benchmarks.
type storer[R any] interface {
	Store(ctx context.Context, records []R, withRows bool) error
	FrameworkStore(ctx context.Context, records []R) error
}

// DecodeAndMap runs, for each of PageRows, the sub-benchmarks
//   - rows=N/provider: body bytes to state value, what a read does;
//   - rows=N/state_only: only the last step, records to the reply's state
//     (rows, totals, breakdowns), as the provider does it: the rows
//     written straight to msgpack (internal/wire);
//   - rows=N/framework_state: the same step on the framework's path,
//     records to tftypes values, then msgpack, which is the least any
//     framework provider that builds values pays for N rows;
//   - rows=N/encoding_json: the floor, the same bytes into generic maps.
//
// MB/s is body bytes per second.
func DecodeAndMap[R any](b *testing.B, ds DataSource[R]) {
	source, ok := ds.New().(storer[R])
	if !ok {
		b.Fatalf("%T cannot store %T records", ds.New(), *new(R))
	}
	for _, rows := range PageRows {
		body := ds.Page(rows)
		response := func() *client.Response {
			return &client.Response{Vendor: ds.Vendor, Method: "GET", Path: "/benchmark", Status: 200, Body: body}
		}
		b.Run(fmt.Sprintf("rows=%d/provider", rows), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				records, err := ds.Decode(response())
				if err != nil {
					b.Fatal(err)
				}
				if len(records) != rows {
					b.Fatalf("decoded %d records, want %d", len(records), rows)
				}
				if err := source.Store(b.Context(), records, true); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("rows=%d/state_only", rows), func(b *testing.B) {
			records, err := ds.Decode(response())
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := source.Store(b.Context(), records, true); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("rows=%d/framework_state", rows), func(b *testing.B) {
			records, err := ds.Decode(response())
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := source.FrameworkStore(b.Context(), records); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("rows=%d/encoding_json", rows), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var generic map[string]any
				if err := json.Unmarshal(body, &generic); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
