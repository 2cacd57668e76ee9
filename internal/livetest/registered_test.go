package livetest

import (
	"context"
	"testing"

	fwdatasource "github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// Every data source the provider registers has a live test case, and
// every case is a registered data source.
func TestEveryRegisteredDataSourceHasACase(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)
	registered := map[string]bool{}
	for _, newDataSource := range p.DataSources(ctx) {
		var resp fwdatasource.MetadataResponse
		newDataSource().Metadata(ctx, fwdatasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		registered[resp.TypeName] = true
	}
	cases := map[string]bool{}
	for _, ds := range dataSources {
		cases[ds.typeName] = true
		if !registered[ds.typeName] {
			t.Errorf("the live case %s is not a registered data source", ds.typeName)
		}
	}
	for name := range registered {
		if !cases[name] {
			t.Errorf("%s has no live test case (dataSources)", name)
		}
	}
	if len(registered) == 0 {
		t.Fatal("the provider registers no data sources")
	}
}
