package talkdesk

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// Every credential the client holds or fetches (the client secret, the
// HTTP Basic value that carries it, the access token) is masked in logs at
// trace level and in errors, even when the server echoes them back, in
// a header of the very answer that hands the token out among them.
func TestCredentialsAreMaskedInLogsAndErrors(t *testing.T) {
	const (
		id, secret = "client-id", "client-secret-value"
		token      = "fetched-access-token-value"
	)
	basic := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth/token" {
			// Headers are read before the body that hands out the token.
			w.Header().Set("X-Issued-Token", token)
			_, _ = w.Write([]byte(`{"access_token":"` + token + `","token_type":"Bearer","expires_in":600}`))
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"code":"1400","message":"echo: ` + r.Header.Get("Authorization") + ` after ` + basic + `"}`))
	}))
	defer server.Close()
	endpoint, _ := url.Parse(server.URL)
	core := client.New(client.Settings{Secrets: []string{secret}})
	c := New(core, Config{Endpoint: endpoint, TokenURL: endpoint.JoinPath("/oauth/token"), ClientID: id, ClientSecret: secret, Scopes: []string{UsageScope}})

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	_, err := c.Usage(ctx, Query{})
	if err == nil {
		t.Fatal("no error from a 400")
	}
	summary, detail := core.Diagnostic(err)
	shown := summary + detail + err.Error()
	if !strings.Contains(shown, "echo: Bearer [REDACTED] after [REDACTED]") {
		t.Errorf("error text:\n%s", shown)
	}
	for name, value := range map[string]string{"client secret": secret, "Basic value": basic, "access token": token} {
		if strings.Contains(shown, value) {
			t.Errorf("the error shows the %s", name)
		}
		if strings.Contains(logs.String(), value) {
			t.Errorf("the logs show the %s:\n%s", name, logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"http_status":400`) {
		t.Errorf("no trace of the exchange in the logs:\n%s", logs.String())
	}
}
