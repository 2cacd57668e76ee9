// Package validate holds the plan-time checks shared by the provider and its
// data sources. Each check is a plain function, so the provider can apply
// the same rule to a value that came from an environment variable, which no
// schema validator ever sees.
package validate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/dates"
)

// EndpointURL accepts an https:// URL, or an http:// URL whose host is a
// loopback address (how tests and local fakes are reached). Credentials,
// queries and fragments have no place in a base URL; as they may hold a
// credential (a password, Jelastic's ?session=), errors never show them.
func EndpointURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		if strings.ContainsAny(raw, "@?#") {
			return nil, errors.New("the value is not an absolute URL such as https://api.example.com (not shown: it may hold a credential)")
		}
		return nil, fmt.Errorf("%q is not an absolute URL such as https://api.example.com", raw)
	}
	switch {
	case u.User != nil:
		return nil, fmt.Errorf("%q contains credentials; put them in the provider's credential settings instead", redactUser(withoutQuery(u)))
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, fmt.Errorf("%q has a query or fragment (not shown: it may hold a credential); give the base URL only", withoutQuery(u).String())
	case u.Scheme == "https", u.Scheme == "http" && isLoopback(u.Hostname()):
		if u.Path == "" {
			u.Path = "/" // so that JoinPath gives request paths their leading "/"
		}
		return u, nil
	case u.Scheme == "http":
		return nil, fmt.Errorf("%q uses plain http://, which is accepted only for a loopback host (127.0.0.1, ::1, localhost); use https://", raw)
	default:
		return nil, fmt.Errorf("%q must be an https:// URL", raw)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// withoutQuery is u without its query and fragment.
func withoutQuery(u *url.URL) *url.URL {
	base := *u
	base.RawQuery, base.Fragment, base.RawFragment, base.ForceQuery = "", "", "", false
	return &base
}

func redactUser(u *url.URL) string {
	c := *u
	c.User = url.User("REDACTED")
	return c.String()
}

// Credential accepts a key, token, client id or secret without a line
// break or another control character: no credential holds one, an HTTP
// header cannot carry one, and a value read with file() ends in one. The
// error never quotes the value.
func Credential(value string) (string, error) {
	if strings.ContainsFunc(value, unicode.IsControl) {
		return "", errors.New("the value holds a line break or another control character, which no credential holds; " +
			"a value read with file() ends in a line break: trimspace(file(...)) reads it without")
	}
	return value, nil
}

// CredentialCheck is Credential as a schema validator.
func CredentialCheck() validator.String {
	return Check("a credential, without line breaks or other control characters", Credential)
}

// Duration accepts a positive Go duration such as "60s" or "2m30s".
func Duration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"60s\" or \"2m\"", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be longer than zero", s)
	}
	return d, nil
}

// DurationOrZero accepts a Go duration of zero or more, such as "0s" or
// "15m".
func DurationOrZero(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"15m\" or \"0s\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q must not be negative", s)
	}
	return d, nil
}

// Check adapts a parse function to a schema validator: a known value that
// fails to parse is an error on the attribute, naming it.
func Check[T any](description string, parse func(string) (T, error)) validator.String {
	return stringCheck[T]{description: description, parse: parse}
}

type stringCheck[T any] struct {
	description string
	parse       func(string) (T, error)
}

func (c stringCheck[T]) Description(context.Context) string { return c.description }

func (c stringCheck[T]) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c stringCheck[T]) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := c.parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s: %s.", req.Path, err))
	}
}

// Endpoint is EndpointURL as a schema validator.
func Endpoint() validator.String {
	return Check("an https:// URL (http:// only for a loopback host)", EndpointURL)
}

// Day is dates.ParseDay as a schema validator.
func Day() validator.String {
	return Check("a date in the form YYYY-MM-DD (or YYYYMMDD)", dates.ParseDay)
}

// Timestamp is dates.ParseTimestamp as a schema validator.
func Timestamp() validator.String {
	return Check("a time: YYYY-MM-DD HH:MM:SS, YYYY-MM-DD, or RFC 3339", dates.ParseTimestamp)
}

// WholeNumber accepts a number without a fractional part.
func WholeNumber() validator.Number { return wholeNumber{} }

