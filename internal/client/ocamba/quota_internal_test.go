package ocamba

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// The announced quota is read as Ocamba sends it; a remaining count below
// zero (the most negative int64 among them, which would wrap around in
// the pacing's arithmetic) is none left, never a large quota.
func TestAnnouncedQuota(t *testing.T) {
	for remaining, want := range map[string]client.Quota{
		"7":                                  {Remaining: 7, Reset: 2 * time.Second},
		"0":                                  {Remaining: 0, Reset: 2 * time.Second},
		"-1":                                 {Remaining: 0, Reset: 2 * time.Second},
		strconv.FormatInt(math.MinInt64, 10): {Remaining: 0, Reset: 2 * time.Second},
	} {
		h := http.Header{"X-Ratelimit-Remaining": {remaining}, "X-Ratelimit-Reset": {"2"}}
		if got, ok := announcedQuota(h); !ok || got != want {
			t.Errorf("X-RateLimit-Remaining %s: %+v, %v; want %+v", remaining, got, ok, want)
		}
	}
}
