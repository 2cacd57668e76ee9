package providerdata

import (
	"errors"
	"net/url"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// A read before the provider is configured gets an error naming what is
// missing, never a nil-pointer panic.
func TestClientsOfUnconfiguredDataNameTheMissingSetting(t *testing.T) {
	var configured Configured
	var resp datasource.ConfigureResponse
	configured.Configure(t.Context(), datasource.ConfigureRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("Configure without provider data: %v", resp.Diagnostics)
	}
	unconfigured := configured.Data
	if _, err := unconfigured.TrueWatchClient("billing_truewatch_details"); err == nil ||
		err.Error() != "billing_truewatch_details needs truewatch.api_key (or the TRUEWATCH_API_KEY environment variable) to be set in the provider configuration." {
		t.Errorf("TrueWatchClient of unconfigured Data: %v", err)
	}
	if _, err := unconfigured.VirtuozzoClient("billing_account_history"); err == nil ||
		err.Error() != "billing_account_history needs virtuozzo.api_url (or the VIRTUOZZO_API_URL environment variable) to be set in the provider configuration." {
		t.Errorf("VirtuozzoClient of unconfigured Data: %v", err)
	}
	if _, err := unconfigured.OcambaClient("billing_ocamba_usage"); err == nil ||
		err.Error() != "billing_ocamba_usage needs ocamba.token (or the OCAMBA_TOKEN environment variable) to be set in the provider configuration." {
		t.Errorf("OcambaClient of unconfigured Data: %v", err)
	}
	if _, err := unconfigured.TalkdeskClient("billing_accounts_usage"); err == nil ||
		err.Error() != "billing_accounts_usage needs talkdesk.client_id (or the TALKDESK_CLIENT_ID environment variable), "+
			"or else talkdesk.access_token (or the TALKDESK_ACCESS_TOKEN environment variable), to be set in the provider configuration." {
		t.Errorf("TalkdeskClient of unconfigured Data: %v", err)
	}
}

// A vendor setting known only at apply fails that vendor's reads, naming
// the setting, and no other vendor's.
func TestUnknownSettingsFailOnlyTheirVendorsClients(t *testing.T) {
	endpoint, err := url.Parse("https://api.example.com/")
	if err != nil {
		t.Fatal(err)
	}
	data := New(client.New(client.Settings{}), Settings{
		TrueWatch: TrueWatch{APIKey: "a-key", Endpoint: endpoint, Unknown: []Setting{TrueWatchEndpoint}},
		Virtuozzo: Virtuozzo{Unknown: []Setting{VirtuozzoObject}},
		Ocamba:    Ocamba{Token: "a-token", Endpoint: endpoint},
		Talkdesk:  Talkdesk{AccessToken: "a-token", Endpoint: endpoint, Unknown: []Setting{TalkdeskRegion, TalkdeskScopes}},
	})
	const known = " depends on a value that is not known until apply. The billing provider reads data during plan, " +
		"so its configuration must be known then."
	for name, c := range map[string]struct {
		client  func(string) (any, error)
		unknown []string
	}{
		"truewatch": {func(ds string) (any, error) { return data.TrueWatchClient(ds) }, []string{"truewatch.endpoint"}},
		"virtuozzo": {func(ds string) (any, error) { return data.VirtuozzoClient(ds) }, []string{"virtuozzo"}},
		"talkdesk":  {func(ds string) (any, error) { return data.TalkdeskClient(ds) }, []string{"talkdesk.region", "talkdesk.scopes"}},
	} {
		_, err := c.client("billing_" + name)
		var unknown *UnknownSettingError
		if !errors.As(err, &unknown) {
			t.Errorf("%s: %v, want an UnknownSettingError", name, err)
			continue
		}
		diags := unknown.Diagnostics()
		if len(diags) != len(c.unknown) {
			t.Errorf("%s: %d diagnostics, want %d: %v", name, len(diags), len(c.unknown), diags)
			continue
		}
		for i, attribute := range c.unknown {
			if diags[i].Summary() != "Unknown "+attribute || diags[i].Detail() != attribute+known {
				t.Errorf("%s: diagnostic %d is %q: %q, want Unknown %s", name, i, diags[i].Summary(), diags[i].Detail(), attribute)
			}
		}
	}
	if _, err := data.OcambaClient("billing_ocamba_usage"); err != nil {
		t.Errorf("OcambaClient: %v", err)
	}
}

// A data source read before its Configure (which Terraform always calls
// first) gets the error naming what is missing, never a nil-pointer panic;
// so does Data whose client was not made though nothing is missing.
func TestClientsBeforeConfigureOrWithoutNew(t *testing.T) {
	var notConfigured Configured
	if _, err := notConfigured.Provider().OcambaClient("billing_ocamba_usage"); err == nil ||
		err.Error() != "billing_ocamba_usage needs ocamba.token (or the OCAMBA_TOKEN environment variable) to be set in the provider configuration." {
		t.Errorf("OcambaClient before Configure: %v", err)
	}
	withoutNew := &Data{Settings: Settings{Ocamba: Ocamba{Token: "a-token"}}}
	if _, err := withoutNew.OcambaClient("billing_ocamba_usage"); err == nil ||
		err.Error() != "billing_ocamba_usage: the provider has no client for settings that are complete; this is a bug in the provider" {
		t.Errorf("OcambaClient of Data not made by New: %v", err)
	}
}
