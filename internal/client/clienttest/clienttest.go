// Package clienttest holds what the vendor clients' tests share: the
// response the core hands a decoder, bodies no vendor documents, the
// properties every decoder keeps, whatever the body, a sink that folds
// and keeps what it took, and a server that shows a page folded as it
// arrives.
package clienttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Statuses seed the fuzzers with a success and the errors vendors send.
var Statuses = []int{200, 400, 401, 403, 404, 429, 500, 502}

// Hostile are bodies that are not any vendor's documented JSON: empty,
// the wrong top-level value, another envelope, HTML, cut short, deeply
// nested, invalid UTF-8, numbers too large to hold.
var Hostile = []string{
	``,
	`null`,
	`{}`,
	`[]`,
	`"ok"`,
	`0`,
	`true`,
	`{"status":"ok"}`,
	`<html><head><title>502 Bad Gateway</title></head></html>`,
	`{"a":[`,
	// Deep, but short: the fuzzer minimises what it finds by trimming bytes,
	// which takes long on large inputs.
	strings.Repeat(`[`, 200),
	strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100),
	"{\"\xff\":\"\xfe\"}",
	"\xef\xbb\xbf{}",
	`{"x":1e999999999}`,
	`{"x":-0.0000000000000000000000000000000000000000000000000001}`,
}

// Seed adds every body under every status of Statuses.
func Seed(f *testing.F, bodies ...[]byte) {
	for _, body := range bodies {
		for _, status := range Statuses {
			f.Add(status, body)
		}
	}
}

// SeedHostile adds Hostile, and extra vendor-specific bodies, under every
// status of Statuses.
func SeedHostile(f *testing.F, extra ...string) {
	for _, body := range append(append([]string(nil), Hostile...), extra...) {
		Seed(f, []byte(body))
	}
}

// Response is what the core hands a vendor decoder: any status from 100 to
// 599 (others are folded into that range), any body.
func Response(vendor, method, path string, status int, body []byte) *client.Response {
	if status < 100 || status > 599 {
		status = 100 + int(uint(status)%500)
	}
	return &client.Response{Vendor: vendor, Method: method, Path: path, Status: status, Body: body}
}

// CheckError fails the test unless err is what a user can act on: the
// vendor's error (an *APIError) or a body that is not the documented JSON
// (a *DecodeError), each rendering a summary and a detail.
func CheckError(t *testing.T, err error) {
	t.Helper()
	var (
		apiErr    *client.APIError
		decodeErr *client.DecodeError
	)
	if !errors.As(err, &apiErr) && !errors.As(err, &decodeErr) {
		t.Fatalf("error %T is neither an API error nor an unexpected-response error: %v", err, err)
	}
	if summary, detail := client.Diagnostic(err); summary == "" || detail == "" {
		t.Fatalf("error %v renders an empty diagnostic (%q, %q)", err, summary, detail)
	}
}

// CheckSuccess fails the test unless a decoded success came with a 2xx
// status.
func CheckSuccess(t *testing.T, resp *client.Response) {
	t.Helper()
	if !resp.OK() {
		t.Fatalf("HTTP %d was decoded as a success", resp.Status)
	}
}

// CheckExact fails the test unless n holds exactly the JSON number raw,
// when raw is a number literal: amounts never pass through a float. The
// tests read raw with encoding/json into a struct shaped as the vendor's
// (with json.RawMessage fields), so that duplicate and differently cased
// keys resolve as in the decoder.
func CheckExact(t *testing.T, raw json.RawMessage, n tolerant.Number) {
	t.Helper()
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
		return
	}
	want, err := decimal.NewFromString(string(raw))
	if err != nil {
		return
	}
	if got, ok := n.Decimal(); !ok || !got.Equal(want) {
		t.Fatalf("the number %s was decoded as %s", raw, n)
	}
}

// Folding keeps, for a test, what a sink that folds takes: the records of
// every part that joins, and how many parts joined. A page of rows handed
// to it whole (Sink.Pages) fails the test.
type Folding[T any] struct {
	mu      sync.Mutex
	records []T
	parts   int
}

// Sink is a sink that folds into f.
func (f *Folding[T]) Sink(t testing.TB) client.Sink[T] {
	return client.Sink[T]{
		Pages: func([]T) error {
			t.Error("a page of rows was handed to a sink that folds")
			return nil
		},
		Fold: func() (func(*T) error, func()) {
			var part []T
			return func(r *T) error {
					part = append(part, copied(*r))
					return nil
				}, func() {
					f.mu.Lock()
					defer f.mu.Unlock()
					f.records = append(f.records, part...)
					f.parts++
				}
		},
	}
}

// copied is a copy of r that shares no slice with it: a fold copies what
// it keeps of a record, which is the decoder's again once the fold's add
// returns (client.Recycler).
func copied[T any](r T) T {
	copySlices(reflect.ValueOf(&r).Elem())
	return r
}

func copySlices(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				copySlices(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			copySlices(c.Index(i))
		}
		v.Set(c)
	}
}

// Records are the records of the parts that joined, in the order they
// joined.
func (f *Folding[T]) Records() []T {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.records)
}

// Parts is how many parts joined.
func (f *Folding[T]) Parts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.parts
}

// HeldBack is a server that answers a request with a head, then holds
// the rest of the body (a tail) back until Release is called, or for five
// seconds: a read that folds a page's records as the page arrives
// releases it, one that holds the page whole never does.
type HeldBack struct {
	URL      *url.URL
	released chan struct{}
	once     sync.Once
	waited   atomic.Bool // a request waited the five seconds out
}

// NewHeldBack starts the server, which answers r with answer(r): an
// empty tail is not waited for. The test closes it.
func NewHeldBack(t *testing.T, answer func(r *http.Request) (head, tail string)) *HeldBack {
	t.Helper()
	h := &HeldBack{released: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		head, tail := answer(r)
		fmt.Fprint(w, head)
		if tail == "" {
			return
		}
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Error(err)
		}
		select {
		case <-h.released:
		case <-time.After(5 * time.Second):
			h.waited.Store(true)
		}
		fmt.Fprint(w, tail)
	}))
	t.Cleanup(srv.Close)
	h.URL, _ = url.Parse(srv.URL)
	return h
}

// Release lets the rest of the body go.
func (h *HeldBack) Release() { h.once.Do(func() { close(h.released) }) }

// Check fails the test when a body was held whole: its end had to wait.
func (h *HeldBack) Check(t *testing.T) {
	t.Helper()
	if h.waited.Load() {
		t.Error("no record was folded before the body ended: the page was held whole")
	}
}
