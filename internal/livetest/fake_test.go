package livetest

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	pd "github.com/billingtf/terraform-provider-billing/internal/providerdata"
)

// fakePeriods are ranges that hold the fakes' rows (their data is dated);
// the data sources without a range ignore theirs.
var fakePeriods = map[string]period{
	trueWatchDetails.typeName: days("2026-10-01", "2026-10-31"),
	accountHistory.typeName:   days("2024-04-01", "2024-05-31"),
	accountsUsage.typeName:    days("2023-12-01", "2024-01-31"),
	// Leaves out July's lines: the provider's own filter is checked too.
	talkdeskInvoices.typeName: days("2024-08-01", "2024-09-30"),
}

// TestChecksOnTheFakes reads every data source as its live test does —
// the provider configured from the environment only, the same checks —
// from the fake vendor APIs, with the vendors' variables pointing at them,
// in one configuration. The checks must pass on what the provider reads;
// then each data source's are shown to fail on that state broken in one
// way (a wrong total, a row too few, a null where the contract forbids
// one...), so that a live run that passes means something.
func TestChecksOnTheFakes(t *testing.T) {
	if noCLI {
		t.Skip("reading the fakes needs a CLI: terraform on PATH, or TF_ACC_TERRAFORM_PATH")
	}
	fake := acctest.Fake(t)
	// The tester's own credentials never reach the fakes (or a vendor):
	// every setting's variable is cleared before the fake's are set.
	for _, s := range pd.EverySetting {
		t.Setenv(s.EnvVar, "")
	}
	for _, entry := range fake.Env() {
		name, value, _ := strings.Cut(entry, "=")
		t.Setenv(name, value)
	}
	config := emptyProvider
	reads := make([]map[string]any, len(dataSources))
	var checks []statecheck.StateCheck
	for i, ds := range dataSources {
		if missing := ds.vendor.missing(os.Getenv); missing != "" {
			t.Fatalf("%s: the fake's variables do not configure the vendor: %s", ds.typeName, missing)
		}
		p := fakePeriods[ds.typeName]
		config += ds.block(p)
		checks = append(checks, ds.invariants(p), capture{address: ds.address(), into: &reads[i]})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
	if t.Failed() {
		return
	}
	for i, ds := range dataSources {
		t.Run(ds.typeName, func(t *testing.T) {
			read := reads[i]
			if ds.rows != "" {
				if rows, _ := read[ds.rows].([]any); len(rows) < 2 {
					hint := ""
					if _, ok := fakePeriods[ds.typeName]; !ok {
						hint = " (a data source that takes a range of dates needs one that holds the fake's rows in fakePeriods)"
					}
					t.Fatalf("the fake served %d %s; the checks need rows to check%s", len(rows), ds.rows, hint)
				}
			}
			check := ds.check(fakePeriods[ds.typeName])
			for _, c := range holds(ds, read) {
				if err := check(c.state); err != nil {
					t.Errorf("%s: the checks fail on an equal state: %v", c.name, err)
				}
			}
			breaks := breaks(ds, read)
			for _, b := range breaks {
				err := check(b.state)
				if err == nil {
					t.Errorf("%s: the checks pass on a broken state", b.name)
				} else if !strings.Contains(err.Error(), b.want) {
					t.Errorf("%s: the checks fail, but not saying %q:\n%v", b.name, b.want, err)
				}
			}
			t.Logf("%s: the checks pass on the fake's state, and fail on %d broken ones", ds.typeName, len(breaks))
		})
	}
}

// capture keeps the data source's attributes for the checks to come.
type capture struct {
	address string
	into    *map[string]any
}

func (c capture) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attributes, err := stateOf(req.State, c.address)
	*c.into = attributes
	resp.Error = err
}

// variant is a state made from one read, and, when the checks must fail on
// it, what their error says.
type variant struct {
	name  string
	state map[string]any
	want  string
}

// holds are states equal to the one read, written differently: the
// checks compare amounts by value, not by text.
func holds(ds dataSource, read map[string]any) []variant {
	out := []variant{{name: "as read", state: read}}
	for _, t := range ds.totals {
		state := copyState(read)
		n, _ := state[t.attribute].(json.Number)
		state[t.attribute] = json.Number(withTrailingZero(n.String()))
		out = append(out, variant{name: t.attribute + " with a trailing zero", state: state})
	}
	return out
}

func withTrailingZero(n string) string {
	if strings.ContainsAny(n, "eE") {
		return n
	}
	if strings.Contains(n, ".") {
		return n + "0"
	}
	return n + ".0"
}

