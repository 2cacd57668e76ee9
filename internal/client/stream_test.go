package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
)

// streamedRecord and streamedAnswer are a single answer's records, as a
// vendor's client declares them.
type streamedRecord struct {
	ID string `json:"id"`
}

type streamedAnswer struct {
	OK      *bool            `json:"ok"`
	Records []streamedRecord `json:"records"`
}

const expectedStreamed = "a test answer ({ok, records})"

// decodeStreamed is a vendor's decode of the answer: records folded when
// fold is set, an answer without ok or records refused.
func decodeStreamed(fold Fold[streamedRecord]) func(*Response) (Page[streamedRecord], error) {
	return decodeStreamedNoting(fold, nil)
}

// decodeStreamedNoting is decodeStreamed with the folded records' keys
// (keyOf) noted in keys, when set.
func decodeStreamedNoting(fold Fold[streamedRecord], keys *PageKeys) func(*Response) (Page[streamedRecord], error) {
	return func(resp *Response) (Page[streamedRecord], error) {
		if !resp.OK() {
			return Page[streamedRecord]{}, resp.Unexpected(expectedStreamed, "HTTP "+strconv.Itoa(resp.Status))
		}
		records := NewRecords(1, 0, fold, nil)
		if keys != nil {
			records.NotingKeys(keys, keyOf)
		}
		var body streamedAnswer
		if err := DecodePage(resp, &body, expectedStreamed, records); err != nil {
			return Page[streamedRecord]{}, err
		}
		if body.OK == nil || !*body.OK {
			return Page[streamedRecord]{}, resp.Unexpected(expectedStreamed, "ok is not true")
		}
		if body.Records == nil {
			return Page[streamedRecord]{}, resp.MissingKey(expectedStreamed, "records")
		}
		records.Finish(body.Records)
		return records.Page(body.Records, -1, 0), nil
	}
}

