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

// DecodeAndMap runs, for each of PageRows, sub-benchmarks "rows=N/provider"
// (read: body to state, returning the rows it mapped) and
// "rows=N/encoding_json" (the floor). MB/s is body bytes per second.
func DecodeAndMap(b *testing.B, vendor string, page func(rows int) []byte, read func(ctx context.Context, resp *client.Response) (int, error)) {
	for _, rows := range PageRows {
		body := page(rows)
		b.Run(fmt.Sprintf("rows=%d/provider", rows), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				resp := &client.Response{Vendor: vendor, Method: "GET", Path: "/benchmark", Status: 200, Body: body}
				mapped, err := read(b.Context(), resp)
				if err != nil {
					b.Fatal(err)
				}
				if mapped != rows {
					b.Fatalf("mapped %d rows, want %d", mapped, rows)
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

// SetState converts model to a state value of s, as a read does last.
func SetState(ctx context.Context, s schema.Schema, model any, rowLists ...string) error {
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if diags := tfvalue.SetState(ctx, &state, model, rowLists...); diags.HasError() {
		return fmt.Errorf("SetState: %v", diags)
	}
	return nil
}
