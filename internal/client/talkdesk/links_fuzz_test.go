package talkdesk

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
)

// FuzzPageLinks feeds the paging link parser any next and last links. It
// never panics; a next link resolves, against the page it came with, to an
// absolute URL or to an error; a page count read from a last link is a
// positive number that the link itself carries.
func FuzzPageLinks(f *testing.F) {
	for _, links := range [][2]string{
		{"/express/usage/month?page=2&per_page=250", "/express/usage/month?page=9&per_page=250"},
		{"https://api.talkdeskapp.com/express/usage/month?page=2", "https://api.talkdeskapp.com/express/usage/month?page=2"},
		{"//elsewhere.example/express/usage/month?page=2", "?page=1000000000000"},
		{"%zz", "http://[::1"},
		{"?page=3", "page=-1"},
		{"mailto:billing@example.com", "?page=1e3"},
		{"", ""},
	} {
		f.Add(links[0], links[1])
	}
	requested, _ := url.Parse("https://api.talkdeskapp.com/express/usage/month?page=1&per_page=250")
	f.Fuzz(func(t *testing.T, next, last string) {
		body, _ := json.Marshal(map[string]any{
			"_embedded": map[string]any{"usage": []any{}},
			"_links":    map[string]any{"next": map[string]string{"href": next}, "last": map[string]string{"href": last}},
		})
		p, err := decodePage(clienttest.Response("Talkdesk", http.MethodGet, UsagePath, http.StatusOK, body))
		if err != nil {
			t.Fatalf("a page with links only was refused: %v", err)
		}
		p.requested = requested
		u, err := p.next()
		switch {
		case err != nil && next == "":
			t.Fatalf("no next link, yet an error: %v", err)
		case err == nil && u != nil && !u.IsAbs():
			t.Fatalf("next link %q resolved to %q, which is not absolute", next, u)
		case err == nil && u == nil && next != "":
			t.Fatalf("next link %q was dropped", next)
		}
		if p.pages < 0 || (p.pages > 0 && last == "") {
			t.Fatalf("page count %d from last link %q", p.pages, last)
		}
	})
}
