package provider

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	pd "github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// resolver reads each setting from the configuration, else its environment
// variable, else its default, and checks it. Problems are collected as
// diagnostics that name the attribute, or the environment variable when
// the value came from there. A vendor's settings known only at apply are
// collected apart, in unknownOf: they fail only the reads of that
// vendor's data sources.
type resolver struct {
	// configured is a setting's value as written, read by its attribute
	// path (pd.Setting names it once, for the schema and here): null when
	// it, or the object it is in, is left out or known only at apply.
	configured func(pd.Setting) attr.Value
	getenv     func(string) string
	diags      diag.Diagnostics
	unknownOf  map[string][]pd.Setting // by vendor object: "truewatch"
}

// configuredIn reads settings from config.
func configuredIn(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) func(pd.Setting) attr.Value {
	return func(s pd.Setting) attr.Value {
		var v attr.Value
		diags.Append(config.GetAttribute(ctx, attributePath(s), &v)...)
		return v
	}
}

// vendorObjects are the objects whose settings are needed only when a data
// source of their vendor is read.
var vendorObjects = []pd.Setting{pd.TrueWatchObject, pd.VirtuozzoObject, pd.OcambaObject, pd.TalkdeskObject}

// cacheSettings are the cache block's settings, resolved; dirSource says
// where dir came from, for an error about it.
type cacheSettings struct {
	dir, dirSource string
	ttl            time.Duration
}

// cache resolves the cache block: no dir, no cache; a ttl needs a dir.
func (r *resolver) cache() cacheSettings {
	if !r.object(pd.CacheObject) {
		return cacheSettings{} // said once, by object
	}
	dir, source := r.lookup(pd.CacheDir)
	ttlText, ttlSource := r.lookup(pd.CacheTTL)
	settings := cacheSettings{dir: dir, dirSource: source}
	if ttlSource == "" {
		return settings
	}
	ttl, ok := parse(r, ttlText, ttlSource, pd.CacheTTL, validate.DurationOrZero)
	if !ok {
		return settings
	}
	if dir == "" && ttl > 0 && !r.text(pd.CacheDir).IsUnknown() { // unknown: said once, above
		r.invalidFrom(ttlSource, pd.CacheTTL, fmt.Errorf("%q keeps answers in cache.dir, which is not set (nor %s)", ttlText, pd.CacheDir.EnvVar))
		return settings
	}
	settings.ttl = ttl
	return settings
}

func (r *resolver) resolve() (client.Settings, pd.Settings) {
	core := client.Settings{
		RequestTimeout: r.duration(pd.RequestTimeout, client.DefaultRequestTimeout),
		MaxRetries:     int(r.wholeNumber(pd.MaxRetries, client.DefaultMaxRetries, 0, maxRetriesLimit)),
		MaxConcurrency: int(r.wholeNumber(pd.MaxConcurrency, client.DefaultMaxConcurrency, 1, maxConcurrencyLimit)),
	}
	for _, vendor := range vendorObjects {
		r.object(vendor)
	}
	region := r.string(pd.TalkdeskRegion)
	if _, ok := talkdesk.Regions[region]; !ok {
		r.invalid(pd.TalkdeskRegion, fmt.Errorf("%q is not a Talkdesk region; use one of %s", region, strings.Join(regionNames(), ", ")))
		region = pd.TalkdeskRegion.Default
	}
	vendors := pd.Settings{
		TrueWatch: pd.TrueWatch{
			APIKey:   r.credential(pd.TrueWatchAPIKey),
			Endpoint: r.endpoint(pd.TrueWatchEndpoint),
		},
		Virtuozzo: pd.Virtuozzo{
			APIURL: r.endpoint(pd.VirtuozzoAPIURL),
			Token:  r.credential(pd.VirtuozzoToken),
			AppID:  r.string(pd.VirtuozzoAppID),
		},
		Ocamba: pd.Ocamba{
			Token:    r.credential(pd.OcambaToken),
			Endpoint: r.endpoint(pd.OcambaEndpoint),
		},
		Talkdesk: pd.Talkdesk{
			Region:       region,
			Account:      r.string(pd.TalkdeskAccount),
			ClientID:     r.credential(pd.TalkdeskClientID),
			ClientSecret: r.credential(pd.TalkdeskClientSecret),
			Scopes:       r.list(pd.TalkdeskScopes, nil), // none: each endpoint's own scope
			AccessToken:  r.credential(pd.TalkdeskAccessToken),
			Endpoint:     r.endpointOr(pd.TalkdeskEndpoint, talkdesk.Regions[region].APIHost),
			TokenURL:     r.endpoint(pd.TalkdeskTokenURL),
		},
	}
	vendors.Talkdesk.TokenURL = r.talkdeskTokenURL(vendors.Talkdesk)
	vendors.TrueWatch.Unknown = r.unknownOf[pd.TrueWatchObject.Attribute]
	vendors.Virtuozzo.Unknown = r.unknownOf[pd.VirtuozzoObject.Attribute]
	vendors.Ocamba.Unknown = r.unknownOf[pd.OcambaObject.Attribute]
	vendors.Talkdesk.Unknown = r.unknownOf[pd.TalkdeskObject.Attribute]
	core.Secrets = []string{
		vendors.TrueWatch.APIKey, vendors.Virtuozzo.Token, vendors.Ocamba.Token,
		vendors.Talkdesk.ClientSecret, vendors.Talkdesk.AccessToken,
	}
	return core, vendors
}

