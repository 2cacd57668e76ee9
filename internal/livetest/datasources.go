package livetest

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/shopspring/decimal"
)

// dataSource is what a test reads and what it asserts of one data source:
// its configuration, and its documented contract as attribute kinds, the count,
// totals and breakdowns that must be exact sums of its rows, and any check
// of its own.
type dataSource struct {
	typeName string
	vendor   vendor
	// arguments are the data block's body for a range of days (ignored by
	// the data sources without a range).
	arguments func(p period) string
	// attributes are the computed attributes checked, besides the rows.
	attributes map[string]attribute
	// rows names the row list ("" when there is none), row its objects'
	// attributes, and nested the row lists within a row (line items).
	rows   string
	row    map[string]attribute
	nested map[string]map[string]attribute
	// count is the attribute holding the number of rows.
	count      string
	totals     []total
	breakdowns []breakdown
	// extra checks what only this data source promises.
	extra func(attributes map[string]any, rows []map[string]any, p period) error
}

// total is a Number attribute: the exact sum of a row attribute.
type total struct {
	attribute string
	field     string
}

// breakdown is a map attribute: the exact sum of amount per key (null keys
// under ""), and per currency within each key when currency is set. It adds
// up to addsUpTo: a total (one level), or the per-currency map (two levels).
type breakdown struct {
	attribute string
	key       func(row map[string]any) string
	currency  func(row map[string]any) string
	amount    func(row map[string]any) (decimal.Decimal, error)
	addsUpTo  string
}

// address is the data source's address in the tests' configuration.
func (ds dataSource) address() string { return "data." + ds.typeName + ".test" }

// emptyProvider is a provider block that sets nothing, so that every
// setting comes from the environment.
const emptyProvider = "provider \"billing\" {}\n"

// config is the whole configuration: the empty provider block and the
// data source.
func (ds dataSource) config(p period) string { return emptyProvider + ds.block(p) }

// block is the data source's block, reading p.
func (ds dataSource) block(p period) string {
	body := ""
	if ds.arguments != nil {
		body = ds.arguments(p)
	}
	return fmt.Sprintf("\ndata %q \"test\" {\n%s}\n", ds.typeName, body)
}

// invariants checks the data source's contract on its state, read over p.
func (ds dataSource) invariants(p period) statecheck.StateCheck {
	return invariants{address: ds.address(), check: ds.check(p)}
}

// testCase reads the data source once, over p, and checks its contract.
// preCheck runs after the harness has decided to run the test; more are
// further checks of the state.
func (ds dataSource) testCase(factories map[string]func() (tfprotov6.ProviderServer, error), p period, preCheck func(), more ...statecheck.StateCheck) resource.TestCase {
	return resource.TestCase{
		PreCheck:                 preCheck,
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config:            ds.config(p),
			ConfigStateChecks: append([]statecheck.StateCheck{ds.invariants(p)}, more...),
		}},
	}
}

// check is the data source's contract over a state read for p.
func (ds dataSource) check(p period) func(map[string]any) error {
	return func(attributes map[string]any) error {
		var errs []error
		for _, name := range slices.Sorted(maps.Keys(ds.attributes)) {
			value, ok := attributes[name]
			if !ok {
				errs = append(errs, fmt.Errorf("%s is not in the state", name))
				continue
			}
			errs = append(errs, checkKind(name, value, ds.attributes[name]))
		}
		rows, err := ds.rowsOf(attributes)
		errs = append(errs, err)
		if err := errors.Join(errs...); err != nil {
			return err // sums over values of the wrong kind would say nothing more
		}
		if ds.count != "" {
			errs = append(errs, sameNumber(ds.count+" (the number of "+ds.rows+")", attributes[ds.count], decimal.NewFromInt(int64(len(rows)))))
		}
		for _, t := range ds.totals {
			sum, err := sumOf(rows, fieldAmount(t.field))
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", t.attribute, err))
				continue
			}
			errs = append(errs, sameNumber(t.attribute, attributes[t.attribute], sum))
		}
		for _, b := range ds.breakdowns {
			errs = append(errs, b.check(attributes, rows))
		}
		if ds.extra != nil {
			errs = append(errs, ds.extra(attributes, rows, p))
		}
		return errors.Join(errs...)
	}
}

