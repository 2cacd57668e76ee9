package client

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// A server that echoes credentials in headers whose names say nothing of
// them (so that they are logged) has them masked in the logs all the
// same: the configured secrets, and the bare token of a fetched bearer
// token. Blank credentials mask nothing.
func TestLogsMaskEchoedCredentials(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		w.Header().Set("X-Echo-Token", token)
		w.Header().Set("X-Echo-Key", r.Header.Get("X-Key-Echo-Me"))
		w.Header().Set("X-Plain", "plain-value")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer server.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	api := New(Settings{Secrets: []string{"configured-key-42", " "}}).API(Vendor{Name: "Test"})
	header := http.Header{"Authorization": {"Bearer fetched-token-77"}, "X-Key-Echo-Me": {"configured-key-42"}}
	if _, err := api.Send(ctx, Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/usage"), Header: header}); err != nil {
		t.Fatal(err)
	}
	text := logs.String()
	for _, secret := range []string{"fetched-token-77", "configured-key-42"} {
		if strings.Contains(text, secret) {
			t.Errorf("the logs show %q:\n%s", secret, text)
		}
	}
	if !strings.Contains(text, "X-Echo-Token: ***") || !strings.Contains(text, "X-Plain: plain-value") {
		t.Errorf("the logs lack the masked echo, or mask what is no credential:\n%s", text)
	}
}
