package client

import (
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// Large listings compress well: the client asks for gzip and reads the
// body decoded, and the size cap counts decoded bytes.
func TestSendAcceptsGzip(t *testing.T) {
	body := `{"items":[` + strings.Repeat(`{"amount":"0.1"},`, 999) + `{"amount":"0.1"}]}`
	var asked atomic.Bool
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			_, _ = w.Write([]byte(body))
			return
		}
		asked.Store(true)
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = zw.Write([]byte(body))
		zw.Close()
	}))
	defer server.Close()
	u, _ := url.Parse(server.URL)

	resp, err := New(Settings{}).API(Vendor{Name: "Test"}).Send(t.Context(), Request{Method: http.MethodGet, URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if !asked.Load() {
		t.Error("the request did not accept gzip")
	}
	if string(resp.Body) != body {
		t.Errorf("body is %d bytes, want the %d decoded bytes", len(resp.Body), len(body))
	}

	_, err = New(Settings{MaxResponseBytes: int64(len(body) - 1)}).API(Vendor{Name: "Test"}).Send(t.Context(), Request{Method: http.MethodGet, URL: u})
	var tooLarge *TooLargeError
	if !errors.As(err, &tooLarge) {
		t.Errorf("err = %v, want a TooLargeError for %d decoded bytes over a cap of %d", err, len(body), len(body)-1)
	}
}

// A read of many pages reuses connections. The transport puts a connection
// back in its pool a moment after the body is closed, so a request sent at
// once may open a new one: the bound is twice the requests run at once.
// Without reuse, 200 requests open about 100.
func TestParallelRequestsReuseConnections(t *testing.T) {
	var opened atomic.Int64
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{}`))
	}))
	server.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	server.Start()
	defer server.Close()
	u, _ := url.Parse(server.URL)

	const concurrency, requests = 8, 200
	api := New(Settings{MaxConcurrency: concurrency}).API(Vendor{Name: "Test"})
	err := api.Parallel(t.Context(), requests, func(ctx context.Context, _ int) error {
		_, err := api.Send(ctx, Request{Method: http.MethodGet, URL: u})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := opened.Load(); n > 2*concurrency {
		t.Errorf("%d requests opened %d connections; at most %d run at once", requests, n, concurrency)
	}
}