// WholeNumberBetween accepts a whole number from minimum to maximum. A
// whole-number argument is a Number attribute with this check, not an
// Int64 attribute: the framework refuses a fraction or a huge value for an
// Int64 before any validator sees it, and tells the user it is a bug of
// the provider.
func WholeNumberBetween(minimum, maximum int64) validator.Number {
	return wholeNumber{bounded: true, minimum: minimum, maximum: maximum}
}

type wholeNumber struct {
	bounded          bool
	minimum, maximum int64
}

func (w wholeNumber) Description(context.Context) string {
	if w.bounded {
		return fmt.Sprintf("a whole number from %d to %d", w.minimum, w.maximum)
	}
	return "a whole number"
}

func (w wholeNumber) MarkdownDescription(ctx context.Context) string { return w.Description(ctx) }

func (w wholeNumber) ValidateNumber(ctx context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n := req.ConfigValue.ValueBigFloat()
	i, accuracy := n.Int64()
	if !n.IsInt() || w.bounded && (accuracy != big.Exact || i < w.minimum || i > w.maximum) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s: %s is not %s.", req.Path, shortNumber(n), w.Description(ctx)))
	}
}

// shortNumber names n in a few characters: as written when it is near
// one, else in scientific notation, and a number whose decimal digits alone
// would take long to make (over about 10^±1200) by its power of ten.
func shortNumber(n *big.Float) string {
	switch exp := n.MantExp(nil); {
	case exp > -64 && exp < 64:
		return n.Text('f', -1)
	case exp > -4096 && exp < 4096:
		return n.Text('g', 10)
	default:
		return fmt.Sprintf("a number of about 10^%d", int(math.Round(float64(exp)*math.Log10(2))))
	}
}

// Int64 is a whole number that WholeNumberBetween has checked, as an int64.
func Int64(n types.Number) int64 {
	i, _ := n.ValueBigFloat().Int64()
	return i
}

// InOrder checks that the time in attribute end is not before the one in
// start, both parsed by parse. Values that are unknown or do not parse are
// left to the attributes' own validators.
func InOrder(start, end string, parse func(string) (time.Time, error)) datasource.ConfigValidator {
	return inOrder{start: start, end: end, parse: parse}
}

type inOrder struct {
	start, end string
	parse      func(string) (time.Time, error)
}

func (v inOrder) Description(context.Context) string {
	return fmt.Sprintf("%s must not be before %s", v.end, v.start)
}

func (v inOrder) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v inOrder) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var start, end types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.start), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.end), &end)...)
	if resp.Diagnostics.HasError() || !known(start) || !known(end) {
		return
	}
	from, to, err := dates.ParseRange(v.parse, start.ValueString(), end.ValueString())
	if err != nil || !to.Before(from) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root(v.end), "Invalid "+v.end,
		fmt.Sprintf("%s (%s) is before %s (%s); the range is inclusive and must not run backwards.",
			v.end, end.ValueString(), v.start, start.ValueString()))
}

func known(s types.String) bool { return !s.IsNull() && !s.IsUnknown() }

// MonthRange checks, on the attribute that ends a range of whole months,
// that the range from the attribute start (both included, both parsed by
// parse) is at most maxMonths long. Values that are unknown or do not parse,
// and ranges that run backwards, are left to the other validators.
func MonthRange(start string, maxMonths int, parse func(string) (time.Time, error)) validator.String {
	return monthRange{start: start, maxMonths: maxMonths, parse: parse}
}

type monthRange struct {
	start     string
	maxMonths int
	parse     func(string) (time.Time, error)
}

func (v monthRange) Description(context.Context) string {
	return fmt.Sprintf("at most %d months from %s", v.maxMonths, v.start)
}

func (v monthRange) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v monthRange) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	var start types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.start), &start)...)
	if resp.Diagnostics.HasError() || !known(start) || !known(req.ConfigValue) {
		return
	}
	from, errFrom := v.parse(start.ValueString())
	to, errTo := v.parse(req.ConfigValue.ValueString())
	if errFrom != nil || errTo != nil {
		return
	}
	if months := Months(from, to); months > v.maxMonths {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s: %s (%s) to %s (%s) is %d months; at most %d are read in one data source. Split the range over several data sources.",
				req.Path, v.start, start.ValueString(), req.Path, req.ConfigValue.ValueString(), months, v.maxMonths))
	}
}

// Months is how many calendar months from from to to span, both included
// (0 or less when to is before from).
func Months(from, to time.Time) int {
	return (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month()) + 1
}
