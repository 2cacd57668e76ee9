package providerdata

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
)

// max_concurrency is a budget for each vendor, whatever the number of its
// data sources: two data sources of one vendor, read at once, never have
// more than one request in flight between them under max_concurrency = 1.
// An accessor that built a client (and so a budget) for each data source
// would let each of them send its own, and a configuration of many data
// sources would run into the vendor's rate limits.
func TestDataSourcesOfAVendorShareItsBudget(t *testing.T) {
	vendors := map[string]struct {
		settings func(endpoint *url.URL) Settings
		// read asks the accessor for the client, as a data source does,
		// and sends one request with it.
		read func(ctx context.Context, d *Data, dataSource string) error
	}{
		"TrueWatch": {
			settings: func(endpoint *url.URL) Settings {
				return Settings{TrueWatch: TrueWatch{APIKey: "key", Endpoint: endpoint}}
			},
			read: func(ctx context.Context, d *Data, dataSource string) error {
				c, err := d.TrueWatchClient(dataSource)
				if err == nil {
					_, err = c.Balance(ctx)
				}
				return err
			},
		},
		"Virtuozzo": {
			settings: func(endpoint *url.URL) Settings {
				return Settings{Virtuozzo: Virtuozzo{APIURL: endpoint, Token: "session"}}
			},
			read: func(ctx context.Context, d *Data, dataSource string) error {
				c, err := d.VirtuozzoClient(dataSource)
				if err == nil {
					_, err = c.Account(ctx)
				}
				return err
			},
		},
		"Ocamba": {
			settings: func(endpoint *url.URL) Settings {
				return Settings{Ocamba: Ocamba{Token: "token", Endpoint: endpoint}}
			},
			read: func(ctx context.Context, d *Data, dataSource string) error {
				c, err := d.OcambaClient(dataSource)
				if err == nil {
					_, err = c.Usage(ctx, ocamba.Query{})
				}
				return err
			},
		},
		"Talkdesk": {
			settings: func(endpoint *url.URL) Settings {
				return Settings{Talkdesk: Talkdesk{AccessToken: "token", Endpoint: endpoint}}
			},
			read: func(ctx context.Context, d *Data, dataSource string) error {
				c, err := d.TalkdeskClient(dataSource)
				if err == nil {
					err = c.AccountsEach(ctx, client.Sink[talkdesk.Account]{Pages: func([]talkdesk.Account) error { return nil }})
				}
				return err
			},
		},
	}
	for name, vendor := range vendors {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server := startCompanyServer(t, 500*time.Millisecond, func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{}`))
			})
			endpoint, err := url.Parse(server.URL)
			if err != nil {
				t.Fatal(err)
			}
			data := New(client.New(client.Settings{MaxConcurrency: 1, MaxRetries: 0}), vendor.settings(endpoint))
			var wg sync.WaitGroup
			for _, dataSource := range []string{"billing_first", "billing_second"} {
				wg.Go(func() {
					if err := vendor.read(t.Context(), data, dataSource); err == nil {
						t.Errorf("%s: an HTTP 400 was read as a success", dataSource)
					}
				})
			}
			wg.Wait()
			requests, most := server.counts()
			if requests != 2 {
				t.Fatalf("%d requests; want one for each data source", requests)
			}
			if most > 1 {
				t.Errorf("%d requests were in flight at once; two data sources share max_concurrency = 1", most)
			}
		})
	}
}

// Talkdesk's token requests are Talkdesk's too: under max_concurrency = 1,
// a data source fetching the token of its scope and another reading with
// its own are never both in flight. A token endpoint with a budget of its
// own would let Talkdesk see two requests at once.
func TestTalkdeskTokensCountAgainstItsBudget(t *testing.T) {
	var (
		mu               sync.Mutex
		tokens, listings int
	)
	server := startCompanyServer(t, 250*time.Millisecond, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/oauth/token" {
			tokens++
			_, _ = w.Write([]byte(`{"access_token":"token-` + r.FormValue("scope") + `","token_type":"Bearer","expires_in":3600}`))
			return
		}
		listings++
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{}`))
	})
	endpoint, err := url.Parse(server.URL)
	if err != nil {
		t.Fatal(err)
	}
	settings := Settings{Talkdesk: Talkdesk{
		ClientID: "id", ClientSecret: "secret", Endpoint: endpoint, TokenURL: endpoint.JoinPath("/oauth/token"),
	}}
	data := New(client.New(client.Settings{MaxConcurrency: 1, MaxRetries: 0}), settings)
	reads := map[string]func(ctx context.Context, c *talkdesk.Client) error{
		"billing_talkdesk_accounts": func(ctx context.Context, c *talkdesk.Client) error {
			return c.AccountsEach(ctx, client.Sink[talkdesk.Account]{Pages: func([]talkdesk.Account) error { return nil }})
		},
		"billing_talkdesk_invoices": func(ctx context.Context, c *talkdesk.Client) error {
			return c.InvoicesEach(ctx, client.Sink[talkdesk.InvoiceLine]{Pages: func([]talkdesk.InvoiceLine) error { return nil }})
		},
	}
	var wg sync.WaitGroup
	for dataSource, read := range reads {
		wg.Go(func() {
			c, err := data.TalkdeskClient(dataSource)
			if err == nil {
				err = read(t.Context(), c)
			}
			if err == nil {
				t.Errorf("%s: an HTTP 400 was read as a success", dataSource)
			}
		})
	}
	wg.Wait()
	_, most := server.counts()
	mu.Lock()
	defer mu.Unlock()
	if tokens != 2 || listings != 2 {
		t.Fatalf("%d token requests and %d listing requests; want two of each (a token for each scope)", tokens, listings)
	}
	if most > 1 {
		t.Errorf("%d Talkdesk requests were in flight at once, tokens included; max_concurrency = 1", most)
	}
}

// companyServer answers each request once another has joined it, or once
// wait has passed: two budgets then show as two requests in flight at
// once, however slowly the readers' goroutines start.
type companyServer struct {
	*httptest.Server
	mu                       sync.Mutex
	requests, inFlight, most int
}

func startCompanyServer(t *testing.T, wait time.Duration, answer http.HandlerFunc) *companyServer {
	s := &companyServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		s.inFlight++
		s.most = max(s.most, s.inFlight)
		s.mu.Unlock()
		for deadline := time.Now().Add(wait); s.alone() && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *companyServer) alone() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight < 2
}

// counts are the requests received and the most that were in flight at once.
func (s *companyServer) counts() (requests, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.most
}
