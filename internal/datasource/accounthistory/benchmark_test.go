package accounthistory

import (
	"context"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	s := dataSourceSchema()
	benchmark.DecodeAndMap(b, "Virtuozzo", fakeapi.VirtuozzoPage, func(ctx context.Context, resp *client.Response) (int, error) {
		rows, err := virtuozzo.DecodeHistory(resp)
		if err != nil {
			return 0, err
		}
		var m model
		m.fill(rows)
		return len(m.History), benchmark.SetState(ctx, s, &m, "history")
	})
}
