package truewatchdetails

import (
	"context"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	s := dataSourceSchema()
	benchmark.DecodeAndMap(b, "TrueWatch", fakeapi.TrueWatchPage, func(ctx context.Context, resp *client.Response) (int, error) {
		details, err := truewatch.DecodeDetails(resp)
		if err != nil {
			return 0, err
		}
		var m model
		m.fill(details)
		return len(m.Details), benchmark.SetState(ctx, s, &m, "details")
	})
}
