package talkdesk

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// linkToken is the ready access token of these tests: it must reach no
// server but the configured endpoint.
const linkToken = "td-token-that-stays-home"

// arrival is what a fake saw of one request.
type arrival struct{ host, authorization string }

// recordingServer is a fake on loopback that notes every request it gets
// and answers with the usage page body(r) returns.
type recordingServer struct {
	*httptest.Server
	mu       sync.Mutex
	arrivals []arrival
}

// newRecordingServer starts a fake; body is given the fake's own URL, known
// only once it listens.
func newRecordingServer(t *testing.T, body func(self *url.URL) string) *recordingServer {
	t.Helper()
	s := &recordingServer{}
	s.Server = httptest.NewUnstartedServer(nil)
	self := &url.URL{Scheme: "http", Host: s.Listener.Addr().String()}
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.arrivals = append(s.arrivals, arrival{host: r.Host, authorization: r.Header.Get("Authorization")})
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body(self))
	})
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *recordingServer) seen() []arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]arrival(nil), s.arrivals...)
}

// usageWithNext is a usage page of one record whose next link is next.
func usageWithNext(next string) string {
	return fmt.Sprintf(`{"_embedded":{"usage":[{"id":"u1"}]},"_links":{"next":{"href":%q}}}`, next)
}

// readRefused reads the usage of endpoint, expects the read to fail with
// the refusal of a next link to foreign, and checks the text the user is
// shown.
func readRefused(t *testing.T, endpoint *url.URL, foreign string) {
	t.Helper()
	api := New(client.New(client.Settings{}), Config{Endpoint: endpoint, AccessToken: linkToken})
	records, err := api.Usage(t.Context(), Query{PerPage: 2})
	if err == nil {
		t.Errorf("the next link to %s was followed: %d records", foreign, len(records))
		return
	}
	want := "Talkdesk returned an incomplete or inconsistent listing: page 1: its next link points at " + foreign +
		", not at the configured endpoint " + endpoint.Scheme + "://" + endpoint.Host +
		"; it is not followed, so that the access token does not travel there. " +
		"The provider refuses a partial result; if the data changed while it was read, run again."
	summary, detail := client.Diagnostic(err)
	if summary != "Incomplete listing from Talkdesk" || detail != want {
		t.Errorf("diagnostic:\n%s\n%s\nwant:\nIncomplete listing from Talkdesk\n%s", summary, detail, want)
	}
}

// A next link with the endpoint's scheme and port but another host name is
// refused, though here that name leads to the same fake: the token goes to
// the host configured, never to one a page names.
func TestFollowNextRefusesAnotherHost(t *testing.T) {
	t.Parallel()
	home := newRecordingServer(t, func(self *url.URL) string {
		return usageWithNext("http://localhost:" + self.Port() + "/express/usage/month?page=2&per_page=2")
	})
	endpoint, _ := url.Parse(home.URL)
	readRefused(t, endpoint, "http://localhost:"+endpoint.Port())
	seen := home.seen()
	if len(seen) != 1 || seen[0].host != endpoint.Host || seen[0].authorization != "Bearer "+linkToken {
		t.Errorf("requests seen: %+v; want one, to %s, with the token", seen, endpoint.Host)
	}
}

// A next link to the endpoint's host on another port is refused: another
// listener there gets no request, and so never the token.
func TestFollowNextRefusesAnotherPort(t *testing.T) {
	t.Parallel()
	other := newRecordingServer(t, func(*url.URL) string {
		return `{"_embedded":{"usage":[{"id":"u2"}]},"_links":{}}`
	})
	home := newRecordingServer(t, func(*url.URL) string {
		return usageWithNext(other.URL + "/express/usage/month?page=2&per_page=2")
	})
	endpoint, _ := url.Parse(home.URL)
	readRefused(t, endpoint, other.URL)
	if seen := other.seen(); len(seen) != 0 {
		t.Errorf("the listener on another port got %d requests: %+v", len(seen), seen)
	}
	if seen := home.seen(); len(seen) != 1 {
		t.Errorf("the endpoint got %d requests; want 1", len(seen))
	}
}