// rowsOf reads the row list and checks each row's attributes, and those of
// the lists within it.
func (ds dataSource) rowsOf(attributes map[string]any) ([]map[string]any, error) {
	if ds.rows == "" {
		return nil, nil
	}
	rows, err := objects(ds.rows, attributes[ds.rows])
	if err != nil {
		return nil, err
	}
	var errs []error
	for i, row := range rows {
		path := fmt.Sprintf("%s[%d]", ds.rows, i)
		errs = append(errs, checkObject(path, row, ds.row))
		for _, name := range slices.Sorted(maps.Keys(ds.nested)) {
			if _, ok := row[name].([]any); !ok {
				continue // checkObject has said what it is instead
			}
			items, err := objects(path+"."+name, row[name])
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for j, item := range items {
				errs = append(errs, checkObject(fmt.Sprintf("%s.%s[%d]", path, name, j), item, ds.nested[name]))
			}
		}
	}
	return rows, errors.Join(errs...)
}

func sumOf(rows []map[string]any, amount func(map[string]any) (decimal.Decimal, error)) (decimal.Decimal, error) {
	var sum decimal.Decimal
	for i, row := range rows {
		d, err := amount(row)
		if err != nil {
			return decimal.Zero, fmt.Errorf("row %d: %w", i, err)
		}
		sum = sum.Add(d)
	}
	return sum, nil
}

// check recomputes the breakdown from the rows, then checks that it adds up
// to its total.
func (b breakdown) check(attributes map[string]any, rows []map[string]any) error {
	byKey := map[string]map[string]decimal.Decimal{}
	for i, row := range rows {
		d, err := b.amount(row)
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", b.attribute, i, err)
		}
		key, currency := b.key(row), ""
		if b.currency != nil {
			currency = b.currency(row)
		}
		if byKey[key] == nil {
			byKey[key] = map[string]decimal.Decimal{}
		}
		byKey[key][currency] = byKey[key][currency].Add(d)
	}
	got := attributes[b.attribute]
	if b.currency == nil {
		want := make(map[string]decimal.Decimal, len(byKey))
		for key, sums := range byKey {
			want[key] = sums[""]
		}
		errs := []error{sameSums(b.attribute, got, want)}
		if b.addsUpTo != "" {
			var sum decimal.Decimal
			m, _ := got.(map[string]any)
			for _, v := range m {
				d, _ := decimalOf(v)
				sum = sum.Add(d)
			}
			if sameNumber(b.addsUpTo, attributes[b.addsUpTo], sum) != nil {
				errs = append(errs, fmt.Errorf("%s adds up to %s, but %s is %v", b.attribute, sum, b.addsUpTo, attributes[b.addsUpTo]))
			}
		}
		return errors.Join(errs...)
	}
	outer, _ := got.(map[string]any)
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(byKey)) {
		inner, ok := outer[key]
		if !ok {
			errs = append(errs, fmt.Errorf("%s has no key %q, which rows have", b.attribute, key))
			continue
		}
		errs = append(errs, sameSums(fmt.Sprintf("%s[%q]", b.attribute, key), inner, byKey[key]))
	}
	for _, key := range slices.Sorted(maps.Keys(outer)) {
		if _, ok := byKey[key]; !ok {
			errs = append(errs, fmt.Errorf("%s has the key %q, which no row has", b.attribute, key))
		}
	}
	if b.addsUpTo == "" {
		return errors.Join(errs...)
	}
	perCurrency := map[string]decimal.Decimal{}
	for _, inner := range outer {
		sums, _ := inner.(map[string]any)
		for currency, v := range sums {
			d, _ := decimalOf(v)
			perCurrency[currency] = perCurrency[currency].Add(d)
		}
	}
	if err := sameSums(b.addsUpTo, attributes[b.addsUpTo], perCurrency); err != nil {
		errs = append(errs, fmt.Errorf("%s does not add up to %s in every currency: %w", b.attribute, b.addsUpTo, err))
	}
	return errors.Join(errs...)
}

