package client

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Secrets are the credentials the provider holds or has fetched: the
// configured keys, tokens and client secrets, and what it derives from them
// at run time (an OAuth 2.0 access token, an HTTP Basic value). Every error
// message and log line is masked with all of them, in every spelling the
// provider sends them in, because a vendor that echoes a request echoes it
// in that spelling.
type Secrets struct {
	mu     sync.RWMutex
	values []string // longest first, so a secret inside another is masked whole
}

// Add registers credentials, each with its form- and query-encoded
// spelling. Blank values are ignored.
func (s *Secrets) Add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			continue
		}
		for _, spelling := range spellings(v) {
			if !slices.Contains(s.values, spelling) {
				s.values = append(s.values, spelling)
			}
		}
	}
	slices.SortFunc(s.values, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
}

// spellings are the ways a credential may come back in an echo: as sent,
// form- or query-encoded, and JSON-escaped (Go escapes <, > and &; PHP
// escapes /).
func spellings(v string) []string {
	quoted, _ := json.Marshal(v)
	return []string{
		v, url.QueryEscape(v), url.PathEscape(v),
		strings.Trim(string(quoted), `"`), strings.ReplaceAll(v, "/", `\/`),
	}
}

// AddBasic registers the HTTP Basic credentials id and secret as an OAuth
// 2.0 client sends them (RFC 6749 2.3.1: each form-encoded, then base64),
// and as a plain Basic client would.
func (s *Secrets) AddBasic(id, secret string) {
	s.Add(secret,
		base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret))),
		base64.StdEncoding.EncodeToString([]byte(id+":"+secret)))
}

// Mask replaces every registered credential in text. A nil *Secrets masks
// nothing.
func (s *Secrets) Mask(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, secret := range s.values {
		text = strings.ReplaceAll(text, secret, Redacted)
	}
	return text
}

// AppearIn reports whether any registered credential, in any of its
// spellings, appears in data.
func (s *Secrets) AppearIn(data []byte) bool {
	if s == nil {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, secret := range s.values {
		if bytes.Contains(data, []byte(secret)) {
			return true
		}
	}
	return false
}

// List is every registered spelling, for tflog's masking.
func (s *Secrets) List() []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.values)
}
