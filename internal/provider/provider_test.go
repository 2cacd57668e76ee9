package provider_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
)

func TestMain(m *testing.M) { acctest.Main(m) }

func providerSchema(t *testing.T) schema.Schema {
	t.Helper()
	var resp fwprovider.SchemaResponse
	provider.New("test")().Schema(context.Background(), fwprovider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema is not valid: %v", diags)
	}
	return resp.Schema
}

// Every secret is Sensitive, nothing else is, and every argument says which
// environment variable it falls back to: the one providerdata.EverySetting
// names for it, which lists every argument.
func TestProviderSchemaSecretsAndEnvironmentVariables(t *testing.T) {
	secrets := map[string]bool{
		"truewatch.api_key": true, "virtuozzo.token": true, "ocamba.token": true,
		"talkdesk.client_secret": true, "talkdesk.access_token": true,
	}
	envVars := map[string]string{}
	for _, setting := range providerdata.EverySetting {
		envVars[setting.Attribute] = setting.EnvVar
	}
	s := providerSchema(t)
	seen := 0
	check := func(name string, a schema.Attribute) {
		seen++
		if a.IsSensitive() != secrets[name] {
			t.Errorf("%s: Sensitive = %v, want %v", name, a.IsSensitive(), secrets[name])
		}
		if want := "Environment variable: `" + envVars[name] + "`"; envVars[name] == "" || !strings.Contains(a.GetMarkdownDescription(), want) {
			t.Errorf("%s: the description should name %s (from providerdata.EverySetting): %q", name, want, a.GetMarkdownDescription())
		}
	}
	for name, a := range s.Attributes {
		nested, ok := a.(schema.SingleNestedAttribute)
		if !ok {
			check(name, a)
			continue
		}
		for inner, innerAttr := range nested.Attributes {
			check(name+"."+inner, innerAttr)
		}
	}
	if seen != len(providerdata.EverySetting) {
		t.Errorf("the schema has %d arguments, providerdata.EverySetting %d", seen, len(providerdata.EverySetting))
	}
}

const readDetails = `
data "billing_truewatch_details" "test" {
  start_date = "2026-10-01"
  end_date   = "2026-10-01"
}
`

// credentialWithControl is the error of a credential with a line break
// or another control character; it never quotes the credential.
const credentialWithControl = "the value holds a line break or another control character, which no credential holds; " +
	"a value read with file() ends in a line break: trimspace(file(...)) reads it without."

