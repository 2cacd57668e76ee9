// Package providerdata is what the configured provider hands every data
// source: the shared HTTP core and each vendor's resolved settings. Data
// sources never build HTTP clients themselves; they ask Data for their
// vendor's client and get either one or an error naming what is missing.
package providerdata

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
)

// Setting names a provider argument and the environment variable it falls
// back to, for messages that tell users exactly what to set.
type Setting struct {
	Attribute string // e.g. "truewatch.api_key"
	EnvVar    string // e.g. "TRUEWATCH_API_KEY"
	Default   string // the value when neither is set, as written; "" for none
}

func (s Setting) String() string {
	return fmt.Sprintf("%s (or the %s environment variable)", s.Attribute, s.EnvVar)
}

// MissingSettingError is a data source read without a setting its vendor needs.
type MissingSettingError struct {
	DataSource string
	Vendor     string // as users know it: "TrueWatch"
	Missing    Setting
	Or         *Setting // a setting that would do instead, if any
}

// Summary is the diagnostic's summary line.
func (e *MissingSettingError) Summary() string { return "Missing " + e.Vendor + " settings" }

func (e *MissingSettingError) Error() string {
	if e.Or != nil {
		return fmt.Sprintf("%s needs %s, or else %s, to be set in the provider configuration.", e.DataSource, e.Missing, *e.Or)
	}
	return fmt.Sprintf("%s needs %s to be set in the provider configuration.", e.DataSource, e.Missing)
}

// UnknownSettingError is a data source read while settings of its vendor
// are known only at apply: the provider reads during plan.
type UnknownSettingError struct {
	DataSource string
	Unknown    []Setting // the vendor's object, or its settings; never empty
}

// UnknownDetail is what the provider says of a setting known only at
// apply, whether it fails the configuration or a read.
func UnknownDetail(s Setting) string {
	return s.Attribute + " depends on a value that is not known until apply. The billing provider reads data " +
		"during plan, so its configuration must be known then."
}

func (e *UnknownSettingError) Error() string {
	details := make([]string, len(e.Unknown))
	for i, s := range e.Unknown {
		details[i] = UnknownDetail(s)
	}
	return strings.Join(details, " ")
}

// Diagnostics are the read's errors: one for each setting known only at
// apply, as the configuration reports a general setting.
func (e *UnknownSettingError) Diagnostics() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, s := range e.Unknown {
		diags.AddError("Unknown "+s.Attribute, UnknownDetail(s))
	}
	return diags
}

// unknownSettings is the error of a read of a vendor whose settings named
// in unknown are known only at apply, or nil when there are none.
func unknownSettings(dataSource string, unknown []Setting) error {
	if len(unknown) == 0 {
		return nil
	}
	return &UnknownSettingError{DataSource: dataSource, Unknown: unknown}
}

// TrueWatch holds the resolved TrueWatch settings. Unknown, in every
// vendor's, are its object or settings known only at apply, which fail its
// reads (and only those).
type TrueWatch struct {
	APIKey   string
	Endpoint *url.URL
	Unknown  []Setting
}

// Virtuozzo holds the resolved Virtuozzo Application Platform settings.
type Virtuozzo struct {
	APIURL  *url.URL // nil when not set: there is no default platform
	Token   string
	AppID   string
	Unknown []Setting
}

// Ocamba holds the resolved Ocamba settings.
type Ocamba struct {
	Token    string
	Endpoint *url.URL
	Unknown  []Setting
}

// Talkdesk holds the resolved Talkdesk settings.
type Talkdesk struct {
	Region       string
	Account      string
	ClientID     string
	ClientSecret string
	Scopes       []string
	AccessToken  string
	Endpoint     *url.URL // the region's API host unless overridden
	TokenURL     *url.URL // nil unless set; otherwise derived from account and region
	Unknown      []Setting
}

// missing says which setting a client needs is missing, or nil: in every
// vendor's, the one rule for both making its client and the error of its
// reads without one.
func (t TrueWatch) missing() *MissingSettingError {
	if t.APIKey == "" {
		return &MissingSettingError{Vendor: "TrueWatch", Missing: TrueWatchAPIKey}
	}
	return nil
}

func (v Virtuozzo) missing() *MissingSettingError {
	switch {
	case v.APIURL == nil:
		return &MissingSettingError{Vendor: "Virtuozzo", Missing: VirtuozzoAPIURL}
	case v.Token == "":
		return &MissingSettingError{Vendor: "Virtuozzo", Missing: VirtuozzoToken}
	}
	return nil
}

func (o Ocamba) missing() *MissingSettingError {
	if o.Token == "" {
		return &MissingSettingError{Vendor: "Ocamba", Missing: OcambaToken}
	}
	return nil
}

