package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// source is one data source as the include_rows test reads it: the
// arguments of a read, the row list, and how large its state may be
// without rows.
type source struct {
	typeName  string
	arguments string
	rows      string
	setup     func(fake *fakeapi.Server)
	wantRows  int
}

// Every data source that offers include_rows
// (TestEveryDataSourceIsCovered). Ocamba reads 200 records over two pages,
// enough for the rows to dwarf the summaries in state, as they do for users.
var sources = []source{{
	typeName:  "billing_truewatch_details",
	arguments: "start_date = \"2026-10-01\"\n  end_date = \"2026-10-31\"",
	rows:      "details",
	wantRows:  5,
}, {
	typeName:  "billing_account_history",
	arguments: "start_time = \"2024-04-01\"\n  end_time = \"2024-04-30 23:59:59\"",
	rows:      "history",
	wantRows:  4,
}, {
	typeName:  "billing_ocamba_usage",
	arguments: "page_size = 100",
	rows:      "usages",
	setup:     func(f *fakeapi.Server) { f.Ocamba.SetRows(fakeapi.OcambaRecords(200)...) },
	wantRows:  200,
}, {
	typeName: "billing_ocamba_invoices",
	rows:     "invoices",
	wantRows: 5,
}, {
	typeName: "billing_accounts_usage",
	rows:     "usages",
	wantRows: 5,
}, {
	typeName: "billing_talkdesk_invoices",
	rows:     "lines",
	wantRows: 8,
}}

// dataSourceSchema is the schema of the registered data source typeName.
func dataSourceSchema(t *testing.T, typeName string) datasource.SchemaResponse {
	t.Helper()
	var resp datasource.SchemaResponse
	registered(t)[typeName]().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	return resp
}

// registered are the provider's data sources by type name.
func registered(t *testing.T) map[string]func() datasource.DataSource {
	t.Helper()
	ctx := context.Background()
	p := provider.New("test")()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)
	byName := map[string]func() datasource.DataSource{}
	for _, newDataSource := range p.DataSources(ctx) {
		resp := datasource.MetadataResponse{}
		newDataSource().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		byName[resp.TypeName] = newDataSource
	}
	if len(byName) == 0 {
		t.Fatal("the provider registers no data sources")
	}
	return byName
}

// The tables of the tests that go through every data source are checked
// against the provider's registration, so that a new data source cannot
// be left out of them: every data source is read by the byte-for-byte
// test, and every one that offers include_rows by the include_rows test.
func TestEveryDataSourceIsCovered(t *testing.T) {
	t.Parallel()
	withRowsOff, read := map[string]bool{}, map[string]bool{}
	for _, s := range sources {
		withRowsOff[s.typeName] = true
	}
	for _, r := range stateReads() {
		read[r.typeName] = true
	}
	for name := range registered(t) {
		if !read[name] {
			t.Errorf("%s is not read by TestServedReadIsTheFrameworksByteForByte (stateReads)", name)
		}
		if _, ok := dataSourceSchema(t, name).Schema.Attributes["include_rows"]; ok != withRowsOff[name] {
			t.Errorf("%s offers include_rows: %t; in the include_rows test's sources: %t", name, ok, withRowsOff[name])
		}
	}
}

// everyVendor is a provider block reading every vendor from fake.
func everyVendor(fake *fakeapi.Server) string {
	return fmt.Sprintf(`
provider "billing" {
  truewatch = { endpoint = %[1]q, api_key = %[2]q }
  virtuozzo = { api_url = %[1]q, token = %[3]q }
  ocamba    = { endpoint = %[1]q, token = %[4]q }
  talkdesk = {
    endpoint      = %[1]q
    token_url     = %[5]q
    client_id     = %[6]q
    client_secret = %[7]q
  }
}
`, fake.URL, fakeapi.TrueWatchAPIKey, fakeapi.VirtuozzoToken, fakeapi.OcambaToken, fake.URL+fakeapi.TalkdeskTokenPath,
		fakeapi.TalkdeskClientID, fakeapi.TalkdeskClientSecret)
}

// summaries are the data source's computed numbers and maps: its totals,
// counts and breakdowns, which include_rows must not change. (Its other
// computed attributes, such as a trace id, differ from read to read.)
func summaries(t *testing.T, s source) []string {
	t.Helper()
	resp := dataSourceSchema(t, s.typeName)
	var names []string
	for name, a := range resp.Schema.Attributes {
		switch a.(type) {
		case schema.NumberAttribute, schema.Int64Attribute, schema.MapAttribute:
		default:
			continue
		}
		if a.IsComputed() && !a.IsOptional() {
			names = append(names, name)
		}
	}
	if _, ok := resp.Schema.Attributes[s.rows].(schema.ListNestedAttribute); !ok {
		t.Fatalf("%s has no row list %q", s.typeName, s.rows)
	}
	sort.Strings(names)
	return names
}

// With include_rows = false the rows are null and not in state, yet every
// page is read: every total, count and breakdown equals the rows-on read's,
// and the state is a small fraction of it. Every data source reads both
// ways in one configuration.
func TestIncludeRowsFalseKeepsEverySummary(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	config := everyVendor(fake)
	var checks []statecheck.StateCheck
	for _, s := range sources {
		if s.setup != nil {
			s.setup(fake)
		}
		on, off := "data."+s.typeName+".rows_on", "data."+s.typeName+".rows_off"
		config += fmt.Sprintf(`
data %[1]q "rows_on" {
  %[2]s
}

data %[1]q "rows_off" {
  %[2]s
  include_rows = false
}
`, s.typeName, s.arguments)
		names := summaries(t, s)
		checks = append(checks,
			statecheck.ExpectKnownValue(on, tfjsonpath.New(s.rows), knownvalue.ListSizeExact(s.wantRows)),
			statecheck.ExpectKnownValue(on, tfjsonpath.New("include_rows"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(off, tfjsonpath.New(s.rows), knownvalue.Null()),
			statecheck.ExpectKnownValue(off, tfjsonpath.New("include_rows"), knownvalue.Bool(false)),
			stateSizes{on: on, off: off, rows: s.wantRows, t: t},
		)
		for _, name := range names {
			checks = append(checks, statecheck.CompareValuePairs(on, tfjsonpath.New(name), off, tfjsonpath.New(name), compare.ValuesSame()))
		}
		t.Logf("%s: compares %s", s.typeName, strings.Join(names, ", "))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// stateSizes checks that the rows-off read's state is small: under 2 KiB,
// and under a tenth of the rows-on state's when there are many (100 or
// more) rows.
type stateSizes struct {
	on, off string
	rows    int
	t       *testing.T
}

func (c stateSizes) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	sizes := map[string]int{}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.on || r.Address == c.off {
			encoded, err := json.Marshal(r.AttributeValues)
			if err != nil {
				resp.Error = err
				return
			}
			sizes[r.Address] = len(encoded)
		}
	}
	on, off := sizes[c.on], sizes[c.off]
	c.t.Logf("state of %s: %d bytes; of %s: %d bytes", c.on, on, c.off, off)
	switch {
	case on == 0 || off == 0:
		resp.Error = fmt.Errorf("state sizes %v: a data source is missing", sizes)
	case off > 2048:
		resp.Error = fmt.Errorf("with include_rows = false the state is %d bytes; want at most 2048", off)
	case c.rows >= 100 && off*10 > on:
		resp.Error = fmt.Errorf("with include_rows = false the state is %d bytes, with rows %d: want under a tenth", off, on)
	}
}
