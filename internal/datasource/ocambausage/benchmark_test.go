package ocambausage

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[ocamba.Usage]{
		Vendor: "Ocamba",
		Page:   fakeapi.OcambaPage,
		Decode: func(resp *client.Response) ([]ocamba.Usage, error) {
			page, err := ocamba.DecodeUsagePage(resp)
			return page.Rows, err
		},
		Shape: definition.Shape(),
	})
}
