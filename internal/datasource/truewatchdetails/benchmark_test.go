package truewatchdetails

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[truewatch.Row]{
		Vendor: "TrueWatch",
		Page:   fakeapi.TrueWatchPage,
		Decode: func(resp *client.Response) ([]truewatch.Row, error) {
			details, err := truewatch.DecodeDetails(resp)
			if err != nil {
				return nil, err
			}
			return details.Rows, nil
		},
		Shape: definition.Shape(),
	})
}
