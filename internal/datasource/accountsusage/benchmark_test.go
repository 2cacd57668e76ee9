package accountsusage

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[model]{
		Vendor: "Talkdesk",
		Schema: dataSourceSchema(),
		Page:   fakeapi.TalkdeskPage,
		Fill: func(resp *client.Response) (*model, int, error) {
			records, err := talkdesk.DecodeUsagePage(resp)
			if err != nil {
				return nil, 0, err
			}
			var m model
			m.fill(records)
			return &m, len(m.Usages), nil
		},
		RowLists: []string{"usages"},
	})
}
