package validate

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestEndpointURL(t *testing.T) {
	accepted := map[string]string{
		"https://us1-openapi.truewatch.com":  "https://us1-openapi.truewatch.com/",
		"https://app.hoster.example/base":    "https://app.hoster.example/base",
		"http://127.0.0.1:8080":              "http://127.0.0.1:8080/",
		"http://127.8.9.10":                  "http://127.8.9.10/",
		"http://[::1]:9000":                  "http://[::1]:9000/",
		"http://localhost:1234":              "http://localhost:1234/",
		"http://LOCALHOST":                   "http://LOCALHOST/",
		"https://api.ocamba.com/":            "https://api.ocamba.com/",
		"https://api.talkdeskapp.eu:443/api": "https://api.talkdeskapp.eu:443/api",
	}
	for raw, want := range accepted {
		u, err := EndpointURL(raw)
		if err != nil {
			t.Errorf("EndpointURL(%q): %v", raw, err)
			continue
		}
		if u.String() != want {
			t.Errorf("EndpointURL(%q) = %s, want %s", raw, u, want)
		}
	}
	refused := map[string]string{
		"http://example.com":            "plain http://",
		"http://10.0.0.1":               "plain http://",
		"http://localhost.example.com":  "plain http://",
		"http://127.0.0.1.nip.io":       "plain http://",
		"ftp://files.example.com":       "must be an https:// URL",
		"example.com":                   "not an absolute URL",
		"":                              "not an absolute URL",
		"https://":                      "not an absolute URL",
		"https://u:p@api.example.com":   "contains credentials",
		"https://api.example.com/?a=1":  "has a query or fragment",
		"https://api.example.com/#frag": "has a query or fragment",
		"https://api.example.com:bad/":  "not an absolute URL",
		"mailto:billing@example.com":    "not an absolute URL",
	}
	for raw, want := range refused {
		_, err := EndpointURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("EndpointURL(%q) error = %v, want it to say %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), ":p@") {
			t.Errorf("EndpointURL(%q) repeats the password: %v", raw, err)
		}
	}
	// A query, a fragment or a URL that does not parse may hold a
	// credential (Jelastic's ?session=): the error shows none of them.
	hiding := map[string]string{
		"https://app.hoster.example/1.0/?session=SECRET-42":            `"https://app.hoster.example/1.0/" has a query or fragment (not shown: it may hold a credential); give the base URL only`,
		"https://app.hoster.example/#SECRET-42":                        `"https://app.hoster.example/" has a query or fragment (not shown: it may hold a credential); give the base URL only`,
		"https://admin:PASS%zzSECRET-42@app.hoster.example/":           `the value is not an absolute URL such as https://api.example.com (not shown: it may hold a credential)`,
		"https://app.hoster.example:bad/?session=SECRET-42":            `the value is not an absolute URL such as https://api.example.com (not shown: it may hold a credential)`,
		"https://app.hoster.example/%zz?session=SECRET-42":             `the value is not an absolute URL such as https://api.example.com (not shown: it may hold a credential)`,
		"https://admin:PASS@app.hoster.example/1.0/?session=SECRET-42": `"https://REDACTED@app.hoster.example/1.0/" contains credentials; put them in the provider's credential settings instead`,
		"https://admin@app.hoster.example/#SECRET-42":                  `"https://REDACTED@app.hoster.example/" contains credentials; put them in the provider's credential settings instead`,
	}
	for raw, want := range hiding {
		_, err := EndpointURL(raw)
		if err == nil || err.Error() != want {
			t.Errorf("EndpointURL(%q) error = %v, want %q", raw, err, want)
		}
	}
}

func TestDuration(t *testing.T) {
	if d, err := Duration("1m30s"); err != nil || d.String() != "1m30s" {
		t.Errorf("Duration(1m30s) = %v, %v", d, err)
	}
	for _, bad := range []string{"", "60", "0s", "-1s", "soon"} {
		if _, err := Duration(bad); err == nil {
			t.Errorf("Duration(%q) accepted", bad)
		}
	}
}

func TestMonths(t *testing.T) {
	month := func(s string) time.Time {
		m, err := time.Parse("2006-01", s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"2024-01", "2024-01", 1},
		{"2024-01", "2024-12", 12},
		{"2023-12", "2024-01", 2},
		{"2015-01", "2024-12", 120},
		{"2015-01", "2025-01", 121},
		{"1900-01", "2038-12", 1668},
		{"2024-03", "2024-01", -1},
	} {
		if got := Months(month(c.from), month(c.to)); got != c.want {
			t.Errorf("Months(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
}

// The boundary: 120 months pass, 121 do not, and the error names both
// arguments.
func TestMonthRange(t *testing.T) {
	parse := func(s string) (time.Time, error) { return time.Parse("2006-01", s) }
	check := MonthRange("from_month", 120, parse)
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"from_month": schema.StringAttribute{Optional: true},
		"to_month":   schema.StringAttribute{Optional: true},
	}}
	for to, want := range map[string]string{
		"2024-12": "",
		"2025-01": "to_month: from_month (2015-01) to to_month (2025-01) is 121 months; at most 120 are read in one data source. Split the range over several data sources.",
		"2014-01": "", // backwards: InOrder's to report
	} {
		config := tfsdk.Config{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), map[string]tftypes.Value{
			"from_month": tftypes.NewValue(tftypes.String, "2015-01"),
			"to_month":   tftypes.NewValue(tftypes.String, to),
		})}
		req := validator.StringRequest{Path: path.Root("to_month"), Config: config, ConfigValue: types.StringValue(to)}
		var resp validator.StringResponse
		check.ValidateString(context.Background(), req, &resp)
		got := ""
		for _, d := range resp.Diagnostics.Errors() {
			got += d.Detail()
		}
		if got != want {
			t.Errorf("to_month %s: error %q, want %q", to, got, want)
		}
	}
}

// A whole number out of bounds is named short, however large it is: a
// number of a hundred thousand digits is not written out.
func TestWholeNumberBetweenNamesAValueShort(t *testing.T) {
	check := WholeNumberBetween(1, 250)
	for value, want := range map[string]string{
		"250":      "",
		"250.5":    "per_page: 250.5 is not a whole number from 1 to 250.",
		"0":        "per_page: 0 is not a whole number from 1 to 250.",
		"1e30":     "per_page: 1e+30 is not a whole number from 1 to 250.",
		"1e100000": "per_page: a number of about 10^100000 is not a whole number from 1 to 250.",
	} {
		n, _, err := big.ParseFloat(value, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		req := validator.NumberRequest{Path: path.Root("per_page"), ConfigValue: types.NumberValue(n)}
		var resp validator.NumberResponse
		check.ValidateNumber(context.Background(), req, &resp)
		got := ""
		for _, d := range resp.Diagnostics.Errors() {
			got += d.Detail()
		}
		if got != want {
			t.Errorf("per_page %s: error %q, want %q", value, got[:min(len(got), 100)], want)
		}
	}
}
