package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	pd "github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// Bounds of the numeric settings: generous, but no value that could only
// be a mistake (a thousand retries, ten thousand parallel requests).
const (
	maxRetriesLimit     = 20
	maxConcurrencyLimit = 64
)

func providerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads billing and usage data from TrueWatch (Guance Cloud), Virtuozzo Application Platform " +
			"(Jelastic), Ocamba and Talkdesk as typed, exact data sources. Every argument is optional and falls back to " +
			"the environment variable named in its description; a vendor's settings are needed only when one of that " +
			"vendor's data sources is read. Endpoints must be `https://` URLs; plain `http://` is accepted only for a " +
			"loopback host (`127.0.0.0/8`, `::1`, `localhost`).",
		Attributes: map[string]schema.Attribute{
			pd.RequestTimeout.Attribute: stringSetting(pd.RequestTimeout,
				"Time limit for one HTTP request, from sending it to the last byte of its body, as a Go duration such as "+
					"`60s` or `2m`. A body that breaks off or stalls is retried like a connection error. Time spent waiting "+
					"for a free slot under `max_concurrency` does not count, nor does the time spent decoding an answer that is read "+
					"as it arrives (with `include_rows = false`, whose sums are made as the records arrive).",
				false, validate.Check("a positive Go duration such as \"60s\"", validate.Duration)),
			pd.MaxRetries.Attribute: wholeNumberSetting(pd.MaxRetries,
				fmt.Sprintf("How many times one request is retried after its first try (0–%d), on connection errors, "+
					"HTTP 429, 500, 502, 503, 504 and vendor rate-limit answers. Waits grow exponentially with jitter; "+
					"a `Retry-After` header is honoured up to 60 seconds.", maxRetriesLimit),
				0, maxRetriesLimit),
			pd.MaxConcurrency.Attribute: wholeNumberSetting(pd.MaxConcurrency,
				fmt.Sprintf("Most requests in flight at once to one vendor, shared by every data source of that vendor that "+
					"Terraform reads at the same time, Talkdesk's token requests included (1–%d). Where a vendor announces its rate limit (Ocamba's "+
					"`X-RateLimit-*` headers), requests are also paced to it.", maxConcurrencyLimit),
				1, maxConcurrencyLimit),
			pd.CacheObject.Attribute: schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Shares the request budget, and optionally vendor answers, between the provider processes " +
					"on one machine that use the same directory: for pipelines that plan many root modules at once " +
					"(Terragrunt `run-all`, Atlantis, a CI matrix). With it, `max_concurrency` and Ocamba's announced rate limit " +
					"(each token's: Ocamba limits each account) hold for all of them together, not for each. The budget is per machine: across machines the vendors' " +
					"own answers (429 with `Retry-After`, Ocamba's `X-RateLimit-*` headers) pace the runs.",
				Attributes: map[string]schema.Attribute{
					pd.CacheDir.Name(): stringSetting(pd.CacheDir,
						"Directory the processes share. Created `0700` if missing; what the provider writes in it is `0600`. "+
							"Nothing secret is written: answers are named by a SHA-256 of the request and the credentials, and an "+
							"answer that contains a credential is not kept. A directory that cannot be created or written fails "+
							"the plan, naming it.", false),
					pd.CacheTTL.Name(): stringSetting(pd.CacheTTL,
						"How long a complete, well-formed vendor answer is kept and reused, by every process that sends the same "+
							"request with the same credentials, as a Go duration such as `15m`: the oldest figure a plan can show. "+
							"Processes that ask for the same answer at once wait for the first one's. Errors, refusals and token "+
							"answers are never kept. `0s` keeps no answer: only the budget is shared. Needs `dir`.",
						false, validate.Check("a Go duration of zero or more such as \"15m\"", validate.DurationOrZero)),
				},
			},
			pd.TrueWatchObject.Attribute: vendorObject("TrueWatch (Guance Cloud) Open API, for `billing_truewatch_details` and `billing_truewatch_balance`.", map[string]schema.Attribute{
				pd.TrueWatchAPIKey.Name(): stringSetting(pd.TrueWatchAPIKey,
					"API key, sent in the `DF-API-KEY` header. The key selects the workspace.", true, validate.CredentialCheck()),
				pd.TrueWatchEndpoint.Name(): endpointSetting(pd.TrueWatchEndpoint,
					"Open API base URL of your site, such as `https://eu1-openapi.truewatch.com` or `https://openapi.guance.com`."),
			}),
			pd.VirtuozzoObject.Attribute: vendorObject("Virtuozzo Application Platform (Jelastic) of your hosting provider, for `billing_account_history` and `billing_virtuozzo_account`.", map[string]schema.Attribute{
				pd.VirtuozzoAPIURL.Name(): endpointSetting(pd.VirtuozzoAPIURL,
					"Base URL of the platform, usually `https://app.<hoster domain>`. There is no default: every hoster runs its own platform."),
				pd.VirtuozzoToken.Name(): stringSetting(pd.VirtuozzoToken,
					"Session or personal access token, sent as the `session` form field (never in a URL).", true, validate.CredentialCheck()),
				pd.VirtuozzoAppID.Name(): stringSetting(pd.VirtuozzoAppID,
					"Application id, sent as `appid` when set.", false),
			}),
			pd.OcambaObject.Attribute: vendorObject("Ocamba, for `billing_ocamba_usage` and `billing_ocamba_invoices`.", map[string]schema.Attribute{
				pd.OcambaToken.Name(): stringSetting(pd.OcambaToken,
					"Personal API token, sent as `Authorization: Bearer`.", true, validate.CredentialCheck()),
				pd.OcambaEndpoint.Name(): endpointSetting(pd.OcambaEndpoint, "API base URL."),
			}),
			pd.TalkdeskObject.Attribute: vendorObject("Talkdesk Billing Insights, for `billing_accounts_usage`, `billing_talkdesk_accounts` and `billing_talkdesk_invoices`. Give `access_token`, or "+
				"`client_id` and `client_secret` with `account` (or `token_url`).", map[string]schema.Attribute{
				pd.TalkdeskRegion.Name(): stringSetting(pd.TalkdeskRegion,
					"Region of the account: `us`, `eu` or `ca`. Picks the default API host and token host.",
					false, stringvalidator.OneOf(regionNames()...)),
				pd.TalkdeskAccount.Name(): stringSetting(pd.TalkdeskAccount,
					"Account name, as in `https://<account>.talkdeskid.com/oauth/token`.", false),
				pd.TalkdeskClientID.Name(): stringSetting(pd.TalkdeskClientID,
					"OAuth 2.0 client id (client credentials grant).", false, validate.CredentialCheck()),
				pd.TalkdeskClientSecret.Name(): stringSetting(pd.TalkdeskClientSecret,
					"OAuth 2.0 client secret.", true, validate.CredentialCheck()),
				pd.TalkdeskScopes.Name(): schema.ListAttribute{
					ElementType: types.StringType,
					Optional:    true,
					MarkdownDescription: describe(pd.TalkdeskScopes, "OAuth 2.0 scopes to request, in one token that then "+
						"serves every Talkdesk data source, so it must include the scope of each one read: `"+talkdesk.UsageScope+
						"` (`billing_accounts_usage`), `"+talkdesk.AccountsScope+"` (`billing_talkdesk_accounts`), `"+
						talkdesk.InvoicesScope+"` (`billing_talkdesk_invoices`). When not set or empty (the default), each data source "+
						"asks for a token with its own scope, one token per scope for the whole provider. Not used with "+
						"`access_token`. The environment variable holds them space-separated."),
				},
				pd.TalkdeskAccessToken.Name(): stringSetting(pd.TalkdeskAccessToken,
					"A ready bearer token, used instead of client credentials.", true, validate.CredentialCheck()),
				pd.TalkdeskEndpoint.Name(): endpointSetting(pd.TalkdeskEndpoint,
					"API base URL, overriding the region's: `https://api.talkdeskapp.com` (us), "+
						"`https://api.talkdeskapp.eu` (eu), `https://api.talkdeskappca.com` (ca)."),
				pd.TalkdeskTokenURL.Name(): endpointSetting(pd.TalkdeskTokenURL,
					"Token endpoint, overriding `https://<account>.talkdeskid.com/oauth/token` "+
						"(`.talkdeskid.eu` in eu, `.talkdeskidca.com` in ca)."),
			}),
		},
	}
}

func vendorObject(description string, attributes map[string]schema.Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{Optional: true, MarkdownDescription: description, Attributes: attributes}
}

func stringSetting(s pd.Setting, text string, sensitive bool, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Sensitive:           sensitive,
		MarkdownDescription: describe(s, text),
		Validators:          validators,
	}
}

func endpointSetting(s pd.Setting, text string) schema.StringAttribute {
	return stringSetting(s, text, false, validate.Endpoint())
}

func wholeNumberSetting(s pd.Setting, text string, minimum, maximum int64) schema.NumberAttribute {
	return schema.NumberAttribute{
		Optional:            true,
		MarkdownDescription: describe(s, text),
		Validators:          []validator.Number{validate.WholeNumberBetween(minimum, maximum)},
	}
}

func describe(s pd.Setting, text string) string {
	var b strings.Builder
	b.WriteString(text)
	if s.Default != "" {
		b.WriteString(" Default: `" + s.Default + "`.")
	}
	b.WriteString(" Environment variable: `" + s.EnvVar + "`.")
	return b.String()
}

func regionNames() []string { return []string{"us", "eu", "ca"} }
