package accountsusage

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/benchmark"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func BenchmarkDecodeAndMap(b *testing.B) {
	benchmark.DecodeAndMap(b, benchmark.DataSource[talkdesk.Usage]{
		Vendor: "Talkdesk",
		Page:   fakeapi.TalkdeskPage,
		Decode: talkdesk.DecodeUsagePage,
		Shape:  definition.Shape(),
	})
}
