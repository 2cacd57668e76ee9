package ocambausage

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[model]{
		Vendor: "Ocamba",
		Schema: dataSourceSchema(),
		Page:   fakeapi.OcambaPage,
		Fill: func(resp *client.Response) (*model, int, error) {
			page, err := ocamba.DecodeUsagePage(resp)
			if err != nil {
				return nil, 0, err
			}
			var m model
			m.fill(page.Rows)
			return &m, len(m.Usages), nil
		},
		RowLists: []string{"usages"},
	})
}
