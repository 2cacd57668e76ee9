package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// The docs are generated from the schemas, so an attribute without a
// MarkdownDescription is an undocumented row in docs/. Every data source
// attribute, nested ones included, must describe itself.
func TestDataSourceAttributesAreDocumented(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	factories := p.DataSources(ctx)
	if len(factories) != 5 {
		t.Fatalf("the provider has %d data sources, want 5 (SPEC's first four and billing_ocamba_invoices)", len(factories))
	}
	for _, factory := range factories {
		ds := factory()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "billing"}, &meta)
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s schema: %v", meta.TypeName, resp.Diagnostics)
		}
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", meta.TypeName)
		}
		checked := checkDescribed(t, meta.TypeName, resp.Schema.Attributes)
		if checked < 5 {
			t.Errorf("%s: only %d attributes walked; the walk is missing nested attributes", meta.TypeName, checked)
		}
	}
}

// checkDescribed reports every attribute under prefix without a description
// and returns how many attributes it looked at.
func checkDescribed(t *testing.T, prefix string, attributes map[string]schema.Attribute) int {
	t.Helper()
	checked := 0
	for name, attribute := range attributes {
		path := prefix + "." + name
		checked++
		if attribute.GetMarkdownDescription() == "" {
			t.Errorf("%s has no MarkdownDescription", path)
		}
		nested, ok := attribute.(schema.NestedAttribute)
		if !ok {
			continue
		}
		object, ok := nested.GetNestedObject().(schema.NestedAttributeObject)
		if !ok {
			t.Fatalf("%s: unexpected nested object %T", path, nested.GetNestedObject())
		}
		checked += checkDescribed(t, path, object.Attributes)
	}
	return checked
}