// breaks are the state read broken in each way the checks must catch.
func breaks(ds dataSource, read map[string]any) []variant {
	var out []variant
	add := func(name, want string, change func(state map[string]any)) {
		state := copyState(read)
		change(state)
		out = append(out, variant{name: name, state: state, want: want})
	}
	for _, name := range slices.Sorted(maps.Keys(ds.attributes)) {
		a := ds.attributes[name]
		if !a.nullable {
			add(name+" null", name+" is null", func(s map[string]any) { s[name] = nil })
		}
		add(name+" of another kind", name+" is ", func(s map[string]any) { s[name] = wrongKind(a.kind) })
		add(name+" missing", name+" is not in the state", func(s map[string]any) { delete(s, name) })
	}
	if ds.count != "" {
		add(ds.count+" one more", ds.count+" (the number of", func(s map[string]any) { s[ds.count] = plus(s[ds.count], "1") })
	}
	for _, t := range ds.totals {
		add(t.attribute+" a cent more", t.attribute+" is", func(s map[string]any) { s[t.attribute] = plus(s[t.attribute], "0.01") })
	}
	for _, b := range ds.breakdowns {
		add(b.attribute+" with a key no row has", "which no row has", func(s map[string]any) {
			m, _ := s[b.attribute].(map[string]any)
			if b.currency == nil {
				m["no such key"] = json.Number("0")
			} else {
				m["no such key"] = map[string]any{"USD": json.Number("0")}
			}
		})
		want := b.attribute + "[" // its sum from the rows
		switch {
		case b.addsUpTo != "" && b.currency == nil:
			want = b.attribute + " adds up to"
		case b.addsUpTo != "":
			want = b.attribute + " does not add up to " + b.addsUpTo
		}
		add(b.attribute+" a cent off", want, func(s map[string]any) {
			m, _ := s[b.attribute].(map[string]any)
			key := slices.Sorted(maps.Keys(m))[0]
			if b.currency == nil {
				m[key] = plus(m[key], "0.01")
				return
			}
			inner, _ := m[key].(map[string]any)
			currency := slices.Sorted(maps.Keys(inner))[0]
			inner[currency] = plus(inner[currency], "0.01")
		})
	}
	if ds.rows == "" {
		return append(out, extraBreaks(ds, read)...)
	}
	if ds.count != "" {
		add("a row too few", ds.count+" (the number of", func(s map[string]any) {
			rows, _ := s[ds.rows].([]any)
			s[ds.rows] = rows[:len(rows)-1]
		})
	}
	for _, t := range ds.totals {
		add("a row's amount a unit more, "+t.attribute+" as read", t.attribute+" is", func(s map[string]any) {
			row := firstRow(s, ds.rows)
			row[t.field] = plus(row[t.field], "1")
		})
	}
	first := slices.Sorted(maps.Keys(ds.row))[0]
	add("a row without "+first, "has no attribute "+first, func(s map[string]any) { delete(firstRow(s, ds.rows), first) })
	add("a row with an attribute the contract does not name", "does not name: surplus", func(s map[string]any) { firstRow(s, ds.rows)["surplus"] = "x" })
	add("a row's "+first+" of another kind", "."+first+" is ", func(s map[string]any) { firstRow(s, ds.rows)[first] = wrongKind(ds.row[first].kind) })
	for _, name := range slices.Sorted(maps.Keys(ds.nested)) {
		add("a "+name+" entry with an attribute the contract does not name", name+"[0] has an attribute the contract does not name", func(s map[string]any) {
			row := firstRow(s, ds.rows)
			items, _ := row[name].([]any)
			if len(items) == 0 {
				items = []any{map[string]any{}}
				row[name] = items
			}
			item, _ := items[0].(map[string]any)
			item["surplus"] = "x"
		})
	}
	return append(out, extraBreaks(ds, read)...)
}

// extraBreaks break what each data source promises of its own.
func extraBreaks(ds dataSource, read map[string]any) []variant {
	var out []variant
	add := func(name, want string, change func(state map[string]any)) {
		state := copyState(read)
		change(state)
		out = append(out, variant{name: name, state: state, want: want})
	}
	switch ds.typeName {
	case virtuozzoAccount.typeName:
		add("a status as the platform writes it", "turns the platform's known statuses", func(s map[string]any) { s["status"] = "ACTIVE(1)" })
		add("a status as a number", "turns the platform's known statuses", func(s map[string]any) { s["status"] = "3" })
	case talkdeskAccounts.typeName:
		add("a name that is not the account's", "the account's name is", func(s map[string]any) {
			names, _ := s["names_by_id"].(map[string]any)
			names[textOf(firstRow(s, "accounts")["id"])] = "someone else"
		})
		add("an account read twice", "is read twice", func(s map[string]any) {
			rows, _ := s["accounts"].([]any)
			s["accounts"] = append(rows[:len(rows)-1], rows[0])
		})
	case accountsUsage.typeName:
		add("a month outside the range", "outside 2023-12 to 2024-01", func(s map[string]any) { firstRow(s, "usages")["month"] = "1999-01" })
	case talkdeskInvoices.typeName:
		add("a line dated outside the range", "outside 2024-08-01 to 2024-09-30", func(s map[string]any) {
			firstRow(s, "lines")["date"] = "2024-07-31T00:00:00.000Z"
		})
	case ocambaUsage.typeName:
		add("a line item's amount a unit more", "total_amount_by_currency[", func(s map[string]any) {
			rows, _ := s["usages"].([]any)
			for _, row := range rows {
				if items, _ := row.(map[string]any)["line_items"].([]any); len(items) > 0 {
					item, _ := items[0].(map[string]any)
					item["amount"] = plus(item["amount"], "1")
					return
				}
			}
			panic("no usage record of the fake's has line items")
		})
	}
	return out
}

