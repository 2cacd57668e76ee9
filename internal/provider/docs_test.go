package provider_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// The docs are generated from the schemas, so an attribute without a
// MarkdownDescription is an undocumented row in docs/. Every registered
// data source, and every attribute of it, nested ones included, must
// describe itself, and have its page and its example.
func TestDataSourceAttributesAreDocumented(t *testing.T) {
	ctx := context.Background()
	for name, newDataSource := range registered(t) {
		var resp datasource.SchemaResponse
		newDataSource().Schema(ctx, datasource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s schema: %v", name, resp.Diagnostics)
		}
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", name)
		}
		checked := checkDescribed(t, name, resp.Schema.Attributes)
		// A data source with a row list has more attributes than its top
		// level; one object (a balance) has only those.
		if checked < len(resp.Schema.Attributes) || hasNested(resp.Schema.Attributes) && checked <= len(resp.Schema.Attributes) {
			t.Errorf("%s: only %d attributes walked; the walk is missing nested attributes", name, checked)
		}
		for _, file := range []string{
			filepath.Join("..", "..", "docs", "data-sources", strings.TrimPrefix(name, "billing_")+".md"),
			filepath.Join("..", "..", "templates", "data-sources", strings.TrimPrefix(name, "billing_")+".md.tmpl"),
			filepath.Join("..", "..", "examples", "data-sources", name, "data-source.tf"),
		} {
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// The data sources the provider promises are all registered.
func TestEveryPromisedDataSourceIsRegistered(t *testing.T) {
	registeredNames := registered(t)
	for _, name := range []string{
		"billing_truewatch_details", "billing_account_history", "billing_ocamba_usage", "billing_accounts_usage",
		"billing_truewatch_balance", "billing_virtuozzo_account", "billing_ocamba_invoices",
		"billing_talkdesk_accounts", "billing_talkdesk_invoices",
	} {
		if registeredNames[name] == nil {
			t.Errorf("%s is not registered", name)
		}
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

// The overview tables list every registered data source: the provider's
// page (docs/index.md, from templates/index.md.tmpl) in its "Data sources"
// section, and the README's table. A data source added to the provider and
// not to them fails here.
func TestOverviewListsEveryDataSource(t *testing.T) {
	for _, page := range []struct{ file, section string }{
		{filepath.Join("..", "..", "docs", "index.md"), "## Data sources"},
		{filepath.Join("..", "..", "README.md"), ""},
	} {
		content, err := os.ReadFile(page.file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(content)
		if page.section != "" {
			start := strings.Index(text, "\n"+page.section+"\n")
			if start < 0 {
				t.Fatalf("%s has no %q section", page.file, page.section)
			}
			text = text[start+len(page.section)+2:]
			if end := strings.Index(text, "\n## "); end >= 0 {
				text = text[:end]
			}
		}
		// A table row that starts with the data source's name.
		for name := range registered(t) {
			if !strings.Contains(text, "\n| `"+name+"` |") {
				t.Errorf("%s: the overview table has no row for %s", page.file, name)
			}
		}
	}
}

// Every data source page has an Errors section: what a user sees when the
// vendor refuses, and what to do about it.
func TestEveryDataSourcePageHasErrors(t *testing.T) {
	for name := range registered(t) {
		file := filepath.Join("..", "..", "templates", "data-sources", strings.TrimPrefix(name, "billing_")+".md.tmpl")
		content, err := os.ReadFile(file) //nolint:gosec // the repository's templates
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(content), "\n## Errors\n") {
			t.Errorf("%s has no \"## Errors\" section", file)
		}
	}
}
