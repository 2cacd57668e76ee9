package fakeapi

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Replies queued while the fake serves are each served once: a test may
// queue failures while a read is under way.
func TestEnqueueWhileServingServesEachReplyOnce(t *testing.T) {
	fake := Start()
	defer fake.Close()
	const replies = 300
	get := func() (int, error) {
		resp, err := http.Get(fake.URL + "/api/v1/billing/balance/get")
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	var served atomic.Int64
	done := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				status, err := get()
				if err != nil {
					t.Error(err)
					return
				}
				if status == http.StatusTeapot {
					served.Add(1)
				}
			}
		})
	}
	for range replies {
		fake.TrueWatch.Enqueue(Reply{Status: http.StatusTeapot})
		time.Sleep(100 * time.Microsecond)
	}
	close(done)
	readers.Wait()
	for {
		status, err := get()
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusTeapot || served.Add(1) > replies {
			break
		}
	}
	if got := served.Load(); got != replies {
		t.Errorf("the fake served %d queued replies, want the %d queued", got, replies)
	}
}
