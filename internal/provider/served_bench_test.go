package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// BenchmarkReadDataSource reads 20 000 Ocamba records (20 pages) from the
// fake through a protocol server, as Terraform calls it: the server main.go
// serves (the state takes the direct way), and the framework's own server;
// rows on and off, and rows off with every record of an app of its own, so
// that the breakdown by app has 20 000 keys. MB/s is the JSON served per
// second.
func BenchmarkReadDataSource(b *testing.B) {
	fake := fakeapi.Start()
	defer fake.Close()
	records := fakeapi.OcambaRecords(20000)
	appEach := make([]string, len(records))
	for i, record := range records {
		appEach[i] = strings.Replace(record, `"app_id":"1001"`, fmt.Sprintf(`"app_id":"app-%d"`, i), 1)
	}
	for _, server := range []struct {
		name string
		new  func() tfprotov6.ProviderServer
	}{{"served", servedServer}, {"framework", func() tfprotov6.ProviderServer { return frameworkServer(b) }}} {
		for _, c := range []struct {
			withRows bool
			apps     int
			records  []string
		}{{true, 1, records}, {false, 1, records}, {false, len(appEach), appEach}} {
			b.Run(fmt.Sprintf("%s/include_rows=%t/apps=%d", server.name, c.withRows, c.apps), func(b *testing.B) {
				fake.Ocamba.SetRows(c.records...)
				s := configured(b, server.new(), fake)
				schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
				if err != nil {
					b.Fatal(err)
				}
				typ := schemas.DataSourceSchemas["billing_ocamba_usage"].ValueType()
				config, err := tfprotov6.NewDynamicValue(typ, valueOf(typ, map[string]any{"page_size": 1000, "include_rows": c.withRows}))
				if err != nil {
					b.Fatal(err)
				}
				req := &tfprotov6.ReadDataSourceRequest{TypeName: "billing_ocamba_usage", Config: &config}
				served := fake.Ocamba.BytesServed()
				reads := 0
				b.ReportAllocs()
				for b.Loop() {
					readState(b, s, req)
					reads++
				}
				b.SetBytes((fake.Ocamba.BytesServed() - served) / int64(reads))
			})
		}
	}
}
