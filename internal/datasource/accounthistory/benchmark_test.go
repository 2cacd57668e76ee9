package accounthistory

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[virtuozzo.Row]{
		Vendor: "Virtuozzo",
		Page:   fakeapi.VirtuozzoPage,
		Decode: virtuozzo.DecodeHistory,
		Shape:  definition.Shape(),
	})
}
