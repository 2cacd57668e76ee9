package talkdesk

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// A token endpoint that quotes the secret back must not get it shown.
func TestTokenErrorsNeverShowTheClientSecret(t *testing.T) {
	const secret = "s3cr3t-value-that-must-not-show"
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"client secret ` + secret + ` is not valid"}`))
	}))
	defer server.Close()
	tokenURL, _ := url.Parse(server.URL + "/oauth/token")
	tokens := newClientCredentials(client.New(client.Settings{Secrets: []string{secret}}), tokenURL, "id", secret, []string{DefaultScope})
	_, err := tokens.Token(t.Context())
	if err == nil {
		t.Fatal("no error from a 401")
	}
	summary, detail := client.Diagnostic(err)
	if strings.Contains(summary+detail, secret) {
		t.Fatalf("the secret is shown:\n%s\n%s", summary, detail)
	}
	if !strings.Contains(detail, "Error code: invalid_client") || !strings.Contains(detail, "client secret [REDACTED] is not valid") {
		t.Errorf("detail:\n%s", detail)
	}
}

func TestRefreshMargin(t *testing.T) {
	for lifetime, want := range map[time.Duration]time.Duration{
		10 * time.Minute: time.Minute,
		time.Second:      250 * time.Millisecond,
	} {
		if got := refreshMargin(lifetime); got != want {
			t.Errorf("refreshMargin(%v) = %v; want %v", lifetime, got, want)
		}
	}
}