// missing says which credential is missing, or nil: an access token, or
// client id and secret with a token URL (given, or from the account).
func (t Talkdesk) missing() *MissingSettingError {
	err := &MissingSettingError{Vendor: "Talkdesk"}
	switch {
	case t.AccessToken != "":
		return nil
	case t.ClientID == "":
		err.Missing, err.Or = TalkdeskClientID, &TalkdeskAccessToken
	case t.ClientSecret == "":
		err.Missing = TalkdeskClientSecret
	case t.TokenURL == nil:
		err.Missing, err.Or = TalkdeskAccount, &TalkdeskTokenURL
	case t.Endpoint == nil:
		err.Missing = TalkdeskEndpoint
	default:
		return nil
	}
	return err
}

// Settings are every vendor's resolved settings.
type Settings struct {
	TrueWatch TrueWatch
	Virtuozzo Virtuozzo
	Ocamba    Ocamba
	Talkdesk  Talkdesk
}

// Data is the provider's configuration, resolved and validated, with a
// client for each vendor whose credentials are set and known. Data sources read it
// concurrently; it is never changed after New.
type Data struct {
	Core *client.Core
	Settings

	trueWatch *truewatch.Client
	virtuozzo *virtuozzo.Client
	ocamba    *ocamba.Client
	talkdesk  *talkdesk.Client
}

// New builds the vendor clients that the settings allow, all on core: none
// for a vendor with settings known only at apply.
func New(core *client.Core, s Settings) *Data {
	d := &Data{Core: core, Settings: s}
	if s.TrueWatch.missing() == nil && len(s.TrueWatch.Unknown) == 0 {
		d.trueWatch = truewatch.New(core, s.TrueWatch.Endpoint, s.TrueWatch.APIKey)
	}
	if s.Virtuozzo.missing() == nil && len(s.Virtuozzo.Unknown) == 0 {
		d.virtuozzo = virtuozzo.New(core, s.Virtuozzo.APIURL, s.Virtuozzo.Token, s.Virtuozzo.AppID)
	}
	if s.Ocamba.missing() == nil && len(s.Ocamba.Unknown) == 0 {
		d.ocamba = ocamba.New(core, s.Ocamba.Endpoint, s.Ocamba.Token)
	}
	if td := s.Talkdesk; td.missing() == nil && len(td.Unknown) == 0 {
		d.talkdesk = talkdesk.New(core, talkdesk.Config{
			Endpoint: td.Endpoint, AccessToken: td.AccessToken, TokenURL: td.TokenURL,
			ClientID: td.ClientID, ClientSecret: td.ClientSecret, Scopes: td.Scopes,
		})
	}
	return d
}

// Every provider setting, named once, with its default, for the schema's
// descriptions, the environment fallback, and error messages.
var (
	RequestTimeout = Setting{"request_timeout", "BILLING_REQUEST_TIMEOUT", client.DefaultRequestTimeout.String()}
	MaxRetries     = Setting{"max_retries", "BILLING_MAX_RETRIES", strconv.Itoa(client.DefaultMaxRetries)}
	MaxConcurrency = Setting{"max_concurrency", "BILLING_MAX_CONCURRENCY", strconv.Itoa(client.DefaultMaxConcurrency)}

	CacheDir = Setting{"cache.dir", "BILLING_CACHE_DIR", ""}
	CacheTTL = Setting{"cache.ttl", "BILLING_CACHE_TTL", "0s"}

	TrueWatchAPIKey   = Setting{"truewatch.api_key", "TRUEWATCH_API_KEY", ""}
	TrueWatchEndpoint = Setting{"truewatch.endpoint", "TRUEWATCH_ENDPOINT", truewatch.DefaultEndpoint}

	VirtuozzoAPIURL = Setting{"virtuozzo.api_url", "VIRTUOZZO_API_URL", ""}
	VirtuozzoToken  = Setting{"virtuozzo.token", "VIRTUOZZO_TOKEN", ""}
	VirtuozzoAppID  = Setting{"virtuozzo.appid", "VIRTUOZZO_APPID", ""}

	OcambaToken    = Setting{"ocamba.token", "OCAMBA_TOKEN", ""}
	OcambaEndpoint = Setting{"ocamba.endpoint", "OCAMBA_ENDPOINT", ocamba.DefaultEndpoint}

	TalkdeskRegion       = Setting{"talkdesk.region", "TALKDESK_REGION", "us"}
	TalkdeskAccount      = Setting{"talkdesk.account", "TALKDESK_ACCOUNT", ""}
	TalkdeskClientID     = Setting{"talkdesk.client_id", "TALKDESK_CLIENT_ID", ""}
	TalkdeskClientSecret = Setting{"talkdesk.client_secret", "TALKDESK_CLIENT_SECRET", ""}
	TalkdeskScopes       = Setting{"talkdesk.scopes", "TALKDESK_SCOPES", ""}
	TalkdeskAccessToken  = Setting{"talkdesk.access_token", "TALKDESK_ACCESS_TOKEN", ""}
	TalkdeskEndpoint     = Setting{"talkdesk.endpoint", "TALKDESK_ENDPOINT", ""}
	TalkdeskTokenURL     = Setting{"talkdesk.token_url", "TALKDESK_TOKEN_URL", ""}
)

