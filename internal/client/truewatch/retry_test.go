package truewatch_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

var october = [2]time.Time{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}

// TrueWatch's rate limits come as HTTP 401 or 200 with a code, under
// either code, and a gateway's HTML 502 may stand in front of it: each is
// retried, and the read then succeeds. An invalid key is final. The same
// holds when the rows are folded, the answer decoded as it arrives.
func TestDetailsRetriesWhatIsTransient(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		replies  func(*fakeapi.TrueWatch) []fakeapi.Reply
		requests int
		fails    bool
	}{
		"rate limits on 401, under either code": {
			replies: func(f *fakeapi.TrueWatch) []fakeapi.Reply {
				return []fakeapi.Reply{f.RateLimited(), f.Error(http.StatusUnauthorized, truewatch.CodeWorkspaceRateLimited, "Workspace limit")}
			},
			requests: 3,
		},
		"the key's rate limit on 200": {
			replies: func(f *fakeapi.TrueWatch) []fakeapi.Reply {
				return []fakeapi.Reply{f.Error(http.StatusOK, truewatch.CodeKeyRateLimited, "Current limiting, please try again later.")}
			},
			requests: 2,
		},
		"the workspace's rate limit on 200": {
			replies: func(f *fakeapi.TrueWatch) []fakeapi.Reply {
				return []fakeapi.Reply{f.Error(http.StatusOK, truewatch.CodeWorkspaceRateLimited, "Current limiting, please try again later.")}
			},
			requests: 2,
		},
		"an HTML 502": {
			replies:  func(*fakeapi.TrueWatch) []fakeapi.Reply { return []fakeapi.Reply{fakeapi.HTMLBadGateway} },
			requests: 2,
		},
		"an invalid key": {
			replies: func(f *fakeapi.TrueWatch) []fakeapi.Reply {
				return []fakeapi.Reply{f.Error(http.StatusUnauthorized, truewatch.CodeInvalidAPIKey, "The API key is invalid or has been deleted.")}
			},
			requests: 1,
			fails:    true,
		},
	}
	for name, c := range cases {
		for _, folded := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, folded %t", name, folded), func(t *testing.T) {
				t.Parallel()
				fake := fakeapi.Start()
				t.Cleanup(fake.Close)
				fake.TrueWatch.Enqueue(c.replies(fake.TrueWatch)...)
				endpoint, _ := url.Parse(fake.URL)
				core := client.New(client.Settings{MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
				api := truewatch.New(core, endpoint, fakeapi.TrueWatchAPIKey)
				var (
					rows int
					err  error
				)
				if folded {
					var folding clienttest.Folding[truewatch.Row]
					_, err = api.DetailsEach(t.Context(), october[0], october[1], folding.Sink(t))
					rows = len(folding.Records())
				} else {
					var details *truewatch.Details
					if details, err = api.Details(t.Context(), october[0], october[1]); err == nil {
						rows = len(details.Rows)
					}
				}
				switch {
				case c.fails && err == nil:
					t.Error("read without an error")
				case !c.fails && err != nil:
					t.Error(err)
				case !c.fails && rows != len(fakeapi.DefaultTrueWatchRows()):
					t.Errorf("%d rows; want the fake's %d", rows, len(fakeapi.DefaultTrueWatchRows()))
				}
				if n := len(fake.TrueWatch.Requests()); n != c.requests {
					t.Errorf("%d requests; want %d", n, c.requests)
				}
			})
		}
	}
}
