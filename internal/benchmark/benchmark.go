// Package benchmark holds what the decode-and-map benchmarks of every data
// source share. Each measures one data source's path from the bytes of a
// page to the Terraform state value (decode into the vendor's types, map to
// the model with its totals, convert to the state), beside the floor: the
// standard library unmarshalling the same bytes into generic maps, which
// is what `jsondecode` of the body would at least have to do.
package benchmark

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
)

// PageRows are the page sizes measured: a large page, and a whole month of
// a large account in one answer.
var PageRows = []int{1000, 10000}

// DataSource is one data source's read path, split where the benchmark
// measures it: Fill decodes a response and maps it to the model (with the
// totals), returning the rows mapped; the model is then stored in a state
// of Schema, converting the attributes named in RowLists as the read does.
type DataSource[M any] struct {
	Vendor   string
	Schema   schema.Schema
	Page     func(rows int) []byte
	Fill     func(resp *client.Response) (*M, int, error)
	RowLists []string
}

// DecodeAndMap runs, for each of PageRows, the sub-benchmarks
//   - rows=N/provider: body bytes to state value, what a read does;
//   - rows=N/state_only: only the last step, model to state value, which
//     is the least any framework provider pays for N rows;
//   - rows=N/encoding_json: the floor, the same bytes into generic maps.
//
// MB/s is body bytes per second.
func DecodeAndMap[M any](b *testing.B, ds DataSource[M]) {
	for _, rows := range PageRows {
		body := ds.Page(rows)
		response := func() *client.Response {
			return &client.Response{Vendor: ds.Vendor, Method: "GET", Path: "/benchmark", Status: 200, Body: body}
		}
		b.Run(fmt.Sprintf("rows=%d/provider", rows), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				model, mapped, err := ds.Fill(response())
				if err != nil {
					b.Fatal(err)
				}
				if mapped != rows {
					b.Fatalf("mapped %d rows, want %d", mapped, rows)
				}
				if err := store(b.Context(), ds.Schema, model, ds.RowLists); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("rows=%d/state_only", rows), func(b *testing.B) {
			model, _, err := ds.Fill(response())
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := store(b.Context(), ds.Schema, model, ds.RowLists); err != nil {
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

// store converts model to a state value of s, as a read does last.
func store(ctx context.Context, s schema.Schema, model any, rowLists []string) error {
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if diags := tfvalue.SetState(ctx, &state, model, rowLists...); diags.HasError() {
		return fmt.Errorf("SetState: %v", diags)
	}
	return nil
}
