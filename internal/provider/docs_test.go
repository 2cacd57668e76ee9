package provider_test

import (
	"context"
	"slices"
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
	// SPEC's data sources, as they are registered.
	want := []string{
		"billing_truewatch_details", "billing_account_history", "billing_ocamba_usage", "billing_accounts_usage",
		"billing_truewatch_balance", "billing_virtuozzo_account", "billing_ocamba_invoices",
		"billing_talkdesk_accounts", "billing_talkdesk_invoices",
	}
	factories := p.DataSources(ctx)
	var names []string
	for _, factory := range factories {
		ds := factory()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "billing"}, &meta)
		names = append(names, meta.TypeName)
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s schema: %v", meta.TypeName, resp.Diagnostics)
		}
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", meta.TypeName)
		}
		checked := checkDescribed(t, meta.TypeName, resp.Schema.Attributes)
		// A data source with a row list has more attributes than its top
		// level; one object (a balance) has only those.
		if checked < len(resp.Schema.Attributes) || hasNested(resp.Schema.Attributes) && checked <= len(resp.Schema.Attributes) {
			t.Errorf("%s: only %d attributes walked; the walk is missing nested attributes", meta.TypeName, checked)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("the provider registers %v; SPEC names %v", names, want)
	}
}

func hasNested(attributes map[string]schema.Attribute) bool {
	for _, attribute := range attributes {
		if _, ok := attribute.(schema.NestedAttribute); ok {
			return true
		}
	}
	return false
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
