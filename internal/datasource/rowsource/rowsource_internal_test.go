package rowsource

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// A definition as small as the skeleton allows, whose fetch each test sets:
// it returns every record at once, and testDefinition hands them over.
type testArgs struct {
	Filter types.String `tfsdk:"filter"`
}

type testRecord struct {
	key    tolerant.String
	amount tolerant.Number
}

// testResult is what a test's fetch returns: every record at once.
type testResult struct {
	Records    []testRecord
	Attributes map[string]attr.Value
}

type testRow struct {
	Key types.String `tfsdk:"key"`
}

func testDefinition(fetch func(context.Context, string, *testArgs) (testResult, error)) Definition[testArgs, string, testRecord, testRow] {
	return Definition[testArgs, string, testRecord, testRow]{
		TypeName:  "billing_test",
		Arguments: map[string]schema.Attribute{"filter": schema.StringAttribute{Optional: true}},
		Client:    func(*providerdata.Data, string) (string, error) { return "client", nil },
		Fetch: func(ctx context.Context, api string, args *testArgs, sink client.Sink[testRecord]) (map[string]attr.Value, error) {
			result, err := fetch(ctx, api, args)
			if err != nil {
				return nil, err
			}
			return result.Attributes, sink.Take(result.Records)
		},
		Rows: Rows[testRecord, testRow]{
			Attribute:  "rows",
			Attributes: map[string]schema.Attribute{"key": schema.StringAttribute{Computed: true}},
			Row:        func(r testRecord) testRow { return testRow{Key: types.StringValue(r.key.Text())} },
		},
		Breakdowns: []Breakdown[testRecord]{{
			Attribute: Attribute{Name: "by_key"},
			Key:       func(r testRecord) tolerant.String { return r.key },
			Amount:    func(r testRecord) tolerant.Number { return r.amount },
		}},
		Computed: map[string]schema.Attribute{"trace": schema.StringAttribute{Computed: true}},
	}
}

// read runs the data source's Read on a configuration with filter set.
func read(t *testing.T, def Definition[testArgs, string, testRecord, testRow]) *datasource.ReadResponse {
	t.Helper()
	ctx := context.Background()
	ds := New(def)().(*DataSource[testArgs, string, testRecord, testRow]) //nolint:forcetypeassert // New makes this type
	objectType := ds.schema.Type().TerraformType(ctx).(tftypes.Object)    //nolint:forcetypeassert // a schema is an object
	values := map[string]tftypes.Value{}
	for name, typ := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	values["filter"] = tftypes.NewValue(tftypes.String, "x")
	config := tftypes.NewValue(objectType, values)
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: ds.schema, Raw: tftypes.NewValue(objectType, nil)}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: ds.schema, Raw: config}}, resp)
	return resp
}

func onlyError(t *testing.T, resp *datasource.ReadResponse, summary, detail string) {
	t.Helper()
	if len(resp.Diagnostics) != 1 || !resp.Diagnostics.HasError() {
		t.Fatalf("diagnostics %v; want one error", resp.Diagnostics)
	}
	d := resp.Diagnostics[0]
	if d.Summary() != summary || !strings.Contains(d.Detail(), detail) {
		t.Fatalf("error %q: %q; want %q: ...%s...", d.Summary(), d.Detail(), summary, detail)
	}
}