// streamedRecords are n records, comma-separated, ids from first.
func streamedRecords(first, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"id":"%d"}`, first+i)
	}
	return strings.Join(parts, ",")
}

// breaksOffOnce answers body, but for its first attempt, whose connection
// closes halfway, short of the length it announced.
func breaksOffOnce(body string) func(w http.ResponseWriter, attempt int) {
	return func(w http.ResponseWriter, attempt int) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if attempt == 1 {
			fmt.Fprint(w, body[:len(body)/2])
			return
		}
		fmt.Fprint(w, body)
	}
}

// streamedServer answers with answer(attempt), attempts counted from 1.
func streamedServer(t *testing.T, answer func(w http.ResponseWriter, attempt int)) (*url.URL, *atomic.Int32) {
	t.Helper()
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		answer(w, int(attempts.Add(1)))
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return u, &attempts
}

// foldIDs folds the records' ids into folded; each record is seen first
// by seen, when set.
func foldIDs(folded *foldedRecords, seen func()) Fold[streamedRecord] {
	return func() (func(*streamedRecord) error, func()) {
		add, join := folded.fold()
		return func(r *streamedRecord) error {
			if seen != nil {
				seen()
			}
			id, err := strconv.Atoi(r.ID)
			if err != nil {
				return err
			}
			return add(&id)
		}, join
	}
}

// readStreamed reads the answer at u folded through Streamed, as a
// vendor's client does, and returns what joined.
func readStreamed(t *testing.T, api *API, u *url.URL, folded *foldedRecords) error {
	t.Helper()
	page, err := Streamed(t.Context(), api, Request{Method: http.MethodGet, URL: u}, decodeStreamed(foldIDs(folded, nil)))
	if err != nil {
		return err
	}
	return Sink[streamedRecord]{}.TakePage(page)
}

// readWhole reads the answer at u whole, through Decoded.
func readWhole(t *testing.T, api *API, u *url.URL) error {
	t.Helper()
	_, err := Decoded(t.Context(), api, Request{Method: http.MethodGet, URL: u}, decodeStreamed(nil))
	return err
}

// The records of a streamed answer are folded while the body is still
// arriving: the server holds the end of the body back until a record has
// been folded, which a read that holds the body whole would never do.
func TestStreamedFoldsRecordsAsTheBodyArrives(t *testing.T) {
	t.Parallel()
	firstFolded := make(chan struct{})
	var heldBack atomic.Bool
	u, attempts := streamedServer(t, func(w http.ResponseWriter, _ int) {
		fmt.Fprint(w, `{"records":[`+streamedRecords(0, 100)+`,`)
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Error(err)
		}
		select {
		case <-firstFolded:
			heldBack.Store(true)
		case <-time.After(5 * time.Second):
		}
		fmt.Fprint(w, streamedRecords(100, 100)+`],"ok":true}`)
	})
	var (
		folded foldedRecords
		once   sync.Once
	)
	fold := foldIDs(&folded, func() { once.Do(func() { close(firstFolded) }) })
	page, err := Streamed(t.Context(), testAPI(1, Vendor{Name: "Test"}), Request{Method: http.MethodGet, URL: u}, decodeStreamed(fold))
	if err == nil {
		err = Sink[streamedRecord]{}.TakePage(page)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !heldBack.Load() {
		t.Error("no record was folded before the body ended: the body was held whole")
	}
	wantRecords(t, folded.sorted(), 200)
	if folded.parts != 1 || attempts.Load() != 1 {
		t.Errorf("%d parts joined over %d requests, want 1 over 1", folded.parts, attempts.Load())
	}
}

// An answer refused as it arrived fails with the error the whole answer
// gets, nothing of it joined: a small one, kept as it arrived, in one
// request; a large one, asked for again, in two.
func TestStreamedRefusalIsTheWholeAnswersError(t *testing.T) {
	t.Parallel()
	large := strings.Repeat(" ", keptWhole)
	for name, c := range map[string]struct {
		body     string
		requests int32
	}{
		"small, refused after its records":   {`{"records":[` + streamedRecords(0, 3) + `],"ok":false}`, 1},
		"small, cut short":                   {`{"ok":true,"records":[` + streamedRecords(0, 3), 1},
		"small, the records an object":       {`{"ok":true,"records":{"id":"1"}}`, 1},
		"small, refused long before its end": {`{"records":7,` + large[:keptWhole/2] + `"ok":true}`, 1},
		"large, refused after its records":   {`{"records":[` + streamedRecords(0, 3) + `],` + large + `"ok":false}`, 2},
		"large, a record of the wrong shape": {`{"ok":true,` + large + `"records":[` + streamedRecords(0, 3) + `,{"id":7}]}`, 2},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			u, attempts := streamedServer(t, func(w http.ResponseWriter, _ int) { fmt.Fprint(w, c.body) })
			api := testAPI(1, Vendor{Name: "Test"})
			want := readWhole(t, api, u)
			if want == nil {
				t.Fatal("the whole answer was accepted")
			}
			attempts.Store(0)
			var folded foldedRecords
			err := readStreamed(t, api, u, &folded)
			if err == nil || err.Error() != want.Error() {
				t.Fatalf("streamed: %v\nwant the whole answer's error: %v", err, want)
			}
			if folded.parts != 0 {
				t.Errorf("%d parts joined of a refused answer", folded.parts)
			}
			if attempts.Load() != c.requests {
				t.Errorf("%d requests, want %d", attempts.Load(), c.requests)
			}
		})
	}
}

// A body that breaks off is retried, and only the records of the attempt
// that arrived whole join.
func TestStreamedBodyThatBreaksOffIsRetried(t *testing.T) {
	t.Parallel()
	body := `{"ok":true,"records":[` + streamedRecords(0, 50) + `]}`
	u, attempts := streamedServer(t, breaksOffOnce(body))
	var folded foldedRecords
	if err := readStreamed(t, testAPI(1, Vendor{Name: "Test"}), u, &folded); err != nil {
		t.Fatal(err)
	}
	wantRecords(t, folded.sorted(), 50)
	if folded.parts != 1 || attempts.Load() != 2 {
		t.Errorf("%d parts joined over %d requests, want 1 over 2", folded.parts, attempts.Load())
	}
}

// A streamed body over the response size cap is refused as a whole one
// is, announced or not, and is not retried.
func TestStreamedBodyOverTheCapIsRefused(t *testing.T) {
	t.Parallel()
	body := `{"ok":true,"records":[` + streamedRecords(0, 1000) + `]}`
	for name, announce := range map[string]bool{"announced": true, "chunked": false} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			u, attempts := streamedServer(t, func(w http.ResponseWriter, _ int) {
				if announce {
					w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				}
				fmt.Fprint(w, body)
			})
			api := New(Settings{MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, MaxResponseBytes: 4 << 10}).API(Vendor{Name: "Test"})
			want := readWhole(t, api, u)
			var tooLarge *TooLargeError
			if !errors.As(want, &tooLarge) {
				t.Fatalf("whole: %v, want the size cap's error", want)
			}
			attempts.Store(0)
			var folded foldedRecords
			err := readStreamed(t, api, u, &folded)
			if err == nil || err.Error() != want.Error() {
				t.Fatalf("streamed: %v\nwant the whole answer's error: %v", err, want)
			}
			if folded.parts != 0 || attempts.Load() != 1 {
				t.Errorf("%d parts joined over %d requests, want none over 1", folded.parts, attempts.Load())
			}
		})
	}
}

// request_timeout counts the time an attempt waits for the vendor, not the
// time the provider spends decoding a streamed body: a fold slower than
// the timeout reads the answer in one request, and a body that stalls is
// retried, and then fails, as a whole body that stalls does.
func TestStreamedTimeoutCountsTheVendorsTime(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	api := func() *API {
		return New(Settings{MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, RequestTimeout: timeout}).API(Vendor{Name: "Test"})
	}
	t.Run("a slow fold", func(t *testing.T) {
		t.Parallel()
		body := `{"ok":true,"records":[` + streamedRecords(0, 2000) + `]}`
		u, attempts := streamedServer(t, func(w http.ResponseWriter, _ int) { fmt.Fprint(w, body) })
		var folded foldedRecords
		slow := foldIDs(&folded, func() { time.Sleep(time.Millisecond) }) // 2 s in all
		page, err := Streamed(t.Context(), api(), Request{Method: http.MethodGet, URL: u}, decodeStreamed(slow))
		if err == nil {
			err = Sink[streamedRecord]{}.TakePage(page)
		}
		if err != nil {
			t.Fatal(err)
		}
		wantRecords(t, folded.sorted(), 2000)
		if attempts.Load() != 1 {
			t.Errorf("%d requests, want 1", attempts.Load())
		}
	})
	t.Run("a body that stalls", func(t *testing.T) {
		t.Parallel()
		u, attempts := streamedServer(t, func(w http.ResponseWriter, _ int) {
			fmt.Fprint(w, `{"ok":true,"records":[`+streamedRecords(0, 10))
			if err := http.NewResponseController(w).Flush(); err != nil {
				t.Error(err)
			}
			time.Sleep(3 * timeout)
		})
		whole := readWhole(t, api(), u)
		attempts.Store(0)
		var folded foldedRecords
		err := readStreamed(t, api(), u, &folded)
		if whole == nil || err == nil || err.Error() != whole.Error() || !strings.Contains(err.Error(), "it stalled, and did not end within request_timeout (300ms)") {
			t.Fatalf("streamed: %v\nwant the whole read's: %v", err, whole)
		}
		if folded.parts != 0 || attempts.Load() != 2 {
			t.Errorf("%d parts joined over %d requests, want none over 2", folded.parts, attempts.Load())
		}
	})
}

// With a cache directory that keeps answers, a single answer is read whole
// and kept, and the next read takes it from there.
func TestStreamedAnswersAreKeptInACacheDirectory(t *testing.T) {
	t.Parallel()
	body := `{"ok":true,"records":[` + streamedRecords(0, 20) + `]}`
	u, attempts := streamedServer(t, func(w http.ResponseWriter, _ int) { fmt.Fprint(w, body) })
	dir, err := cachedir.Open(t.Context(), t.TempDir(), time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir, MaxRetries: 0}).API(Vendor{Name: "Test"})
	for read := range 2 {
		var folded foldedRecords
		if err := readStreamed(t, api, u, &folded); err != nil {
			t.Fatal(err)
		}
		wantRecords(t, folded.sorted(), 20)
		if attempts.Load() != 1 {
			t.Fatalf("read %d: %d requests, want the one of the first read", read+1, attempts.Load())
		}
	}
}

// A body that breaks off and is asked for again has its records' keys
// noted twice, once an attempt: the keys the broken attempt noted are not
// read twice, and a key of an earlier page still is.
func TestStreamedBodyThatBreaksOffNotesItsKeysOnce(t *testing.T) {
	t.Parallel()
	// Enough records that the broken attempt notes some (PageKeys notes
	// them keysAtOnce at a time).
	body := `{"ok":true,"records":[` + streamedRecords(0, 10*keysAtOnce) + `]}`
	u, attempts := streamedServer(t, breaksOffOnce(body))
	api := testAPI(1, Vendor{Name: "Test"})
	ids := &RecordIDs{Vendor: "Test"}
	defer ids.Release()
	read := func(number int) (Page[streamedRecord], error) {
		var folded foldedRecords
		return Streamed(t.Context(), api, Request{Method: http.MethodGet, URL: u}, decodeStreamedNoting(foldIDs(&folded, nil), ids.PageKeys(number)))
	}
	page, err := read(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := page.Repeated(); err != nil || attempts.Load() != 2 {
		t.Fatalf("page 1, read in %d requests: %v; want no record read twice, in 2", attempts.Load(), err)
	}
	page, err = read(2)
	if err != nil {
		t.Fatal(err)
	}
	if want := `record id "key-0" is on page 1 and again on page 2`; page.Repeated() == nil || !strings.Contains(page.Repeated().Error(), want) {
		t.Errorf("page 2, the same records: %v; want %q", page.Repeated(), want)
	}
}

// A body that starts with a byte order mark, which RFC 8259 lets a reader
// ignore, is read as the JSON after it: whole, and as it arrives (in one
// request, the mark arriving a byte at a time).
func TestABodyThatStartsWithAByteOrderMarkIsRead(t *testing.T) {
	t.Parallel()
	const bom = "\xef\xbb\xbf"
	body := `{"records":[` + streamedRecords(0, 3) + `],"ok":true}`
	u, attempts := streamedServer(t, func(w http.ResponseWriter, _ int) {
		for _, c := range []byte(bom) {
			_, _ = w.Write([]byte{c})
			_ = http.NewResponseController(w).Flush()
		}
		fmt.Fprint(w, body)
	})
	api := testAPI(1, Vendor{Name: "Test"})
	if err := readWhole(t, api, u); err != nil {
		t.Errorf("whole: %v", err)
	}
	var folded foldedRecords
	if err := readStreamed(t, api, u, &folded); err != nil {
		t.Errorf("as it arrives: %v", err)
	}
	wantRecords(t, folded.sorted(), 3)
	if n := attempts.Load(); n != 2 {
		t.Errorf("%d requests for two reads; want 2", n)
	}
}

// A refused answer that starts with a byte order mark fails as the whole
// answer fails, the mark left out of the copy kept as it arrived.
func TestARefusedBodyThatStartsWithAByteOrderMarkIsReadWithout(t *testing.T) {
	t.Parallel()
	u, _ := streamedServer(t, func(w http.ResponseWriter, _ int) {
		fmt.Fprint(w, "\xef\xbb\xbf"+`{"records":[],"ok":false}`)
	})
	api := testAPI(1, Vendor{Name: "Test"})
	var folded foldedRecords
	err := readStreamed(t, api, u, &folded)
	if want := "ok is not true"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("as it arrives: %v; want the whole answer's error, %q", err, want)
	}
}
