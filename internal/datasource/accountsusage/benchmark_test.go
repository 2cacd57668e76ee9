package accountsusage

import (
	"context"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	s := dataSourceSchema()
	benchmark.DecodeAndMap(b, "Talkdesk", fakeapi.TalkdeskPage, func(ctx context.Context, resp *client.Response) (int, error) {
		records, err := talkdesk.DecodeUsagePage(resp)
		if err != nil {
			return 0, err
		}
		var m model
		m.fill(records)
		return len(m.Usages), benchmark.SetState(ctx, s, &m, "usages")
	})
}
