package provider

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
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
	getenv    func(string) string
	diags     diag.Diagnostics
	unknownOf map[string][]pd.Setting // by vendor object: "truewatch"
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
func (r *resolver) cache(ctx context.Context, c types.Object) cacheSettings {
	var block cacheModel
	r.object(ctx, c, pd.CacheObject, &block)
	if c.IsUnknown() {
		return cacheSettings{} // said once, by object
	}
	dir, source := r.lookup(block.Dir, pd.CacheDir)
	ttlText, ttlSource := r.lookup(block.TTL, pd.CacheTTL)
	settings := cacheSettings{dir: dir, dirSource: source}
	if ttlSource == "" {
		return settings
	}
	ttl, err := validate.DurationOrZero(ttlText)
	if err != nil {
		r.invalidFrom(ttlSource, pd.CacheTTL, err)
		return settings
	}
	if dir == "" && ttl > 0 && !block.Dir.IsUnknown() { // unknown: said once, above
		r.invalidFrom(ttlSource, pd.CacheTTL, fmt.Errorf("%q keeps answers in cache.dir, which is not set (nor %s)", ttlText, pd.CacheDir.EnvVar))
		return settings
	}
	settings.ttl = ttl
	return settings
}

func (r *resolver) resolve(ctx context.Context, c providerModel) (client.Settings, pd.Settings) {
	core := client.Settings{
		RequestTimeout: r.duration(c.RequestTimeout, pd.RequestTimeout, client.DefaultRequestTimeout),
		MaxRetries:     int(r.wholeNumber(c.MaxRetries, pd.MaxRetries, client.DefaultMaxRetries, 0, maxRetriesLimit)),
		MaxConcurrency: int(r.wholeNumber(c.MaxConcurrency, pd.MaxConcurrency, client.DefaultMaxConcurrency, 1, maxConcurrencyLimit)),
	}
	var (
		tw trueWatchModel
		vz virtuozzoModel
		oc ocambaModel
		td talkdeskModel
	)
	r.object(ctx, c.TrueWatch, pd.TrueWatchObject, &tw)
	r.object(ctx, c.Virtuozzo, pd.VirtuozzoObject, &vz)
	r.object(ctx, c.Ocamba, pd.OcambaObject, &oc)
	r.object(ctx, c.Talkdesk, pd.TalkdeskObject, &td)
	region := r.string(td.Region, pd.TalkdeskRegion, defaultTalkdeskRegion)
	if _, ok := talkdesk.Regions[region]; !ok {
		r.invalid(td.Region, pd.TalkdeskRegion, fmt.Errorf("%q is not a Talkdesk region; use one of %s", region, strings.Join(regionNames(), ", ")))
		region = defaultTalkdeskRegion
	}
	vendors := pd.Settings{
		TrueWatch: pd.TrueWatch{
			APIKey:   r.credential(tw.APIKey, pd.TrueWatchAPIKey),
			Endpoint: r.endpoint(tw.Endpoint, pd.TrueWatchEndpoint, truewatch.DefaultEndpoint),
		},
		Virtuozzo: pd.Virtuozzo{
			APIURL: r.endpoint(vz.APIURL, pd.VirtuozzoAPIURL, ""),
			Token:  r.credential(vz.Token, pd.VirtuozzoToken),
			AppID:  r.string(vz.AppID, pd.VirtuozzoAppID, ""),
		},
		Ocamba: pd.Ocamba{
			Token:    r.credential(oc.Token, pd.OcambaToken),
			Endpoint: r.endpoint(oc.Endpoint, pd.OcambaEndpoint, ocamba.DefaultEndpoint),
		},
		Talkdesk: pd.Talkdesk{
			Region:       region,
			Account:      r.string(td.Account, pd.TalkdeskAccount, ""),
			ClientID:     r.credential(td.ClientID, pd.TalkdeskClientID),
			ClientSecret: r.credential(td.ClientSecret, pd.TalkdeskClientSecret),
			Scopes:       r.list(td.Scopes, pd.TalkdeskScopes, nil), // none: each endpoint's own scope
			AccessToken:  r.credential(td.AccessToken, pd.TalkdeskAccessToken),
			Endpoint:     r.endpoint(td.Endpoint, pd.TalkdeskEndpoint, talkdesk.Regions[region].APIHost),
			TokenURL:     r.endpoint(td.TokenURL, pd.TalkdeskTokenURL, ""),
		},
	}
	vendors.Talkdesk.TokenURL = r.talkdeskTokenURL(vendors.Talkdesk, td.Account)
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
func (r *resolver) talkdeskTokenURL(td pd.Talkdesk, account types.String) *url.URL {
	if td.TokenURL != nil {
		return talkdesk.WithTokenPath(td.TokenURL)
	}
	if td.Account == "" {
		return nil
	}
	u, err := talkdesk.TokenURL(td.Account, td.Region)
	if err != nil {
		r.invalid(account, pd.TalkdeskAccount, err)
	}
	return u
}

// object reads the cache block or a vendor object into model, a pointer
// to its model. One left out leaves model as it is: every attribute null
// (the zero value of a framework value is null), like one left empty. One
// known only at apply is reported as such, and leaves model so too.
func (r *resolver) object(ctx context.Context, v types.Object, s pd.Setting, model any) {
	switch {
	case v.IsUnknown():
		r.unknown(s)
	case !v.IsNull():
		r.diags.Append(v.As(ctx, model, basetypes.ObjectAsOptions{})...)
	}
}

// lookup returns the configured value, else the environment's, and where it
// came from ("" when neither is set). An empty string counts as unset, in
// the configuration as in the environment. (The schema refuses an empty
// endpoint, duration or region as written: it would not fall back.)
func (r *resolver) lookup(v types.String, s pd.Setting) (value, source string) {
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

func (r *resolver) string(v types.String, s pd.Setting, def string) string {
	if value, source := r.lookup(v, s); source != "" {
		return value
	}
	return def
}

// credential is a key, token, client id or secret, checked: the schema
// checks one as written, and this one from the environment too.
func (r *resolver) credential(v types.String, s pd.Setting) string {
	value, source := r.lookup(v, s)
	if _, err := validate.Credential(value); err != nil {
		r.invalidFrom(source, s, err)
		return ""
	}
	return value
}

func (r *resolver) endpoint(v types.String, s pd.Setting, def string) *url.URL {
	value, source := r.lookup(v, s)
	if source == "" {
		value, source = def, s.Attribute+" (default)"
	}
	if value == "" {
		return nil
	}
	u, err := validate.EndpointURL(value)
	if err != nil {
		r.invalidFrom(source, s, err)
		return nil
	}
	return u
}

func (r *resolver) duration(v types.String, s pd.Setting, def time.Duration) time.Duration {
	value, source := r.lookup(v, s)
	if source == "" {
		return def
	}
	d, err := validate.Duration(value)
	if err != nil {
		r.invalidFrom(source, s, err)
		return def
	}
	return d
}

func (r *resolver) wholeNumber(v types.Number, s pd.Setting, def, minimum, maximum int64) int64 {
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
func (r *resolver) list(v types.List, s pd.Setting, def []string) []string {
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
func (r *resolver) invalid(v types.String, s pd.Setting, err error) {
	source := s.EnvVar
	if v.ValueString() != "" {
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