// lineItemsAmount is what an Ocamba usage record adds to its breakdowns:
// the sum of its line items' amounts.
func lineItemsAmount(row map[string]any) (decimal.Decimal, error) {
	items, err := objects("line_items", row["line_items"])
	if err != nil {
		return decimal.Zero, err
	}
	return sumOf(items, fieldAmount("amount"))
}

// invoiceMonth is the YYYY-MM of a Talkdesk invoice line's date ("" without
// one).
func invoiceMonth(row map[string]any) string {
	date := textOf(row["date"])
	if len(date) < len("2006-01") {
		return ""
	}
	return date[:len("2006-01")]
}

// statusWithNumber is a Virtuozzo status as the platform writes it, which
// the provider turns into the bare name.
var statusWithNumber = regexp.MustCompile(`^(ACTIVE\(1\)|INACTIVE\(2\)|DESTROY\(3\)|DELETED\(4\)|[1-4])$`)

// virtuozzoStatus checks that a status the platform sent as a known number
// or "NAME(n)" has become the bare name.
func virtuozzoStatus(attributes map[string]any, _ []map[string]any, _ period) error {
	if status := textOf(attributes["status"]); statusWithNumber.MatchString(status) {
		return fmt.Errorf("status is %q; the provider turns the platform's known statuses into ACTIVE, INACTIVE, DESTROY or DELETED", status)
	}
	return nil
}

// talkdeskNames checks names_by_id against the rows: every id, once, with
// its name ("" when null).
func talkdeskNames(attributes map[string]any, rows []map[string]any, _ period) error {
	want := map[string]string{}
	var errs []error
	for i, row := range rows {
		id, ok := row["id"].(string)
		if !ok {
			errs = append(errs, fmt.Errorf("accounts[%d].id is null; Talkdesk requires an id", i))
			continue
		}
		if _, seen := want[id]; seen {
			errs = append(errs, fmt.Errorf("accounts[%d].id %q is read twice", i, id))
		}
		want[id] = textOf(row["name"])
	}
	got, _ := attributes["names_by_id"].(map[string]any)
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if name, ok := got[id]; !ok || name != want[id] {
			errs = append(errs, fmt.Errorf("names_by_id[%q] is %v; the account's name is %q", id, name, want[id]))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[id]; !ok {
			errs = append(errs, fmt.Errorf("names_by_id has the id %q, which no account has", id))
		}
	}
	return errors.Join(errs...)
}

// monthsWithin checks that every usage record's month lies in the range
// asked for.
func monthsWithin(_ map[string]any, rows []map[string]any, p period) error {
	var errs []error
	for i, row := range rows {
		if month := textOf(row["month"]); month < p.firstMonth() || month > p.lastMonth() {
			errs = append(errs, fmt.Errorf("usages[%d].month is %q, outside %s to %s", i, month, p.firstMonth(), p.lastMonth()))
		}
	}
	return errors.Join(errs...)
}

// datesWithin checks that every invoice line's date lies in the range asked
// for (the provider filters the lines itself).
func datesWithin(_ map[string]any, rows []map[string]any, p period) error {
	var errs []error
	for i, row := range rows {
		date := textOf(row["date"])
		day, _, _ := strings.Cut(strings.Replace(date, " ", "T", 1), "T")
		if day < p.firstDay() || day > p.lastDay() {
			errs = append(errs, fmt.Errorf("lines[%d].date is %q, outside %s to %s", i, date, p.firstDay(), p.lastDay()))
		}
	}
	return errors.Join(errs...)
}