// talkdeskTokenURL is token_url with /oauth/token added when it is a bare
// host, else the account's token URL in its region, else nil.
func (r *resolver) talkdeskTokenURL(td pd.Talkdesk) *url.URL {
	if td.TokenURL != nil {
		return talkdesk.WithTokenPath(td.TokenURL)
	}
	if td.Account == "" {
		return nil
	}
	u, err := talkdesk.TokenURL(td.Account, td.Region)
	if err != nil {
		r.invalid(pd.TalkdeskAccount, err)
	}
	return u
}

// object reports the cache block or a vendor object known only at apply,
// and whether it is known. One left out reads as every setting in it left
// out, like one left empty; one known only at apply too, said once here.
func (r *resolver) object(s pd.Setting) bool {
	if v, _ := r.configured(s).(types.Object); v.IsUnknown() {
		r.unknown(s)
		return false
	}
	return true
}

// text is a string setting as written: null when left out.
func (r *resolver) text(s pd.Setting) types.String {
	v, _ := r.configured(s).(types.String)
	return v
}

// lookup returns the configured value, else the environment's, and where it
// came from ("" when neither is set). An empty string counts as unset, in
// the configuration as in the environment. (The schema refuses an empty
// endpoint, duration or region as written: it would not fall back.)
func (r *resolver) lookup(s pd.Setting) (value, source string) {
	v := r.text(s)
	if v.IsUnknown() {
		r.unknown(s)
		return "", ""
	}
	if value := v.ValueString(); value != "" {
		return value, s.Attribute
	}
	if env := r.getenv(s.EnvVar); env != "" {
		return env, s.EnvVar
	}
	return "", ""
}

// parse is value, from source, as read reads it; a value read refuses is
// reported, and not ok.
func parse[T any](r *resolver, value, source string, s pd.Setting, read func(string) (T, error)) (_ T, ok bool) {
	v, err := read(value)
	if err != nil {
		r.invalidFrom(source, s, err)
		var zero T
		return zero, false
	}
	return v, true
}

// string is a text setting, else its default.
func (r *resolver) string(s pd.Setting) string {
	if value, source := r.lookup(s); source != "" {
		return value
	}
	return s.Default
}

// credential is a key, token, client id or secret, checked: the schema
// checks one as written, and this one from the environment too.
func (r *resolver) credential(s pd.Setting) string {
	value, source := r.lookup(s)
	credential, _ := parse(r, value, source, s, validate.Credential)
	return credential
}

// endpoint is a URL setting, else its default; nil for neither.
func (r *resolver) endpoint(s pd.Setting) *url.URL { return r.endpointOr(s, s.Default) }

