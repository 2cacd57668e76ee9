package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// BenchmarkReadDataSource reads 20 000 Ocamba records (20 pages) from the
// fake through a protocol server, as Terraform calls it, rows on and off:
// the server main.go serves (the rows take the direct way), and the
// framework's own server. MB/s is the JSON served per second.
func BenchmarkReadDataSource(b *testing.B) {
	fake := fakeapi.Start()
	defer fake.Close()
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(20000)...)
	for _, server := range []struct {
		name string
		new  func() tfprotov6.ProviderServer
	}{{"served", servedServer}, {"framework", func() tfprotov6.ProviderServer { return frameworkServer(b) }}} {
		for _, withRows := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/include_rows=%t", server.name, withRows), func(b *testing.B) {
				s := configured(b, server.new(), fake)
				schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
				if err != nil {
					b.Fatal(err)
				}
				typ := schemas.DataSourceSchemas["billing_ocamba_usage"].ValueType()
				config, err := tfprotov6.NewDynamicValue(typ, valueOf(typ, map[string]any{"page_size": 1000, "include_rows": withRows}))
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