// The cache block and the vendor objects, for messages about one of them
// as a whole; they have no environment variable of their own.
var (
	CacheObject     = Setting{Attribute: "cache"}
	TrueWatchObject = Setting{Attribute: "truewatch"}
	VirtuozzoObject = Setting{Attribute: "virtuozzo"}
	OcambaObject    = Setting{Attribute: "ocamba"}
	TalkdeskObject  = Setting{Attribute: "talkdesk"}
)

// EverySetting is every provider setting.
var EverySetting = []Setting{
	RequestTimeout, MaxRetries, MaxConcurrency, CacheDir, CacheTTL,
	TrueWatchAPIKey, TrueWatchEndpoint,
	VirtuozzoAPIURL, VirtuozzoToken, VirtuozzoAppID,
	OcambaToken, OcambaEndpoint,
	TalkdeskRegion, TalkdeskAccount, TalkdeskClientID, TalkdeskClientSecret,
	TalkdeskScopes, TalkdeskAccessToken, TalkdeskEndpoint, TalkdeskTokenURL,
}

// Name is the attribute's own name, without its vendor object.
func (s Setting) Name() string {
	if _, name, ok := strings.Cut(s.Attribute, "."); ok {
		return name
	}
	return s.Attribute
}

// TrueWatchClient returns the TrueWatch client, or an error naming the
// settings known only at apply, or the missing API key.
func (d *Data) TrueWatchClient(dataSource string) (*truewatch.Client, error) {
	return vendorClient(dataSource, d.TrueWatch.Unknown, d.trueWatch, d.TrueWatch.missing)
}

// VirtuozzoClient returns the Virtuozzo client, or an error naming the
// settings known only at apply, or the missing platform URL or token.
func (d *Data) VirtuozzoClient(dataSource string) (*virtuozzo.Client, error) {
	return vendorClient(dataSource, d.Virtuozzo.Unknown, d.virtuozzo, d.Virtuozzo.missing)
}

// OcambaClient returns the Ocamba client, or an error naming the settings
// known only at apply, or the missing token.
func (d *Data) OcambaClient(dataSource string) (*ocamba.Client, error) {
	return vendorClient(dataSource, d.Ocamba.Unknown, d.ocamba, d.Ocamba.missing)
}

// TalkdeskClient returns the Talkdesk client, or an error naming the
// settings known only at apply, or the credentials that are missing.
func (d *Data) TalkdeskClient(dataSource string) (*talkdesk.Client, error) {
	return vendorClient(dataSource, d.Talkdesk.Unknown, d.talkdesk, d.Talkdesk.missing)
}

// vendorClient is a data source's vendor client, c; or the error of its
// read when the vendor's settings named in unknown are known only at
// apply, or when c was not made (missing says which setting is missing).
func vendorClient[C any](dataSource string, unknown []Setting, c *C, missing func() *MissingSettingError) (*C, error) {
	if err := unknownSettings(dataSource, unknown); err != nil {
		return nil, err
	}
	if c == nil {
		err := missing()
		if err == nil { // New makes the client whenever nothing is missing
			return nil, fmt.Errorf("%s: the provider has no client for settings that are complete; this is a bug in the provider", dataSource)
		}
		err.DataSource = dataSource
		return nil, err
	}
	return c, nil
}

// Configured is embedded by every data source: it implements Configure and
// keeps the provider's Data.
type Configured struct {
	Data *Data
}

// Configure keeps the provider's Data. Before the provider is configured
// (validation), there is none, and that is fine.
func (c *Configured) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c.Data = fromConfigure(req, resp)
}

// Provider is the provider's Data; before Configure, Data with no
// settings, as before the provider is configured.
func (c *Configured) Provider() *Data {
	if c.Data == nil {
		return &Data{}
	}
	return c.Data
}

// ReadFailed reports a failed read as a diagnostic, every credential the
// provider holds or has fetched masked in it.
func (c *Configured) ReadFailed(resp *datasource.ReadResponse, err error) {
	if c.Data == nil || c.Data.Core == nil {
		resp.Diagnostics.AddError(client.Diagnostic(err))
		return
	}
	resp.Diagnostics.AddError(c.Data.Core.Diagnostic(err))
}

// fromConfigure is the provider's Data; before the provider is configured
// (as when Terraform validates), Data with no settings, whose reads get
// the error naming what is missing.
func fromConfigure(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) *Data {
	if req.ProviderData == nil {
		return &Data{}
	}
	data, ok := req.ProviderData.(*Data)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return nil
	}
	return data
}
