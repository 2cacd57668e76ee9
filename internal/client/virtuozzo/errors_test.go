package virtuozzo_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
)

// The platform's error is quoted with what it says of the reason and the
// source, and only what it says; an error status with a body that is not
// the platform's is quoted as it came; only a 404 hints at the URL.
func TestPlatformErrorsAsUsersSeeThem(t *testing.T) {
	const path = "POST " + virtuozzo.AccountPath
	cases := []struct {
		status       int
		body         string
		error, extra string // extra: the diagnostic's detail holds it
	}{
		{http.StatusOK, `{"result":702,"error":"session expired","reason":702,"source":"hx-core"}`,
			"Virtuozzo answered " + path + " with HTTP 200, error code result 702: session expired (reason 702, source hx-core)", ""},
		{http.StatusOK, `{"result":702,"error":"session expired","source":""}`,
			"Virtuozzo answered " + path + " with HTTP 200, error code result 702: session expired", ""},
		{http.StatusOK, `{"result":702,"error":"session expired","source":"hx-core"}`,
			"Virtuozzo answered " + path + " with HTTP 200, error code result 702: session expired (source hx-core)", ""},
		{http.StatusInternalServerError, `{"result":99,"error":"internal"}`,
			"Virtuozzo answered " + path + " with HTTP 500, error code result 99: internal", ""},
		{http.StatusInternalServerError, `{"error":"internal"}`,
			"Virtuozzo answered " + path + ` with HTTP 500: the body was: {"error":"internal"}`, ""},
		{http.StatusNotFound, `<h1>Not Found</h1>`,
			"Virtuozzo answered " + path + " with HTTP 404: the body was: <h1>Not Found</h1>", "Check virtuozzo.api_url"},
	}
	for _, c := range cases {
		_, err := virtuozzo.DecodeAccount(clienttest.Response("Virtuozzo", http.MethodPost, virtuozzo.AccountPath, c.status, []byte(c.body)))
		if err == nil || err.Error() != c.error {
			t.Errorf("HTTP %d %s: error %v\nwant %s", c.status, c.body, err, c.error)
			continue
		}
		if _, detail := client.Diagnostic(err); (c.extra != "") != strings.Contains(detail, "Check virtuozzo.api_url") {
			t.Errorf("HTTP %d: the detail hints at virtuozzo.api_url only after a 404:\n%s", c.status, detail)
		}
	}
}

// appid is sent when it is configured, and only then, beside the session.
func TestAppIDIsSentOnlyWhenSet(t *testing.T) {
	for _, appID := range []string{"", "cluster-app"} {
		var (
			mu   sync.Mutex
			sent url.Values
		)
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			sent, _ = url.ParseQuery(string(body))
			mu.Unlock()
			_, _ = io.WriteString(w, `{"result":0,"uid":1}`)
		}))
		apiURL, err := url.Parse(server.URL)
		if err != nil {
			t.Fatal(err)
		}
		_, err = virtuozzo.New(client.New(client.Settings{}), apiURL, "session-token", appID).Account(t.Context())
		server.Close()
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		_, hasAppID := sent["appid"]
		if sent.Get("session") != "session-token" || hasAppID != (appID != "") || sent.Get("appid") != appID {
			t.Errorf("appid %q configured; the form sent was %v", appID, sent)
		}
		mu.Unlock()
	}
}

// A platform error is the platform's error however odd a field beside it
// (a reason in words, a source object, an array of another shape): result
// and error are what the user needs, on history and account alike.
func TestAPlatformErrorIsShownWhateverIsBesideIt(t *testing.T) {
	for _, body := range []string{
		`{"result":702,"error":"session expired","reason":"SESSION_EXPIRED"}`,
		`{"result":702,"error":"session expired","source":{"node":1}}`,
		`{"result":702,"error":"session expired","array":"None"}`,
		`{"result":702,"error":"session expired","array":[{"cost":"free"}]}`,
	} {
		for path, decode := range map[string]func(*client.Response) error{
			virtuozzo.AccountPath: func(r *client.Response) error { _, err := virtuozzo.DecodeAccount(r); return err },
			virtuozzo.HistoryPath: func(r *client.Response) error { _, err := virtuozzo.DecodeHistory(r); return err },
		} {
			err := decode(clienttest.Response("Virtuozzo", http.MethodPost, path, http.StatusOK, []byte(body)))
			if want := "with HTTP 200, error code result 702: session expired"; err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s %s: error %v\nwant one that says %q", path, body, err, want)
			}
		}
	}
}
