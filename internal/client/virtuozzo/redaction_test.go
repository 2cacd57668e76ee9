package virtuozzo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
)

// A platform that quotes the request back in its error answer quotes the
// session in whatever spelling it holds it: as sent in the form body
// (form-encoded), decoded, in a URL path, or JSON-escaped by Go or by PHP.
// The error a user sees shows none of them, only the mask. The session
// needs escaping in every one of those spellings (+, /, =, a space, &), so
// that each spelling differs from every other and only its own masking
// can hide it.
func TestErrorsMaskTheSessionInEverySpelling(t *testing.T) {
	const session = "s3cr+t/x=y z&"
	goJSON, err := json.Marshal(session) // Go escapes & as \u0026
	if err != nil {
		t.Fatal(err)
	}
	spellings := map[string]string{
		"as sent":      session,
		"form-encoded": url.QueryEscape(session),
		"in a path":    url.PathEscape(session),
		"Go JSON":      strings.Trim(string(goJSON), `"`),
		"PHP JSON":     strings.ReplaceAll(session, "/", `\/`),
	}
	// answers are the platform's echoes, each made from what the request
	// carried: the raw form body, or the session read from it.
	answers := map[string]func(body string, form url.Values) (int, string){
		// The platform's own error, quoting the session it refused.
		"as sent": func(_ string, form url.Values) (int, string) {
			return http.StatusOK, platformError("session " + form.Get("session") + " is invalid or expired")
		},
		// The platform's own error, quoting the request body as it came.
		"form-encoded": func(body string, _ url.Values) (int, string) {
			return http.StatusOK, platformError("cannot parse request " + body)
		},
		// A proxy's page linking to the session as a path.
		"in a path": func(_ string, form url.Values) (int, string) {
			return http.StatusBadGateway, "<html><a href=\"/sessions/" + url.PathEscape(form.Get("session")) + "\">retry</a></html>"
		},
		// A gateway's JSON dump of the request, written by Go.
		"Go JSON": func(_ string, form url.Values) (int, string) {
			dump, err := json.Marshal(map[string]string{"session": form.Get("session")})
			if err != nil {
				t.Error(err)
			}
			return http.StatusInternalServerError, `{"request":` + string(dump) + `}`
		},
		// The same, written by PHP, which escapes / and not &.
		"PHP JSON": func(_ string, form url.Values) (int, string) {
			return http.StatusInternalServerError, `{"request":{"session":"` + strings.ReplaceAll(form.Get("session"), "/", `\/`) + `"}}`
		},
	}
	for name, spelling := range spellings {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var (
				mu       sync.Mutex
				answered string
			)
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				raw, err := io.ReadAll(r.Body)
				if err != nil {
					t.Error(err)
				}
				form, err := url.ParseQuery(string(raw))
				if err != nil {
					t.Error(err)
				}
				status, body := answers[name](string(raw), form)
				mu.Lock()
				answered = body
				mu.Unlock()
				w.WriteHeader(status)
				_, _ = io.WriteString(w, body)
			}))
			defer server.Close()
			apiURL, err := url.Parse(server.URL)
			if err != nil {
				t.Fatal(err)
			}
			core := client.New(client.Settings{Secrets: []string{session}, MaxRetries: 0})
			_, err = virtuozzo.New(core, apiURL, session, "").Account(t.Context())
			if err == nil {
				t.Fatal("an error answer was read as an account")
			}
			mu.Lock()
			defer mu.Unlock()
			if !strings.Contains(answered, spelling) {
				t.Fatalf("the echo does not carry the session %s (%q): %s", name, spelling, answered)
			}
			summary, detail := core.Diagnostic(err)
			shown := summary + "\n" + detail
			for other, s := range spellings {
				if strings.Contains(shown, s) {
					t.Errorf("the error shows the session %s (%q):\n%s", other, s, shown)
				}
			}
			if strings.Contains(shown, "s3cr") || !strings.Contains(shown, client.Redacted) {
				t.Errorf("the error shows part of the session, or no mask:\n%s", shown)
			}
		})
	}
}

// platformError is the platform's error answer quoting message as it is
// (without Go's escaping of &, < and >).
func platformError(message string) string {
	var quoted strings.Builder
	encoder := json.NewEncoder(&quoted)
	encoder.SetEscapeHTML(false)
	_ = encoder.Encode(message)
	return `{"result":702,"error":` + strings.TrimSpace(quoted.String()) + `,"reason":702,"source":"hx-core"}`
}
