package validate

import (
	"strings"
	"testing"
)

func TestEndpointURL(t *testing.T) {
	accepted := map[string]string{
		"https://us1-openapi.truewatch.com":  "https://us1-openapi.truewatch.com/",
		"https://app.hoster.example/base":    "https://app.hoster.example/base",
		"http://127.0.0.1:8080":              "http://127.0.0.1:8080/",
		"http://127.8.9.10":                  "http://127.8.9.10/",
		"http://[::1]:9000":                  "http://[::1]:9000/",
		"http://localhost:1234":              "http://localhost:1234/",
		"http://LOCALHOST":                   "http://LOCALHOST/",
		"https://api.ocamba.com/":            "https://api.ocamba.com/",
		"https://api.talkdeskapp.eu:443/api": "https://api.talkdeskapp.eu:443/api",
	}
	for raw, want := range accepted {
		u, err := EndpointURL(raw)
		if err != nil {
			t.Errorf("EndpointURL(%q): %v", raw, err)
			continue
		}
		if u.String() != want {
			t.Errorf("EndpointURL(%q) = %s, want %s", raw, u, want)
		}
	}
	refused := map[string]string{
		"http://example.com":            "plain http://",
		"http://10.0.0.1":               "plain http://",
		"http://localhost.example.com":  "plain http://",
		"http://127.0.0.1.nip.io":       "plain http://",
		"ftp://files.example.com":       "must be an https:// URL",
		"example.com":                   "not an absolute URL",
		"":                              "not an absolute URL",
		"https://":                      "not an absolute URL",
		"https://u:p@api.example.com":   "contains credentials",
		"https://api.example.com/?a=1":  "has a query or fragment",
		"https://api.example.com/#frag": "has a query or fragment",
		"https://api.example.com:bad/":  "not an absolute URL",
		"mailto:billing@example.com":    "not an absolute URL",
	}
	for raw, want := range refused {
		_, err := EndpointURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("EndpointURL(%q) error = %v, want it to say %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), ":p@") {
			t.Errorf("EndpointURL(%q) repeats the password: %v", raw, err)
		}
	}
}

func TestDuration(t *testing.T) {
	if d, err := Duration("1m30s"); err != nil || d.String() != "1m30s" {
		t.Errorf("Duration(1m30s) = %v, %v", d, err)
	}
	for _, bad := range []string{"", "60", "0s", "-1s", "soon"} {
		if _, err := Duration(bad); err == nil {
			t.Errorf("Duration(%q) accepted", bad)
		}
	}
}