func TestProviderArgumentErrors(t *testing.T) {
	t.Parallel()
	notADirectory := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(notADirectory, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	unusable := filepath.Join(notADirectory, "cache")
	// Every setting is checked as written, before the provider is
	// configured, except what depends on the machine: the cache directory,
	// which configuring creates, and a TTL without one, which may come
	// from the environment.
	whenConfigured := map[string]bool{"cache dir unusable": true, "cache ttl without dir": true}
	cases := map[string]struct {
		settings string
		want     []string
	}{
		"request_timeout not a duration": {`request_timeout = "soon"`, []string{"Invalid request_timeout", `request_timeout: "soon" is not a duration such as "60s" or "2m".`}},
		"request_timeout zero":           {`request_timeout = "0s"`, []string{"Invalid request_timeout", `"0s" must be longer than zero`}},
		"max_retries negative":           {`max_retries = -1`, []string{"Invalid max_retries", "max_retries: -1 is not a whole number from 0 to 20."}},
		"max_retries not whole":          {`max_retries = 1.5`, []string{"Invalid max_retries", "max_retries: 1.5 is not a whole number from 0 to 20."}},
		"max_concurrency zero":           {`max_concurrency = 0`, []string{"Invalid max_concurrency", "max_concurrency: 0 is not a whole number from 1 to 64."}},
		"max_concurrency huge":           {`max_concurrency = 1e30`, []string{"Invalid max_concurrency", "max_concurrency: 1e+30 is not a whole number from 1 to 64."}},
		"talkdesk region":                {`talkdesk = { region = "mars" }`, []string{"talkdesk.region", `value must be one of: ["us" "eu" "ca"], got: "mars"`}},
		"talkdesk token_url http":        {`talkdesk = { token_url = "http://acme.talkdeskid.com/oauth/token" }`, []string{"Invalid talkdesk.token_url", "uses plain http://"}},
		"virtuozzo api_url not a URL":    {`virtuozzo = { api_url = "app.hoster.example" }`, []string{"Invalid virtuozzo.api_url", `"app.hoster.example" is not an absolute URL`}},
		"ocamba endpoint with query":     {`ocamba = { endpoint = "https://api.ocamba.com/?x=1" }`, []string{"Invalid ocamba.endpoint", `"https://api.ocamba.com/" has a query or fragment (not shown: it may hold a credential); give the base URL only`}},
		"cache dir unusable": {fmt.Sprintf(`cache = { dir = %q }`, unusable), []string{
			"Invalid cache.dir", fmt.Sprintf(`cache.dir: the provider cannot use %q: mkdir %s: not a directory.`, unusable, unusable),
		}},
		"cache ttl negative":   {`cache = { dir = "unused", ttl = "-1m" }`, []string{"Invalid cache.ttl", `cache.ttl: "-1m" must not be negative.`}},
		"cache ttl not a time": {`cache = { dir = "unused", ttl = "a while" }`, []string{"Invalid cache.ttl", `cache.ttl: "a while" is not a duration such as "15m" or "0s".`}},
		// An empty string counts as unset where the setting may be left
		// out; a value that must be a URL, a duration or a region is refused
		// as written, empty too.
		"request_timeout empty":    {`request_timeout = ""`, []string{"Invalid request_timeout", `request_timeout: "" is not a duration such as "60s" or "2m".`}},
		"virtuozzo api_url empty":  {`virtuozzo = { api_url = "" }`, []string{"Invalid virtuozzo.api_url", `virtuozzo.api_url: "" is not an absolute URL such as https://api.example.com.`}},
		"talkdesk token_url empty": {`talkdesk = { token_url = "" }`, []string{"Invalid talkdesk.token_url", `talkdesk.token_url: "" is not an absolute URL such as https://api.example.com.`}},
		"talkdesk region empty":    {`talkdesk = { region = "" }`, []string{"talkdesk.region", `value must be one of: ["us" "eu" "ca"], got: ""`}},
		"cache ttl empty":          {`cache = { dir = "unused", ttl = "" }`, []string{"Invalid cache.ttl", `cache.ttl: "" is not a duration such as "15m" or "0s".`}},
		// A credential read with file() ends in a line break, which no
		// credential holds and an HTTP header cannot carry.
		"ocamba token with a line break":    {`ocamba = { token = "oc-token-0001\n" }`, []string{"Invalid ocamba.token", "ocamba.token: " + credentialWithControl}},
		"talkdesk client_secret with a tab": {`talkdesk = { client_secret = "td\tsecret" }`, []string{"Invalid talkdesk.client_secret", "talkdesk.client_secret: " + credentialWithControl}},
		"cache ttl without dir":             {`cache = { ttl = "15m" }`, []string{"Invalid cache.ttl", `cache.ttl: "15m" keeps answers in cache.dir, which is not set (nor BILLING_CACHE_DIR).`}},
	}
	failures := make([]acctest.Failure, 0, len(cases))
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		c := cases[name]
		failures = append(failures, acctest.Failure{
			Name: name,
			Config: func(fake *fakeapi.Server) string {
				return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, c.settings) + readDetails
			},
			Invalid: !whenConfigured[name],
			Want:    c.want,
			// A configuration error must stop every read.
			After: func(t *testing.T, fake *fakeapi.Server) {
				if n := len(fake.TrueWatch.Requests()); n != 0 {
					t.Errorf("the fake saw %d requests", n)
				}
			},
		})
	}
	acctest.Failures(t, failures)
}

func TestProviderEnvironmentVariableErrors(t *testing.T) {
	fake := acctest.Fake(t)
	cases := []struct {
		env, value string
		want       string
	}{
		{"BILLING_MAX_RETRIES", "many", `The BILLING_MAX_RETRIES environment variable (the fallback of max_retries): "many" is not a whole number from 0 to 20.`},
		{"BILLING_MAX_CONCURRENCY", "500", `The BILLING_MAX_CONCURRENCY environment variable (the fallback of max_concurrency): "500" is not a whole number from 1 to 64.`},
		{"BILLING_REQUEST_TIMEOUT", "-5s", `The BILLING_REQUEST_TIMEOUT environment variable (the fallback of request_timeout): "-5s" must be longer than zero.`},
		{"TALKDESK_REGION", "apac", `The TALKDESK_REGION environment variable (the fallback of talkdesk.region): "apac" is not a Talkdesk region; use one of us, eu, ca.`},
		{"VIRTUOZZO_API_URL", "ftp://app.hoster.example", `The VIRTUOZZO_API_URL environment variable (the fallback of virtuozzo.api_url): "ftp://app.hoster.example" must be an https:// URL.`},
		{"BILLING_CACHE_DIR", "/dev/null/cache", `The BILLING_CACHE_DIR environment variable (the fallback of cache.dir): the provider cannot use "/dev/null/cache": mkdir /dev/null/cache: not a directory.`},
		{"OCAMBA_TOKEN", "oc-token-0001\r\n", "The OCAMBA_TOKEN environment variable (the fallback of ocamba.token): " + credentialWithControl},
		{"BILLING_CACHE_TTL", "-1s", `The BILLING_CACHE_TTL environment variable (the fallback of cache.ttl): "-1s" must not be negative.`},
	}
	// One variable at a time: each step sets its own and unsets the one
	// before.
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			PreConfig: func() {
				if i > 0 {
					if err := os.Unsetenv(cases[i-1].env); err != nil {
						t.Fatal(err)
					}
				}
				t.Setenv(c.env, c.value)
			},
			Config:      acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + readDetails,
			ExpectError: acctest.ErrorText("Invalid "+c.env, c.want),
		}
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if n := len(fake.TrueWatch.Requests()); n != 0 {
		t.Errorf("a configuration error must stop every read; the fake saw %d requests", n)
	}
}

