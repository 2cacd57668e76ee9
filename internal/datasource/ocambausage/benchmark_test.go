package ocambausage

import (
	"context"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	s := dataSourceSchema()
	benchmark.DecodeAndMap(b, "Ocamba", fakeapi.OcambaPage, func(ctx context.Context, resp *client.Response) (int, error) {
		page, err := ocamba.DecodeUsagePage(resp)
		if err != nil {
			return 0, err
		}
		var m model
		m.fill(page.Rows)
		return len(m.Usages), benchmark.SetState(ctx, s, &m, "usages")
	})
}
