package truewatchdetails

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[model]{
		Vendor: "TrueWatch",
		Schema: dataSourceSchema(),
		Page:   fakeapi.TrueWatchPage,
		Fill: func(resp *client.Response) (*model, int, error) {
			details, err := truewatch.DecodeDetails(resp)
			if err != nil {
				return nil, 0, err
			}
			var m model
			m.fill(details)
			return &m, len(m.Details), nil
		},
		RowLists: []string{"details"},
	})
}
