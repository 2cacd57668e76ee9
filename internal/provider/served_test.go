package provider_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// read is one ReadDataSource of the state test: a data source, its
// arguments, and the rows the fake serves (nil: the fake's own).
type read struct {
	name      string
	typeName  string
	arguments map[string]any
	setup     func(fake *fakeapi.Server)
	// always: the data source has no include_rows (it always keeps its
	// rows, or has none), so it is read once.
	always bool
}

// quirkyOcamba are Ocamba records with every shape a number and a string
// take: numbers as strings, beyond float64 and int64 precision (up to the
// 150 significant digits Terraform holds exactly), binary
// fractions short enough to travel as float64 (a longer one, such as
// 2^-24 written in full, is the one number the two ways write apart:
// TestTerraformReadsEveryNumberWritten in internal/tfstate), exponents, negative and zero
// spellings, integers of every msgpack width, null and absent fields,
// "None" as text, no line items, many line items, escapes, non-ASCII and
// strings past msgpack's short-string lengths.
var quirkyOcamba = []string{
	`{"id":"q1","company_id":null,"app_id":"None","items":[],"currency_code":"USD","usage_percent":"0.1000000000000000055511151231257827","price":"-0.00","amount":"0e7"}`,
	`{"id":"q2","items":[{"name":"a\"b\\c\u00e9\n","quantity":"1e3","unit_price":"2E-5","price":0.5,"discount_rate":"-0.25","discount":"-0","tax_rate":"0.000","tax":7.231433,"amount":"21247.25993638","unit":-129}],"currency_code":"EUR","limit_status":"None","usage_percent":9223372036854775807,"price":-9223372036854775808,"amount":9223372036854775808}`,
	`{"id":"q3","items":[` + strings.Repeat(`{"name":"n","quantity":65536,"unit_price":4294967296,"price":-2147483649,"discount_rate":-33,"discount":255,"tax_rate":256,"tax":-32769,"amount":1.5,"unit":0.1},`, 20) + `{"description":"` + strings.Repeat("x", 300) + `"}],"currency_code":"` + strings.Repeat("€", 30) + `","start_time":"` + strings.Repeat("y", 70000) + `"}`,
	`{"id":"q4","items":[{"amount":"1e-30"},{"amount":"3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812"}],"currency_code":null,"price":"12345678901234567890.123456789","amount":"123456789012345678901234567890"}`,
}

func stateReads() []read {
	ocamba := func(rows ...string) func(*fakeapi.Server) {
		return func(f *fakeapi.Server) { f.Ocamba.SetRows(rows...) }
	}
	reads := []read{
		{name: "quirks", typeName: "billing_ocamba_usage", setup: ocamba(quirkyOcamba...)},
		{name: "no records", typeName: "billing_ocamba_usage", arguments: map[string]any{"search": "nothing matches this"}},
		{name: "quirks", typeName: "billing_ocamba_invoices", setup: func(f *fakeapi.Server) {
			f.Ocamba.SetInvoices(`{"id":"i1","status":null,"price":"12345678901234567890.123456789","tax":"1e-30","amount":-0.5,"sent":"0","items":[{"name":"\u00e9","amount":"0.1"}]}`,
				`{"id":"i2","invoice_number":"`+strings.Repeat("n", 40)+`","sent":true,"currency_code":"EUR","amount":9223372036854775808}`,
				`{"id":"i3","sent":null,"pdf":null,"items":[]}`)
		}},
		{name: "quirks", typeName: "billing_accounts_usage", setup: func(f *fakeapi.Server) {
			f.Talkdesk.SetRows(`{"id":"t1","account_id":null,"month":"2026-01","type":"None","currency":"USD","price":"0.035","number_of_units":"100000000000000000000","total_amount":"3.5"}`,
				`{"id":"t2","account_id":"a","description":"`+strings.Repeat("d", 40)+`","currency":"EUR","price":0.1,"number_of_units":1,"total_amount":"0.30000000000000004"}`)
		}},
		{name: "quirks", typeName: "billing_talkdesk_invoices", setup: func(f *fakeapi.Server) {
			f.Talkdesk.SetInvoiceLines(`{"id":"i1","account ID":"a","date":null,"status":"None","currency":"USD","quantity":"100000000000000000000","rate":"0.035","amount":"3.5","total_invoice_amount":"1e3"}`,
				`{"id":"i2","account_id":"\u00e9","date":"2024-08-31","description":"`+strings.Repeat("d", 300)+`","currency":"EUR","rate":0.1,"amount":"0.30000000000000004"}`)
		}},
		{name: "the fake's accounts", typeName: "billing_talkdesk_accounts", always: true},
		{name: "the fake's balance", typeName: "billing_truewatch_balance", always: true},
		{name: "the fake's account", typeName: "billing_virtuozzo_account", always: true},
	}
	for _, s := range sources {
		arguments := map[string]any{}
		for _, line := range strings.Split(s.arguments, "\n") {
			if name, value, ok := strings.Cut(line, "="); ok {
				value = strings.TrimSpace(value)
				if number, ok := new(big.Float).SetString(value); ok {
					arguments[strings.TrimSpace(name)] = number
				} else {
					arguments[strings.TrimSpace(name)] = strings.Trim(value, `"`)
				}
			}
		}
		reads = append(reads, read{name: "the fake's rows", typeName: s.typeName, arguments: arguments, setup: s.setup})
	}
	return reads
}

