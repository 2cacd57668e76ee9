package client

import (
	"io"
	"testing"
)

// A body cut short is retried, unless its status was a refusal (4xx but
// 429): asking again gets the same refusal.
func TestCheckRetryBodiesCutShort(t *testing.T) {
	api := New(Settings{}).API(Vendor{Name: "Test"})
	for status, want := range map[int]bool{200: true, 399: true, 400: false, 404: false, 429: true, 499: false, 500: true, 502: true} {
		broken := &brokenBodyError{Status: status, Read: 3, Err: io.ErrUnexpectedEOF}
		if got, _ := api.checkRetry(t.Context(), nil, broken); got != want {
			t.Errorf("a body of HTTP %d cut short: retry = %v, want %v", status, got, want)
		}
	}
}
