package accounthistory

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[model]{
		Vendor: "Virtuozzo",
		Schema: dataSourceSchema(),
		Page:   fakeapi.VirtuozzoPage,
		Fill: func(resp *client.Response) (*model, int, error) {
			rows, err := virtuozzo.DecodeHistory(resp)
			if err != nil {
				return nil, 0, err
			}
			var m model
			m.fill(rows)
			return &m, len(m.History), nil
		},
		RowLists: []string{"history"},
	})
}
