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
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"
)

// Server is a running fake of every vendor API.
type Server struct {
	*httptest.Server
	TrueWatch *TrueWatch
	Virtuozzo *Virtuozzo
}

// Start starts a fake of every vendor API on a loopback port, with the
// default credentials and data. Close it when done.
func Start() *Server {
	s := &Server{TrueWatch: NewTrueWatch(), Virtuozzo: NewVirtuozzo()}
	mux := http.NewServeMux()
	s.TrueWatch.register(mux)
	s.Virtuozzo.register(mux)
	s.Server = httptest.NewServer(mux)
	return s
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

// script holds what is common to every vendor fake: queued faults and the
// record of requests.
type script struct {
	mu       sync.Mutex
	queued   []Reply
	received []Recorded
	rows     []json.RawMessage
}

// SetRows replaces the rows the fake serves; each is one JSON object, sent
// as written (quirks included).
func (s *script) SetRows(rows ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = raw(rows...)
}

// rowsWithin returns the rows whose string field, read with layout, lies in
// [start, end], and every row whose field the fake cannot read. Never nil,
// so it encodes as [].
func (s *script) rowsWithin(field, layout string, start, end time.Time) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []json.RawMessage{}
	for _, row := range s.rows {
		var fields map[string]json.RawMessage
		var text string
		if json.Unmarshal(row, &fields) == nil && json.Unmarshal(fields[field], &text) == nil {
			if t, err := time.Parse(layout, text); err == nil && (t.Before(start) || t.After(end)) {
				continue
			}
		}
		out = append(out, row)
	}
	return out
}

func raw(rows ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(rows))
	for i, r := range rows {
		out[i] = json.RawMessage(r)
	}
	return out
}

// Enqueue queues replies served, in order, one per request, before the fake
// answers normally again.
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

// record notes the request and, when a reply is queued, serves it and
// reports true.
func (s *script) record(w http.ResponseWriter, r *http.Request) bool {
	_ = r.ParseForm()
	s.mu.Lock()
	s.received = append(s.received, Recorded{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Form:   r.PostForm,
	})
	if len(s.queued) == 0 {
		s.mu.Unlock()
		return false
	}
	reply := s.queued[0]
	s.queued = s.queued[1:]
	s.mu.Unlock()
	select {
	case <-time.After(reply.Delay):
		writeReply(w, reply)
	case <-r.Context().Done():
	}
	return true
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
