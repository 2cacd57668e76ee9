package providerdata

import "testing"

// A read before the provider is configured gets an error naming what is
// missing, never a nil-pointer panic.
func TestClientsOfUnconfiguredDataNameTheMissingSetting(t *testing.T) {
	var unconfigured *Data
	if _, err := unconfigured.TrueWatchClient("billing_truewatch_details"); err == nil ||
		err.Error() != "billing_truewatch_details needs truewatch.api_key (or the TRUEWATCH_API_KEY environment variable) to be set in the provider configuration." {
		t.Errorf("TrueWatchClient on nil Data: %v", err)
	}
	if _, err := unconfigured.VirtuozzoClient("billing_account_history"); err == nil ||
		err.Error() != "billing_account_history needs virtuozzo.api_url (or the VIRTUOZZO_API_URL environment variable) to be set in the provider configuration." {
		t.Errorf("VirtuozzoClient on nil Data: %v", err)
	}
	if _, err := unconfigured.OcambaClient("billing_ocamba_usage"); err == nil ||
		err.Error() != "billing_ocamba_usage needs ocamba.token (or the OCAMBA_TOKEN environment variable) to be set in the provider configuration." {
		t.Errorf("OcambaClient on nil Data: %v", err)
	}
	if _, err := unconfigured.TalkdeskClient("billing_accounts_usage"); err == nil ||
		err.Error() != "billing_accounts_usage needs talkdesk.client_id (or the TALKDESK_CLIENT_ID environment variable), "+
			"or else talkdesk.access_token (or the TALKDESK_ACCESS_TOKEN environment variable), to be set in the provider configuration." {
		t.Errorf("TalkdeskClient on nil Data: %v", err)
	}
}
