package accountsusage_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// A token endpoint that echoes what it received must not get the client
// credentials shown: neither the secret nor the HTTP Basic value that
// carries it (base64 of id:secret).
func TestTokenEndpointEchoIsRedacted(t *testing.T) {
	t.Parallel()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"rejected Authorization: ` + r.Header.Get("Authorization") + `"}`))
	}))
	defer echo.Close()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: acctest.Provider("talkdesk", map[string]string{
				"client_id":     fakeapi.TalkdeskClientID,
				"client_secret": fakeapi.TalkdeskClientSecret,
				"token_url":     echo.URL + "/oauth/token",
				"endpoint":      echo.URL,
			}, "max_retries = 0") + usage(""),
			ExpectError: acctest.ErrorText("Talkdesk token endpoint API error", "rejected Authorization: Basic [REDACTED]"),
		}},
	})
}

// An API that echoes the request's Authorization header must not get the
// fetched access token shown.
func TestAPIEchoOfTheFetchedTokenIsRedacted(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.Talkdesk.Enqueue(fakeapi.TalkdeskError(http.StatusBadRequest, "1400",
		"rejected Authorization: Bearer td-access-token-0001 (token td-access-token-0001)", ""))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: organisation(fake, "") + usage(""),
			ExpectError: acctest.ErrorText("Talkdesk API error", "Error code: 1400",
				"rejected Authorization: Bearer [REDACTED] (token [REDACTED])"),
		}},
	})
}