// The state a read sends through the server main.go serves is byte for
// byte the state the framework's own server sends (the rows' tftypes
// values encoded by terraform-plugin-go), for every data source, quirks
// included; with rows, the served state took the direct way (rows written
// as msgpack), which a state with null rows in their place would not
// match. Maps are the one exception: terraform-plugin-go writes a map's
// entries in Go's random map order, so entries are put in key order on
// both sides first.
func TestServedReadIsTheFrameworksByteForByte(t *testing.T) {
	t.Parallel()
	// Each server reads its own fake, so that both see the same answers
	// (TrueWatch's trace id counts requests).
	frameworkFake, servedFake := acctest.Fake(t), acctest.Fake(t)
	framework, served := configured(t, frameworkServer(t), frameworkFake), configured(t, servedServer(), servedFake)
	schemas, err := framework.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range stateReads() {
		for _, withRows := range []bool{true, false} {
			if r.always && !withRows {
				continue
			}
			t.Run(fmt.Sprintf("%s/%s/include_rows=%t", r.typeName, r.name, withRows), func(t *testing.T) {
				if r.setup != nil {
					r.setup(frameworkFake)
					r.setup(servedFake)
				}
				arguments := map[string]any{"include_rows": withRows}
				for name, value := range r.arguments {
					arguments[name] = value
				}
				config, err := tfprotov6.NewDynamicValue(schemas.DataSourceSchemas[r.typeName].ValueType(),
					valueOf(schemas.DataSourceSchemas[r.typeName].ValueType(), arguments))
				if err != nil {
					t.Fatal(err)
				}
				req := &tfprotov6.ReadDataSourceRequest{TypeName: r.typeName, Config: &config}
				want := readState(t, framework, req)
				got := readState(t, served, req)
				if bytes.Equal(got, want) {
					return
				}
				canonicalWant, canonicalGot := canonical(t, want), canonical(t, got)
				if !bytes.Equal(canonicalGot, canonicalWant) {
					at := 0
					for at < min(len(canonicalGot), len(canonicalWant)) && canonicalGot[at] == canonicalWant[at] {
						at++
					}
					t.Fatalf("the states differ from byte %d of %d (framework %d):\nserved    % x\nframework % x", at, len(canonicalGot), len(canonicalWant),
						canonicalGot[max(at-16, 0):min(at+32, len(canonicalGot))], canonicalWant[max(at-16, 0):min(at+32, len(canonicalWant))])
				}
				if len(got) != len(want) {
					t.Fatalf("%d bytes; the framework's %d", len(got), len(want))
				}
			})
		}
	}
}

// frameworkServer is the framework's own protocol server of the provider.
func frameworkServer(t testing.TB) tfprotov6.ProviderServer {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(provider.New("test", provider.WithRetryWait(acctest.RetryWaitMin, acctest.RetryWaitMax))())()
	if err != nil {
		t.Fatal(err)
	}
	return server
}

// servedServer is the server main.go serves.
func servedServer() tfprotov6.ProviderServer {
	return provider.Server("test", provider.WithRetryWait(acctest.RetryWaitMin, acctest.RetryWaitMax))()
}

// configured is server, configured for every vendor of fake.
func configured(t testing.TB, server tfprotov6.ProviderServer, fake *fakeapi.Server) tfprotov6.ProviderServer {
	t.Helper()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	config, err := tfprotov6.NewDynamicValue(schemas.Provider.ValueType(), valueOf(schemas.Provider.ValueType(), map[string]any{
		"truewatch": map[string]any{"api_key": fakeapi.TrueWatchAPIKey, "endpoint": fake.URL},
		"virtuozzo": map[string]any{"api_url": fake.URL, "token": fakeapi.VirtuozzoToken},
		"ocamba":    map[string]any{"token": fakeapi.OcambaToken, "endpoint": fake.URL},
		"talkdesk": map[string]any{
			"client_id": fakeapi.TalkdeskClientID, "client_secret": fakeapi.TalkdeskClientSecret,
			"token_url": fake.URL + fakeapi.TalkdeskTokenPath, "endpoint": fake.URL,
		},
	}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configuring the provider: %v %v", err, diagnostics(resp.Diagnostics))
	}
	return server
}

func readState(t testing.TB, server tfprotov6.ProviderServer, req *tfprotov6.ReadDataSourceRequest) []byte {
	t.Helper()
	resp, err := server.ReadDataSource(context.Background(), req)
	if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
		t.Fatalf("reading %s: %v %v", req.TypeName, err, diagnostics(resp.Diagnostics))
	}
	return resp.State.MsgPack
}

