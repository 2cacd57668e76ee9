// Package provider is the billing provider: its configuration schema, the
// resolution of every setting (configuration, then environment variable,
// then default), and the list of data sources.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/accounthistory"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/accountsusage"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/ocambainvoices"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/ocambausage"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/talkdeskaccounts"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/talkdeskinvoices"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/truewatchbalance"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/truewatchdetails"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/virtuozzoaccount"
	"github.com/billingtf/terraform-provider-billing/internal/functions"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
)

var _ provider.Provider = (*billingProvider)(nil)

var _ provider.ProviderWithFunctions = (*billingProvider)(nil)

// Option adjusts the HTTP core's settings that users cannot set (tests use
// it for short retry waits and a small response cap).
type Option func(*client.Settings)

// WithRetryWait sets the backoff bounds between retries.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(s *client.Settings) { s.RetryWaitMin, s.RetryWaitMax = minWait, maxWait }
}

// WithMaxResponseBytes lowers the response size cap.
func WithMaxResponseBytes(n int64) Option {
	return func(s *client.Settings) { s.MaxResponseBytes = n }
}

// WithExchangeLogs logs every HTTP attempt whatever the environment says:
// a provider run with -debug writes its logs to its own terminal, which
// Terraform's logging variables do not govern.
func WithExchangeLogs() Option {
	return func(s *client.Settings) { s.NoExchangeLogs = false }
}

type billingProvider struct {
	version string
	options []Option
	getenv  func(string) string
	environ func() []string
}

// New returns the provider factory for a release version.
func New(version string, options ...Option) func() provider.Provider {
	return func() provider.Provider {
		return &billingProvider{version: version, options: options, getenv: os.Getenv, environ: os.Environ}
	}
}

func (p *billingProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "billing"
	resp.Version = p.version
}

func (p *billingProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func (p *billingProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	r := resolver{configured: configuredIn(ctx, req.Config, &resp.Diagnostics), getenv: p.getenv}
	settings, vendors := r.resolve()
	cache := r.cache()
	resp.Diagnostics.Append(r.diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cache.dir != "" {
		dir, err := cachedir.Open(ctx, cache.dir, cache.ttl, p.version)
		if err != nil {
			r.diags = nil
			r.invalidFrom(cache.dirSource, providerdata.CacheDir, fmt.Errorf("the provider cannot use %q: %w", cache.dir, err))
			resp.Diagnostics.Append(r.diags...)
			return
		}
		settings.Cache = dir
	}
	settings.UserAgent = fmt.Sprintf("terraform-provider-billing/%s (terraform/%s)", p.version, req.TerraformVersion)
	settings.NoExchangeLogs = !logsAreRead(p.environ())
	for _, option := range p.options {
		option(&settings)
	}
	data := providerdata.New(client.New(settings), vendors)
	tflog.Debug(ctx, "Configured billing provider", map[string]any{
		"request_timeout":      settings.RequestTimeout.String(),
		"max_retries":          settings.MaxRetries,
		"max_concurrency":      settings.MaxConcurrency,
		"cache_dir":            cache.dir,
		"cache_ttl":            cache.ttl.String(),
		"truewatch_configured": vendors.TrueWatch.APIKey != "",
	})
	resp.DataSourceData = data
}

func (p *billingProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		truewatchdetails.New,
		accounthistory.New,
		ocambausage.New,
		accountsusage.New,
		truewatchbalance.New,
		virtuozzoaccount.New,
		ocambainvoices.New,
		talkdeskaccounts.New,
		talkdeskinvoices.New,
	}
}

func (p *billingProvider) Functions(context.Context) []func() function.Function {
	return functions.All()
}

func (p *billingProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}

// logsAreRead says whether anything reads what the provider logs, from the
// variables Terraform, OpenTofu and the testing framework read for it:
// with none of them set, Terraform drops every line the provider sends.
// Any variable of the TF_LOG family counts (TF_LOG, TF_LOG_PROVIDER, a
// provider's or an SDK's own, TF_LOG_PATH), and TF_ACC_LOG_PATH, unless
// it is empty or "off".
func logsAreRead(environ []string) bool {
	for _, variable := range environ {
		name, value, _ := strings.Cut(variable, "=")
		if value == "" || strings.EqualFold(value, "off") {
			continue
		}
		if name == "TF_LOG" || strings.HasPrefix(name, "TF_LOG_") || name == "TF_ACC_LOG_PATH" {
			return true
		}
	}
	return false
}