func TestReadStoresArgumentsRowsAndSums(t *testing.T) {
	resp := read(t, testDefinition(func(_ context.Context, _ string, args *testArgs) (testResult, error) {
		if args.Filter.ValueString() != "x" {
			t.Errorf("fetch got filter %v, want x", args.Filter)
		}
		return testResult{
			Records: []testRecord{
				{tolerant.StringOf("a"), number(t, "0.1")},
				{tolerant.String{}, number(t, "2")},
				{tolerant.StringOf("a"), number(t, "0.2")},
			},
			Attributes: map[string]attr.Value{"trace": types.StringValue("t-1")},
		}, nil
	}))
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var state struct {
		Filter      types.String            `tfsdk:"filter"`
		IncludeRows types.Bool              `tfsdk:"include_rows"`
		Rows        []testRow               `tfsdk:"rows"`
		ByKey       map[string]types.Number `tfsdk:"by_key"`
		Trace       types.String            `tfsdk:"trace"`
	}
	if diags := resp.State.Get(context.Background(), &state); diags.HasError() {
		t.Fatal(diags)
	}
	if state.Filter.ValueString() != "x" || !state.IncludeRows.ValueBool() || len(state.Rows) != 3 || state.Trace.ValueString() != "t-1" {
		t.Errorf("state %+v", state)
	}
	for key, want := range map[string]string{"a": "0.3", "": "2"} {
		if got := state.ByKey[key].ValueBigFloat().Text('f', -1); got != want {
			t.Errorf("by_key[%q] = %s, want %s", key, got, want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	t.Run("an argument fetch cannot use", func(t *testing.T) {
		onlyError(t, read(t, testDefinition(func(context.Context, string, *testArgs) (testResult, error) {
			return testResult{}, &ArgumentError{Summary: "Invalid filter", Err: errors.New("filter x is no good")}
		})), "Invalid filter", "filter x is no good")
	})
	t.Run("a vendor error", func(t *testing.T) {
		onlyError(t, read(t, testDefinition(func(context.Context, string, *testArgs) (testResult, error) {
			return testResult{}, errors.New("the vendor said no")
		})), "Billing data read failed", "the vendor said no")
	})
	t.Run("a missing setting", func(t *testing.T) {
		def := testDefinition(nil)
		def.Client = func(_ *providerdata.Data, dataSource string) (string, error) {
			return "", &providerdata.MissingSettingError{DataSource: dataSource, Vendor: "Test", Missing: providerdata.OcambaToken}
		}
		onlyError(t, read(t, def), "Missing Test settings", "billing_test needs ocamba.token (or the OCAMBA_TOKEN environment variable)")
	})
	t.Run("no response-level attribute", func(t *testing.T) {
		onlyError(t, read(t, testDefinition(func(context.Context, string, *testArgs) (testResult, error) {
			return testResult{}, nil
		})), "Provider bug", "fetch returned no trace")
	})
	t.Run("a response-level attribute of the wrong type", func(t *testing.T) {
		onlyError(t, read(t, testDefinition(func(context.Context, string, *testArgs) (testResult, error) {
			return testResult{Attributes: map[string]attr.Value{"trace": types.Int64Value(1)}}, nil
		})), "Provider bug", "fetch returned trace as a tftypes.Number, but the schema says tftypes.String")
	})
}

func number(t *testing.T, text string) tolerant.Number {
	t.Helper()
	var n tolerant.Number
	if err := n.UnmarshalJSON([]byte(text)); err != nil {
		t.Fatal(err)
	}
	return n
}

// A definition without Rows is one object: no row list and no
// include_rows in its schema, and its state is its Computed attributes.
func TestReadWithoutRows(t *testing.T) {
	def := testDefinition(func(context.Context, string, *testArgs) (testResult, error) {
		return testResult{Attributes: map[string]attr.Value{"trace": types.StringValue("t-2")}}, nil
	})
	def.Rows = Rows[testRecord, testRow]{}
	def.Breakdowns = nil
	resp := read(t, def)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	attributes := resp.State.Schema.GetAttributes()
	for _, name := range []string{IncludeRows, "rows"} {
		if _, ok := attributes[name]; ok {
			t.Errorf("the schema has %s; a definition without rows has none", name)
		}
	}
	var state struct {
		Filter types.String `tfsdk:"filter"`
		Trace  types.String `tfsdk:"trace"`
	}
	if diags := resp.State.Get(context.Background(), &state); diags.HasError() {
		t.Fatal(diags)
	}
	if state.Filter.ValueString() != "x" || state.Trace.ValueString() != "t-2" {
		t.Errorf("state %+v", state)
	}
}

// A definition may have no arguments at all (nil Arguments): its schema is
// its Computed attributes.
func TestDefinitionWithoutArguments(t *testing.T) {
	def := testDefinition(nil)
	def.Arguments, def.Rows, def.Breakdowns = nil, Rows[testRecord, testRow]{}, nil
	ds := New(def)().(*DataSource[testArgs, string, testRecord, testRow]) //nolint:forcetypeassert // New makes this type
	if got := ds.schema.GetAttributes(); len(got) != 1 || got["trace"] == nil {
		t.Errorf("schema attributes %v; want only trace", got)
	}
}

// Rows.Always keeps the rows without offering include_rows.
func TestReadAlwaysKeepsRows(t *testing.T) {
	def := testDefinition(func(context.Context, string, *testArgs) (testResult, error) {
		return testResult{
			Records:    []testRecord{{tolerant.StringOf("a"), number(t, "1")}, {tolerant.StringOf("b"), number(t, "2")}},
			Attributes: map[string]attr.Value{"trace": types.StringValue("t-3")},
		}, nil
	})
	def.Rows.Always = true
	resp := read(t, def)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if _, ok := resp.State.Schema.GetAttributes()[IncludeRows]; ok {
		t.Errorf("the schema has %s; Rows.Always offers none", IncludeRows)
	}
	var state struct {
		Filter types.String            `tfsdk:"filter"`
		Rows   []testRow               `tfsdk:"rows"`
		ByKey  map[string]types.Number `tfsdk:"by_key"`
		Trace  types.String            `tfsdk:"trace"`
	}
	if diags := resp.State.Get(context.Background(), &state); diags.HasError() {
		t.Fatal(diags)
	}
	if len(state.Rows) != 2 || state.Rows[1].Key.ValueString() != "b" || len(state.ByKey) != 2 {
		t.Errorf("state %+v", state)
	}
}

func TestQueryReadsWithTheQueryTheArgumentsMake(t *testing.T) {
	sink := client.Sink[testRecord]{Pages: func([]testRecord) error { return nil }}
	query := func(args *testArgs) (string, error) {
		if args.Filter.ValueString() == "bad" {
			return "", errors.New("filter bad is no good")
		}
		args.Filter = types.StringValue("chosen") // a default the query filled in
		return "q-" + args.Filter.ValueString(), nil
	}
	var readWith []string
	fetch := Query("Invalid filter", query, func(api string, _ context.Context, q string, _ client.Sink[testRecord]) error {
		readWith = append(readWith, api+":"+q)
		if api == "down" {
			return errors.New("the vendor said no")
		}
		return nil
	})

	args := testArgs{}
	computed, err := fetch(context.Background(), "client", &args, sink)
	if err != nil || computed != nil {
		t.Fatalf("fetch = %v, %v; want no attributes and no error", computed, err)
	}
	if args.Filter.ValueString() != "chosen" || len(readWith) != 1 || readWith[0] != "client:q-chosen" {
		t.Errorf("arguments %v, reads %q; want the query's default kept and one read of client:q-chosen", args.Filter, readWith)
	}

	_, err = fetch(context.Background(), "client", &testArgs{Filter: types.StringValue("bad")}, sink)
	var invalid *ArgumentError
	if !errors.As(err, &invalid) || invalid.Summary != "Invalid filter" || invalid.Error() != "filter bad is no good" {
		t.Errorf("a query that fails: %#v; want an ArgumentError under Invalid filter", err)
	}
	if len(readWith) != 1 {
		t.Errorf("a query that fails was read: %q", readWith)
	}

	if _, err = fetch(context.Background(), "down", &testArgs{}, sink); err == nil || err.Error() != "the vendor said no" || errors.As(err, &invalid) {
		t.Errorf("a read that fails: %v; want the read's error as it is", err)
	}
}
