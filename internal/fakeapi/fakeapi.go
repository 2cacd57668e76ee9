// Package fakeapi serves local fakes of the vendor APIs, faithful to what
// the vendors document (quirks included), for the acceptance tests and the
// demo. One Server serves every vendor on one loopback port, each under its
// own paths, with its own credentials and data.
//
// Tests script faults per vendor: queued replies (a 429, an HTML 502 page,
// a truncated body) are served, one per request, before normal handling
// resumes. Every request is recorded so tests can assert what was sent.
package fakeapi

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
)

// Server is a running fake of every vendor API.
type Server struct {
	*httptest.Server
	TrueWatch *TrueWatch
	Virtuozzo *Virtuozzo
	Ocamba    *Ocamba
	Talkdesk  *Talkdesk
}

// BytesServed is the bytes of the bodies every vendor's fake has sent.
func (s *Server) BytesServed() int64 {
	return s.TrueWatch.BytesServed() + s.Virtuozzo.BytesServed() + s.Ocamba.BytesServed() + s.Talkdesk.BytesServed()
}

// Start starts a fake of every vendor API on a loopback port, with the
// default credentials and data. Close it when done.
func Start() *Server {
	s := &Server{TrueWatch: NewTrueWatch(), Virtuozzo: NewVirtuozzo(), Ocamba: NewOcamba(), Talkdesk: NewTalkdesk()}
	mux := http.NewServeMux()
	s.TrueWatch.register(mux)
	s.Virtuozzo.register(mux)
	s.Ocamba.register(mux)
	s.Talkdesk.register(mux)
	s.Server = httptest.NewServer(mux)
	return s
}

// Env is the environment that points the provider at this server: every
// vendor's endpoint and the credentials the fakes accept, as NAME=value
// entries for a CLI's environment (the provider reads them as the defaults
// of its settings).
func (s *Server) Env() []string {
	return []string{
		"TRUEWATCH_API_KEY=" + TrueWatchAPIKey,
		"TRUEWATCH_ENDPOINT=" + s.URL,
		"VIRTUOZZO_API_URL=" + s.URL,
		"VIRTUOZZO_TOKEN=" + VirtuozzoToken,
		"OCAMBA_ENDPOINT=" + s.URL,
		"OCAMBA_TOKEN=" + OcambaToken,
		"TALKDESK_ENDPOINT=" + s.URL,
		"TALKDESK_TOKEN_URL=" + s.URL + TalkdeskTokenPath,
		"TALKDESK_CLIENT_ID=" + TalkdeskClientID,
		"TALKDESK_CLIENT_SECRET=" + TalkdeskClientSecret,
	}
}

// Reply is a canned response.
type Reply struct {
	Status int
	Header http.Header
	Body   string
	// Delay holds the reply back (a slow server), unless the client gives up.
	Delay time.Duration
}

// Recorded is what the fake received in one request.
type Recorded struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Form   url.Values
}

// script holds what is common to every vendor fake: queued faults, the
// record of requests, added latency, and a count of requests in flight.
type script struct {
	mu          sync.Mutex
	queued      []Reply
	received    []Recorded
	rows        []json.RawMessage
	latency     time.Duration
	inFlight    int
	maxInFlight int
	bytesServed atomic.Int64
	traces      int // trace ids handed out
}

// nextTraceID is a new trace id, numbered after prefix, as a vendor that
// traces each request hands one out.
func (s *script) nextTraceID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.traces++
	return fmt.Sprintf("%s-%04d", prefix, s.traces)
}

// pageOf is page number page (from 1) of records, size records a page:
// empty past the last.
func pageOf[T any](records []T, page, size int) []T {
	if from := (page - 1) * size; from < len(records) {
		return records[from:min(from+size, len(records))]
	}
	return []T{}
}

// handle wraps a vendor's handler with what every fake does first: count
// the request in flight until its answer starts, record it, wait out the
// latency, and serve a queued reply if there is one.
func (s *script) handle(next func(w http.ResponseWriter, r *http.Request, inFlight int)) http.HandlerFunc {
	return s.handleWith(true, next)
}

// handleUnqueued is handle for an endpoint that queued replies are not
// meant for (a token endpoint beside the API): it never serves them.
func (s *script) handleUnqueued(next func(w http.ResponseWriter, r *http.Request, inFlight int)) http.HandlerFunc {
	return s.handleWith(false, next)
}

func (s *script) handleWith(queued bool, next func(w http.ResponseWriter, r *http.Request, inFlight int)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		inFlight := s.enter()
		aw := &answerWriter{ResponseWriter: w, answered: s.leave, served: &s.bytesServed}
		defer aw.answer()
		if s.record(aw, r, queued) {
			return
		}
		next(aw, r, inFlight)
	}
}

// SetLatency delays every answer by d (a distant server), unless the
// client gives up first.
func (s *script) SetLatency(d time.Duration) { locked(s, &s.latency, d) }