func diagnostics(diags []*tfprotov6.Diagnostic) string {
	var texts []string
	for _, d := range diags {
		texts = append(texts, d.Summary+": "+d.Detail)
	}
	return strings.Join(texts, "; ")
}

// valueOf is the value of typ with the attributes in set (strings, bools,
// *big.Float numbers and nested objects as maps) and every other one null.
func valueOf(typ tftypes.Type, set any) tftypes.Value {
	switch set := set.(type) {
	case nil:
		return tftypes.NewValue(typ, nil)
	case map[string]any:
		object := typ.(tftypes.Object) //nolint:forcetypeassert // maps are given for objects
		values := make(map[string]tftypes.Value, len(object.AttributeTypes))
		for name, attributeType := range object.AttributeTypes {
			values[name] = valueOf(attributeType, set[name])
		}
		return tftypes.NewValue(object, values)
	case int:
		return tftypes.NewValue(typ, big.NewFloat(float64(set)))
	default:
		return tftypes.NewValue(typ, set)
	}
}

// canonical is msgpack b with every map's entries in the order of their
// keys' text (which leaves an object, whose keys tftypes sorts, alone), and otherwise the same bytes; it fails on anything a state
// does not hold, and on trailing bytes.
func canonical(t *testing.T, b []byte) []byte {
	t.Helper()
	out, rest, err := canonicalValue(b)
	if err != nil || len(rest) > 0 {
		t.Fatalf("not one msgpack value: %v, %d bytes left", err, len(rest))
	}
	return out
}

func canonicalValue(b []byte) ([]byte, []byte, error) {
	if len(b) == 0 {
		return nil, nil, fmt.Errorf("truncated")
	}
	c := b[0]
	scalar := func(n int) ([]byte, []byte, error) {
		if len(b) < n {
			return nil, nil, fmt.Errorf("truncated")
		}
		return b[:n], b[n:], nil
	}
	lengthAt := func(size int) int {
		switch size {
		case 1:
			return int(b[1])
		case 2:
			return int(binary.BigEndian.Uint16(b[1:]))
		default:
			return int(binary.BigEndian.Uint32(b[1:]))
		}
	}
	switch {
	case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
		return scalar(1)
	case c >= 0xa0 && c <= 0xbf:
		return scalar(1 + int(c&0x1f))
	case c == 0xd9 || c == 0xda || c == 0xdb:
		size := map[byte]int{0xd9: 1, 0xda: 2, 0xdb: 4}[c]
		return scalar(1 + size + lengthAt(size))
	case c == 0xcc || c == 0xd0:
		return scalar(2)
	case c == 0xcd || c == 0xd1:
		return scalar(3)
	case c == 0xce || c == 0xd2:
		return scalar(5)
	case c == 0xcf || c == 0xd3 || c == 0xcb:
		return scalar(9)
	case c >= 0x90 && c <= 0x9f || c == 0xdc || c == 0xdd:
		n, header := int(c&0x0f), 1
		switch c {
		case 0xdc:
			n, header = lengthAt(2), 3
		case 0xdd:
			n, header = lengthAt(4), 5
		}
		out, rest := append([]byte(nil), b[:header]...), b[header:]
		for range n {
			var element []byte
			var err error
			if element, rest, err = canonicalValue(rest); err != nil {
				return nil, nil, err
			}
			out = append(out, element...)
		}
		return out, rest, nil
	case c >= 0x80 && c <= 0x8f || c == 0xde || c == 0xdf:
		n, header := int(c&0x0f), 1
		switch c {
		case 0xde:
			n, header = lengthAt(2), 3
		case 0xdf:
			n, header = lengthAt(4), 5
		}
		type entry struct{ key, value []byte }
		entries := make([]entry, n)
		rest := b[header:]
		for i := range entries {
			var err error
			if entries[i].key, rest, err = canonicalValue(rest); err != nil {
				return nil, nil, err
			}
			if entries[i].value, rest, err = canonicalValue(rest); err != nil {
				return nil, nil, err
			}
		}
		sort.SliceStable(entries, func(i, j int) bool {
			return bytes.Compare(stringContent(entries[i].key), stringContent(entries[j].key)) < 0
		})
		out := append([]byte(nil), b[:header]...)
		for _, e := range entries {
			out = append(out, e.key...)
			out = append(out, e.value...)
		}
		return out, rest, nil
	}
	return nil, nil, fmt.Errorf("unexpected msgpack code %#x", c)
}

// stringContent is the text of a msgpack string (its bytes after the header).
func stringContent(s []byte) []byte {
	switch s[0] {
	case 0xd9:
		return s[2:]
	case 0xda:
		return s[3:]
	case 0xdb:
		return s[5:]
	default:
		return s[1:]
	}
}