func firstRow(state map[string]any, rows string) map[string]any {
	list, _ := state[rows].([]any)
	row, _ := list[0].(map[string]any)
	return row
}

// wrongKind is a value of a kind other than k.
func wrongKind(k kind) any {
	if k == text {
		return json.Number("1")
	}
	return "not " + k.String()
}

// plus is a state number plus an exact decimal, as a state number.
func plus(value any, addend string) json.Number {
	d, err := decimalOf(value)
	if err != nil {
		panic(err)
	}
	return json.Number(d.Add(decimal.RequireFromString(addend)).String())
}

// copyState is a deep copy of a state's attributes, numbers kept as text.
func copyState(state map[string]any) map[string]any {
	b, err := json.Marshal(state)
	if err != nil {
		panic(err)
	}
	decoder := json.NewDecoder(bytes.NewReader(b))
	decoder.UseNumber()
	var out map[string]any
	if err := decoder.Decode(&out); err != nil {
		panic(err)
	}
	return out
}

func TestSkipMessagesNameTheMissingVariables(t *testing.T) {
	env := func(set ...string) func(string) string {
		return func(name string) string {
			if slices.Contains(set, name) {
				return "x"
			}
			return ""
		}
	}
	tests := []struct {
		vendor vendor
		set    []string
		want   string
	}{
		{trueWatch, nil, "TrueWatch is not configured: set TRUEWATCH_API_KEY"},
		{trueWatch, []string{"TRUEWATCH_ENDPOINT"}, "TrueWatch is not configured: set TRUEWATCH_API_KEY"},
		{trueWatch, []string{"TRUEWATCH_API_KEY"}, ""},
		{virtuozzo, nil, "Virtuozzo is not configured: set VIRTUOZZO_API_URL and VIRTUOZZO_TOKEN"},
		{virtuozzo, []string{"VIRTUOZZO_API_URL"}, "Virtuozzo is not configured: set VIRTUOZZO_TOKEN"},
		{virtuozzo, []string{"VIRTUOZZO_API_URL", "VIRTUOZZO_TOKEN"}, ""},
		{ocamba, nil, "Ocamba is not configured: set OCAMBA_TOKEN"},
		{ocamba, []string{"OCAMBA_TOKEN"}, ""},
		{talkdesk, nil, "Talkdesk is not configured: set TALKDESK_ACCESS_TOKEN; " +
			"or set TALKDESK_CLIENT_ID and TALKDESK_CLIENT_SECRET and TALKDESK_ACCOUNT; " +
			"or set TALKDESK_CLIENT_ID and TALKDESK_CLIENT_SECRET and TALKDESK_TOKEN_URL"},
		{talkdesk, []string{"TALKDESK_CLIENT_ID"}, "Talkdesk is not configured: set TALKDESK_ACCESS_TOKEN; " +
			"or set TALKDESK_CLIENT_SECRET and TALKDESK_ACCOUNT; or set TALKDESK_CLIENT_SECRET and TALKDESK_TOKEN_URL"},
		{talkdesk, []string{"TALKDESK_ACCESS_TOKEN"}, ""},
		{talkdesk, []string{"TALKDESK_CLIENT_ID", "TALKDESK_CLIENT_SECRET", "TALKDESK_ACCOUNT"}, ""},
		{talkdesk, []string{"TALKDESK_CLIENT_ID", "TALKDESK_CLIENT_SECRET", "TALKDESK_TOKEN_URL"}, ""},
	}
	for _, tt := range tests {
		if got := tt.vendor.missing(env(tt.set...)); got != tt.want {
			t.Errorf("%s with %v set:\n got %q\nwant %q", tt.vendor.name, tt.set, got, tt.want)
		}
	}
}

func TestPreviousMonth(t *testing.T) {
	for now, want := range map[string][2]string{
		"2026-12-05T07:00:00Z": {"2026-11-01", "2026-11-30"},
		"2026-01-31T23:59:59Z": {"2025-12-01", "2025-12-31"},
		"2024-03-01T00:00:00Z": {"2024-02-01", "2024-02-29"},
	} {
		at, err := time.Parse(time.RFC3339, now)
		if err != nil {
			t.Fatal(err)
		}
		p := previousMonth(at)
		if got := [2]string{p.firstDay(), p.lastDay()}; got != want {
			t.Errorf("previousMonth(%s) = %v, want %v", now, got, want)
		}
	}
}