// MaxInFlight is the most requests the fake has had in flight at once (a
// request leaves when its answer starts).
func (s *script) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// BytesServed is how many body bytes the fake has sent (before any
// compression by the server, which the fakes do not do).
func (s *script) BytesServed() int64 { return s.bytesServed.Load() }

func (s *script) enter() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	return s.inFlight
}

func (s *script) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
}

// answerWriter reports when the answer starts: a client that sends its
// next request as soon as it has this answer must not find this one still
// counted in flight.
type answerWriter struct {
	http.ResponseWriter
	once     sync.Once
	answered func()
	served   *atomic.Int64
}

func (w *answerWriter) answer() { w.once.Do(w.answered) }

func (w *answerWriter) WriteHeader(status int) {
	w.answer()
	w.ResponseWriter.WriteHeader(status)
}

func (w *answerWriter) Write(b []byte) (int, error) {
	w.answer()
	n, err := w.ResponseWriter.Write(b)
	w.served.Add(int64(n))
	return n, err
}

// SetRows replaces the rows the fake serves; each is one JSON object, sent
// as written (quirks included).
func (s *script) SetRows(rows ...string) { locked(s, &s.rows, raw(rows...)) }

// rowsBetween returns the rows whose string field, read with fieldLayout,
// lies in [startParam, endParam], both read with paramLayout as the
// request writes them, and every row whose field the fake cannot read.
// Never nil, so it encodes as []; false when either end does not parse.
func (s *script) rowsBetween(field, fieldLayout, paramLayout, startParam, endParam string) ([]json.RawMessage, bool) {
	start, errStart := time.Parse(paramLayout, startParam)
	end, errEnd := time.Parse(paramLayout, endParam)
	if errStart != nil || errEnd != nil {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []json.RawMessage{}
	for _, row := range s.rows {
		var fields map[string]json.RawMessage
		var text string
		if json.Unmarshal(row, &fields) == nil && json.Unmarshal(fields[field], &text) == nil {
			if t, err := time.Parse(fieldLayout, text); err == nil && (t.Before(start) || t.After(end)) {
				continue
			}
		}
		out = append(out, row)
	}
	return out, true
}

func raw(rows ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(rows))
	for i, r := range rows {
		out[i] = json.RawMessage(r)
	}
	return out
}

// locked sets *field to value under s's lock, as each setter of a fake
// does: the fake's handlers read its settings under the same lock. value
// is made before the lock is taken, so it must not read the fake's state.
func locked[T any](s *script, field *T, value T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*field = value
}

// Enqueue queues replies served, in order, one per request, before the fake
// answers normally again. It appends to the queue the handlers take from,
// so it reads the queue under the lock too, which locked would not.
func (s *script) Enqueue(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queued = append(s.queued, replies...)
}

// Requests returns a copy of every request received so far.
func (s *script) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.received...)
}

// record notes the request and waits out the latency; when a reply is
// queued, it serves it and reports true. It also reports true when the
// client has gone.
func (s *script) record(w http.ResponseWriter, r *http.Request, useQueue bool) bool {
	_ = r.ParseForm()
	s.mu.Lock()
	s.received = append(s.received, Recorded{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Form:   r.PostForm,
	})
	latency := s.latency
	var reply *Reply
	if useQueue && len(s.queued) > 0 {
		reply = &s.queued[0]
		s.queued = s.queued[1:]
		latency += reply.Delay
	}
	s.mu.Unlock()
	select {
	case <-time.After(latency):
	case <-r.Context().Done():
		return true
	}
	if reply != nil {
		writeReply(w, *reply)
	}
	return reply != nil
}

func writeReply(w http.ResponseWriter, reply Reply) {
	for name, values := range reply.Header {
		w.Header()[name] = values
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(reply.Status)
	_, _ = w.Write([]byte(reply.Body))
}

// HTMLBadGateway is the page a proxy in front of an API serves when the API
// is down: not JSON at all.
var HTMLBadGateway = Reply{
	Status: http.StatusBadGateway,
	Header: http.Header{"Content-Type": {"text/html"}},
	Body:   "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
}

// sortKey is one key of a sort: a record field, ascending or descending.
type sortKey struct {
	field string
	desc  bool
}

// sortRecords sorts records by each key in turn, stably (equal records keep
// their order): numbers, and numeric strings, by value, anything else as
// text, absent values first.
func sortRecords[T any](records []T, keys []sortKey, value func(record T, field string) json.RawMessage) {
	slices.SortStableFunc(records, func(a, b T) int {
		for _, key := range keys {
			c := compareJSON(value(a, key.field), value(b, key.field))
			if key.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func compareJSON(a, b json.RawMessage) int {
	if len(a) == 0 || len(b) == 0 {
		return cmp.Compare(len(a), len(b))
	}
	textA, textB := strings.Trim(string(a), `"`), strings.Trim(string(b), `"`)
	da, errA := decimal.NewFromString(textA)
	db, errB := decimal.NewFromString(textB)
	if errA == nil && errB == nil {
		return da.Cmp(db)
	}
	return strings.Compare(textA, textB)
}