// endpointOr is endpoint with a default known only here, such as a
// region's host.
func (r *resolver) endpointOr(s pd.Setting, def string) *url.URL {
	value, source := r.lookup(s)
	if source == "" {
		value, source = def, s.Attribute+" (default)"
	}
	if value == "" {
		return nil
	}
	u, _ := parse(r, value, source, s, validate.EndpointURL)
	return u
}

func (r *resolver) duration(s pd.Setting, def time.Duration) time.Duration {
	value, source := r.lookup(s)
	if source == "" {
		return def
	}
	if d, ok := parse(r, value, source, s, validate.Duration); ok {
		return d
	}
	return def
}

func (r *resolver) wholeNumber(s pd.Setting, def, minimum, maximum int64) int64 {
	v, _ := r.configured(s).(types.Number)
	if v.IsUnknown() {
		r.unknown(s)
		return def
	}
	if !v.IsNull() {
		return validate.Int64(v) // the schema's validator has checked the bounds
	}
	env := r.getenv(s.EnvVar)
	if env == "" {
		return def
	}
	n, err := strconv.ParseInt(strings.TrimSpace(env), 10, 64)
	if err != nil || n < minimum || n > maximum {
		r.invalidFrom(s.EnvVar, s, fmt.Errorf("%q is not a whole number from %d to %d", env, minimum, maximum))
		return def
	}
	return n
}

// list is a list setting: one element known only at apply makes the whole
// list so, for a value cannot be left out of it. An empty list counts as
// unset, like an empty string.
func (r *resolver) list(s pd.Setting, def []string) []string {
	v, _ := r.configured(s).(types.List)
	switch {
	case v.IsUnknown():
		r.unknown(s)
		return def
	case len(v.Elements()) > 0:
		var out []string
		for _, element := range v.Elements() {
			if element.IsUnknown() {
				r.unknown(s)
				return def
			}
			if str, ok := element.(types.String); ok && !str.IsNull() {
				out = append(out, str.ValueString())
			}
		}
		return out
	}
	if env := strings.Fields(r.getenv(s.EnvVar)); len(env) > 0 {
		return env
	}
	return def
}

// unknown reports a setting, or an object, whose value is known only at
// apply: a vendor's is kept for the reads of that vendor's data sources to
// fail with (providerdata.UnknownSettingError); any other fails the
// configuration.
func (r *resolver) unknown(s pd.Setting) {
	object, _, _ := strings.Cut(s.Attribute, ".")
	for _, vendor := range vendorObjects {
		if object == vendor.Attribute {
			if r.unknownOf == nil {
				r.unknownOf = map[string][]pd.Setting{}
			}
			r.unknownOf[object] = append(r.unknownOf[object], s)
			return
		}
	}
	r.diags.AddAttributeError(attributePath(s), "Unknown "+s.Attribute, pd.UnknownDetail(s))
}

// invalid reports a bad value wherever it came from (lookup's rule: an
// empty string in the configuration is not a value).
func (r *resolver) invalid(s pd.Setting, err error) {
	source := s.EnvVar
	if r.text(s).ValueString() != "" {
		source = s.Attribute
	}
	r.invalidFrom(source, s, err)
}

func (r *resolver) invalidFrom(source string, s pd.Setting, err error) {
	if source == s.EnvVar {
		r.diags.AddError("Invalid "+s.EnvVar,
			fmt.Sprintf("The %s environment variable (the fallback of %s): %s.", s.EnvVar, s.Attribute, err))
		return
	}
	r.diags.AddAttributeError(attributePath(s), "Invalid "+s.Attribute, fmt.Sprintf("%s: %s.", s.Attribute, err))
}

// attributePath turns "truewatch.api_key" into the framework's path.
func attributePath(s pd.Setting) path.Path {
	parts := strings.Split(s.Attribute, ".")
	p := path.Root(parts[0])
	for _, name := range parts[1:] {
		p = p.AtName(name)
	}
	return p
}