// Configuration wins over the environment.
func TestProviderConfigurationOverridesEnvironment(t *testing.T) {
	fake := acctest.Fake(t)
	t.Setenv("TRUEWATCH_API_KEY", "a-wrong-key-from-the-environment")
	t.Setenv("TRUEWATCH_ENDPOINT", "https://us1-openapi.truewatch.invalid")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + readDetails,
		}},
	})
	if n := len(fake.TrueWatch.Requests()); n == 0 {
		t.Fatal("the configured endpoint was not used")
	}
}

// An empty string in the configuration counts as unset, as an empty
// environment variable does: the setting falls back to its variable. So
// does an empty list of scopes. (An empty endpoint, duration or region is
// refused as written: TestProviderArgumentErrors.)
func TestProviderEmptyStringFallsBackToEnvironment(t *testing.T) {
	fake := acctest.Fake(t)
	cache := filepath.Join(t.TempDir(), "cache")
	t.Setenv("TRUEWATCH_API_KEY", fakeapi.TrueWatchAPIKey)
	t.Setenv("VIRTUOZZO_TOKEN", fakeapi.VirtuozzoToken)
	t.Setenv("OCAMBA_TOKEN", fakeapi.OcambaToken)
	t.Setenv("TALKDESK_CLIENT_SECRET", fakeapi.TalkdeskClientSecret)
	t.Setenv("TALKDESK_SCOPES", "express-accounts:read express-accounts-usage:read")
	t.Setenv("BILLING_CACHE_DIR", cache)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "billing" {
  cache     = { dir = "" }
  truewatch = { endpoint = %[1]q, api_key = "" }
  virtuozzo = { api_url = %[1]q, token = "", appid = "" }
  ocamba    = { endpoint = %[1]q, token = "" }
  talkdesk = {
    endpoint      = %[1]q
    token_url     = %[2]q
    client_id     = %[3]q
    client_secret = ""
    access_token  = ""
    scopes        = []
  }
}

data "billing_virtuozzo_account" "test" {}
data "billing_ocamba_invoices" "test" {}
data "billing_talkdesk_accounts" "test" {}
`, fake.URL, fake.URL+fakeapi.TalkdeskTokenPath, fakeapi.TalkdeskClientID) + readDetails,
		}},
	})
	for vendor, n := range map[string]int{
		"TrueWatch": len(fake.TrueWatch.Requests()), "Virtuozzo": len(fake.Virtuozzo.Requests()),
		"Ocamba": len(fake.Ocamba.Requests()), "Talkdesk": len(fake.Talkdesk.Requests()),
	} {
		if n == 0 {
			t.Errorf("%s was not read", vendor)
		}
	}
	for _, scopes := range fake.Talkdesk.TokenScopes() {
		if scopes != "express-accounts:read express-accounts-usage:read" {
			t.Errorf("a token was asked for with scopes %q, not TALKDESK_SCOPES", scopes)
		}
	}
	if _, err := os.Stat(cache); err != nil {
		t.Errorf("BILLING_CACHE_DIR was not used: %v", err)
	}
}

// later is a resource named name whose output, input, is known only at
// apply, for settings that depend on it. A plan that fails applies
// nothing, so it stays unknown in every step of a test case whose steps
// all fail.
func later(name, input string) string {
	return fmt.Sprintf("\nresource \"terraform_data\" %q {\n  input = %s\n}\n", name, input)
}

// unknownDetail is what the provider says of a setting known only at apply.
func unknownDetail(attribute string) string {
	return attribute + " depends on a value that is not known until apply. The billing provider reads data during plan, " +
		"so its configuration must be known then."
}

// A vendor object or the cache block known only at apply as a whole is
// named like a single setting known only at apply.
func TestProviderUnknownObjectIsNamed(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: later("truewatch", fmt.Sprintf(`{ api_key = %q, endpoint = %q }`, fakeapi.TrueWatchAPIKey, fake.URL)) + `
provider "billing" {
  truewatch = terraform_data.truewatch.output
}
` + readDetails,
			ExpectError: acctest.ErrorText("Unknown truewatch", unknownDetail("truewatch")),
		}, {
			Config: later("cache", fmt.Sprintf(`{ dir = %q, ttl = "15m" }`, t.TempDir())) +
				acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, `cache = terraform_data.cache.output`) + readDetails,
			ExpectError: acctest.ErrorText("Unknown cache", unknownDetail("cache")),
		}},
	})
	if n := len(fake.TrueWatch.Requests()); n != 0 {
		t.Errorf("the fake saw %d requests", n)
	}
}

// A vendor's setting known only at apply fails only the reads of that
// vendor's data sources, when they are read, as its absence would; other
// vendors' data sources and the provider's functions do not need it. A
// general setting known only at apply still fails the configuration.
func TestProviderUnknownVendorSettingFailsOnlyItsVendorsReads(t *testing.T) {
	t.Parallel()
	provider := func(fake *fakeapi.Server, extra string) string {
		return later("key", `"`+fakeapi.TrueWatchAPIKey+`"`) +
			later("talkdesk", fmt.Sprintf(`{ access_token = "a-token", endpoint = %q }`, fake.URL)) +
			acctest.OcambaProvider(fake.URL, fakeapi.OcambaToken, fmt.Sprintf(`
  talkdesk  = terraform_data.talkdesk.output
  truewatch = { api_key = terraform_data.key.output, endpoint = %q }
  %s`, fake.URL, extra))
	}
	const readUsage = `
data "billing_ocamba_usage" "test" {}
`
	t.Run("other vendors", func(t *testing.T) {
		t.Parallel()
		fake := acctest.Fake(t)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(),
			Steps: []resource.TestStep{{
				Config: provider(fake, "") + readUsage + `
output "sum" {
  value = provider::billing::sum([1, 2])
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("sum", knownvalue.Int64Exact(3)),
				},
			}},
		})
		if len(fake.Ocamba.Requests()) == 0 {
			t.Error("Ocamba was not read")
		}
	})
	t.Run("its own vendor and general settings", func(t *testing.T) {
		t.Parallel()
		fake := acctest.Fake(t)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.Factories(),
			Steps: []resource.TestStep{{
				Config:      provider(fake, "") + readDetails,
				ExpectError: acctest.ErrorText("Unknown truewatch.api_key", unknownDetail("truewatch.api_key")),
			}, {
				Config: provider(fake, "") + `
data "billing_talkdesk_accounts" "test" {}
`,
				ExpectError: acctest.ErrorText("Unknown talkdesk", unknownDetail("talkdesk")),
			}, {
				Config:      later("retries", "2") + provider(fake, "max_retries = terraform_data.retries.output") + readUsage,
				ExpectError: acctest.ErrorText("Unknown max_retries", unknownDetail("max_retries")),
			}},
		})
		if n := len(fake.TrueWatch.Requests()) + len(fake.Ocamba.Requests()) + len(fake.Talkdesk.Requests()); n != 0 {
			t.Errorf("the fake saw %d requests", n)
		}
	})
}

// A scope known only at apply is not left out of the token: it fails
// Talkdesk's reads like any Talkdesk setting known only at apply.
func TestProviderUnknownScopeFailsTalkdeskReads(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: later("scope", `"express-accounts-usage:read"`) + fmt.Sprintf(`
provider "billing" {
  talkdesk = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
    endpoint      = %q
    scopes        = ["express-accounts:read", terraform_data.scope.output]
  }
}

data "billing_talkdesk_accounts" "test" {}
`, fakeapi.TalkdeskClientID, fakeapi.TalkdeskClientSecret, fake.URL+fakeapi.TalkdeskTokenPath, fake.URL),
			ExpectError: acctest.ErrorText("Unknown talkdesk.scopes", unknownDetail("talkdesk.scopes")),
		}},
	})
	if n := len(fake.Talkdesk.Requests()); n != 0 {
		t.Errorf("the fake saw %d requests; a token was asked for with scopes %q", n, fake.Talkdesk.TokenScopes())
	}
}
