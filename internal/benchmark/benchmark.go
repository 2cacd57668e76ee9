// Package benchmark holds what the decode-and-map benchmarks share (in the
// benchmark_test.go of truewatchdetails, accounthistory, ocambausage and
// accountsusage). Each measures one data source's path from the bytes of a
// page to the Terraform state value (decode into the vendor's records, then
// rows, totals and breakdowns into the state), beside the floor: the
// standard library unmarshalling the same bytes into generic maps, which
// is what `jsondecode` of the body would at least have to do.
package benchmark

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// PageRows are the page sizes measured: a large page, and a whole month of
// a large account in one answer.
var PageRows = []int{1000, 10000}

// DataSource is one data source's read path, split where the benchmark
// measures it: Decode turns a response into the vendor's records, which
// the data source's Shape then stores as a read does (rows, totals and
// breakdowns).
type DataSource[R any] struct {
	Vendor string
	Page   func(rows int) []byte
	Decode func(resp *client.Response) ([]R, error)
	Shape  *tfstate.Shape[R]
}

// benchmarkCredential is a credential as a provider holds one.
var benchmarkCredential = func() *client.Secrets {
	var s client.Secrets
	s.Add("bench-api-key-0123456789abcdef")
	return &s
}()

// store stores records with rows as a read does, with every argument and
// response attribute null: on the direct way (the rows written as msgpack,
// as the provider's server has it), or on the framework's way (tftypes
// values, then encoded as terraform-plugin-go does: the least the
// framework's way costs, which also walks the state twice more).
func store[R any](ctx context.Context, shape *tfstate.Shape[R], records []R, direct bool) error {
	given := map[string]tftypes.Value{}
	for name, t := range shape.Type().AttributeTypes {
		given[name] = tftypes.NewValue(t, nil)
	}
	var reply *tfstate.Reply
	if direct {
		ctx, reply = tfstate.WithReply(ctx)
	}
	read := shape.NewRead(ctx, true)
	// As a read on a configured provider: its state is searched for the
	// credential it reads with before it is sent.
	read.Refusing(func(state []byte) error {
		if benchmarkCredential.AppearSpelled(state) {
			return errors.New("the state holds the credential")
		}
		return nil
	})
	read.Add(records)
	var state tfsdk.State
	if err := read.Store(ctx, given, &state); err != nil {
		return err
	}
	if direct {
		if !reply.Written() {
			return errors.New("the rows did not take the direct way")
		}
		return nil
	}
	_, err := tfprotov6.NewDynamicValue(state.Raw.Type(), state.Raw)
	return err
}

// DecodeAndMap runs, for each of PageRows, the sub-benchmarks
//   - rows=N/provider: body bytes to state value, what a read does;
//   - rows=N/state_only: only the last step, records to the reply's state
//     (rows, totals, breakdowns), as the provider does it: the rows
//     written straight to msgpack (internal/tfstate);
//   - rows=N/framework_state: the same step on the framework's path,
//     records to tftypes values, then msgpack, which is the least any
//     framework provider that builds values pays for N rows;
//   - rows=N/encoding_json: the floor, the same bytes into generic maps.
//
// MB/s is body bytes per second.
func DecodeAndMap[R any](b *testing.B, ds DataSource[R]) {
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
				if err := store(b.Context(), ds.Shape, records, true); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, step := range []struct {
			name   string
			direct bool
		}{{"state_only", true}, {"framework_state", false}} {
			b.Run(fmt.Sprintf("rows=%d/%s", rows, step.name), func(b *testing.B) {
				records, err := ds.Decode(response())
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if err := store(b.Context(), ds.Shape, records, step.direct); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
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
