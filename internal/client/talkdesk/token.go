package talkdesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// Regions are the Talkdesk regions, each with its API host and the domain
// of its token hosts.
var Regions = map[string]struct{ APIHost, IdentityDomain string }{
	"us": {"https://api.talkdeskapp.com", "talkdeskid.com"},
	"eu": {"https://api.talkdeskapp.eu", "talkdeskid.eu"},
	"ca": {"https://api.talkdeskappca.com", "talkdeskidca.com"},
}

// tokenVendor names the token endpoint in messages.
const tokenVendor = "Talkdesk token endpoint"

// tokenPath is where a Talkdesk identity host issues tokens.
const tokenPath = "/oauth/token" //nolint:gosec // a path, not a credential

// accountName is what may stand in https://<account>.talkdeskid.com.
var accountName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// TokenURL is the token endpoint of account in region.
func TokenURL(account, region string) (*url.URL, error) {
	r, ok := Regions[region]
	if !ok {
		return nil, fmt.Errorf("%q is not a Talkdesk region", region)
	}
	if !accountName.MatchString(account) {
		return nil, fmt.Errorf("%q is not a Talkdesk account name (letters, digits and hyphens, as in https://<account>.%s)", account, r.IdentityDomain)
	}
	return &url.URL{Scheme: "https", Host: account + "." + r.IdentityDomain, Path: tokenPath}, nil
}

// WithTokenPath completes a token URL given as a bare host
// (https://acme.talkdeskid.com) with /oauth/token.
func WithTokenPath(u *url.URL) *url.URL {
	if u.Path == "" || u.Path == "/" {
		u = u.JoinPath(tokenPath)
	}
	return u
}

// tokenSource hands out the bearer token for API requests.
type tokenSource interface {
	// Token returns a token that is valid now.
	Token(ctx context.Context) (string, error)
	// Rejected reports that the API refused token with 401. It reports
	// whether a new token may help (it will be fetched on the next Token).
	Rejected(token string) bool
}

// tokenSources hands each endpoint the token source for its scope: the
// ready access token, or the one client-credentials token of the
// configured scopes, for every endpoint; else one client-credentials token
// per scope, shared by every data source that needs that scope, each
// created when it is first needed.
type tokenSources struct {
	shared tokenSource                    // set: serves every scope
	create func(scope string) tokenSource // otherwise

	mu      sync.Mutex // guards byScope; never held across a request
	byScope map[string]tokenSource
}

func newTokenSources(core *client.Core, sendTokens *http.Client, c Config) *tokenSources {
	if c.AccessToken != "" {
		return &tokenSources{shared: staticToken(c.AccessToken)}
	}
	create := func(scopes []string) tokenSource {
		return newClientCredentials(core, sendTokens, c.TokenURL, c.ClientID, c.ClientSecret, scopes, c.Now)
	}
	if len(c.Scopes) > 0 {
		return &tokenSources{shared: create(c.Scopes)}
	}
	return &tokenSources{
		create:  func(scope string) tokenSource { return create([]string{scope}) },
		byScope: map[string]tokenSource{},
	}
}

// forScope is the token source for requests that need scope.
func (t *tokenSources) forScope(scope string) tokenSource {
	if t.shared != nil {
		return t.shared
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	source, ok := t.byScope[scope]
	if !ok {
		source = t.create(scope)
		t.byScope[scope] = source
	}
	return source
}

// staticToken is a ready access token: it cannot be refreshed.
type staticToken string

func (t staticToken) Token(context.Context) (string, error) { return string(t), nil }

func (staticToken) Rejected(string) bool { return false }

// refreshMargin is how long before its expiry a token is replaced, so that
// it does not expire between being handed out and being checked: a quarter
// of its life, at most a minute (Talkdesk tokens live ten minutes).
func refreshMargin(lifetime time.Duration) time.Duration { return min(time.Minute, lifetime/4) }

// clientCredentials fetches tokens with the OAuth 2.0 client credentials
// grant (client id and secret as HTTP Basic) and caches one for the
// provider's life, replacing it before it expires and after a 401.
type clientCredentials struct {
	config   clientcredentials.Config
	http     *http.Client // the token endpoint's retries and logging
	tokenURL *url.URL
	now      func() time.Time // the clock expiry is read by; tests drive their own
	secrets  *client.Secrets  // where each fetched token is registered, to be masked

	// fetching is a one-slot semaphore held while a token is fetched, so
	// that concurrent callers share one fetch; unlike a mutex, a caller can
	// stop waiting for it when its context ends (Ctrl-C).
	fetching chan struct{}

	mu      sync.Mutex // guards the fields below; never held across a request
	token   *oauth2.Token
	renewAt time.Time
	// fetches counts the fetches made, and failed is the last one's error
	// (nil when it succeeded or its caller stopped): a caller that waited
	// through a failed fetch returns its error rather than fetching again.
	fetches int
	failed  error
}

// tokenHTTP is the HTTP client of the token endpoint: one per provider,
// whatever the scopes. Its requests are Talkdesk's, so they take slots of
// api's budget (the Talkdesk API's): the token host is Talkdesk's too.
func tokenHTTP(api *client.API) *http.Client {
	return api.Sharing(client.Vendor{Name: tokenVendor, IssuesCredentials: true}).HTTPClient()
}

// newClientCredentials returns the token cache of scopes, sending through
// tokenHTTP; now is the clock (the core's when nil).
func newClientCredentials(core *client.Core, tokenHTTP *http.Client, tokenURL *url.URL, clientID, clientSecret string, scopes []string, now func() time.Time) *clientCredentials {
	if now == nil {
		now = core.Clock().Now
	}
	// The secret travels inside an HTTP Basic value: a token endpoint that
	// echoes its request must not get either shown.
	core.Secrets().AddBasic(clientID, clientSecret)
	return &clientCredentials{
		secrets: core.Secrets(),
		config: clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			TokenURL:     tokenURL.String(),
			Scopes:       scopes,
			AuthStyle:    oauth2.AuthStyleInHeader,
		},
		http:     tokenHTTP,
		tokenURL: tokenURL,
		now:      now,
		fetching: make(chan struct{}, 1),
	}
}

// cached is the cached token while it is not due for renewal.
func (c *clientCredentials) cached() (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != nil && c.now().Before(c.renewAt) {
		return c.token.AccessToken, true
	}
	return "", false
}

// Token returns the cached token, or fetches one. Concurrent callers wait
// for one fetch rather than each making their own, and share its error when
// it fails (a token endpoint that is down would otherwise take each waiting
// data source's retries in turn); a caller whose context ends while it
// waits returns at once with the context's error.
func (c *clientCredentials) Token(ctx context.Context) (string, error) {
	if token, ok := c.cached(); ok {
		return token, nil
	}
	c.mu.Lock()
	seen := c.fetches
	c.mu.Unlock()
	select {
	case c.fetching <- struct{}{}:
		defer func() { <-c.fetching }()
	case <-ctx.Done():
		return "", fmt.Errorf("%s: stopped waiting for a token: %w", tokenVendor, ctx.Err())
	}
	if token, ok := c.cached(); ok { // fetched while this caller waited
		return token, nil
	}
	if err := c.failedSince(seen); err != nil {
		return "", err
	}
	fetchedAt := c.now()
	token, err := c.config.Token(context.WithValue(ctx, oauth2.HTTPClient, c.http))
	if err != nil {
		err = c.tokenError(err)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.fetches, c.failed = c.fetches+1, nil
		if ctx.Err() == nil { // not this caller's own stop, which is not the others'
			c.failed = ownCopy(err)
		}
		return "", err
	}
	c.secrets.Add(token.AccessToken, token.RefreshToken)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fetches, c.failed = c.fetches+1, nil
	c.token = token
	c.renewAt = fetchedAt.Add(time.Duration(1<<63 - 1)) // no expiry given: keep it until a 401
	if lifetime, ok := tokenLifetime(token); ok {
		// Counted from before the request, by the injected clock, so that the
		// token is renewed early rather than late.
		c.renewAt = fetchedAt.Add(lifetime - refreshMargin(lifetime))
	}
	return token.AccessToken, nil
}

// failedSince is the error of the last fetch, when it failed after the
// first seen fetches: one this caller waited through.
func (c *clientCredentials) failedSince(seen int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fetches > seen && c.failed != nil {
		return ownCopy(c.failed)
	}
	return nil
}

// ownCopy is err, or a copy of it that its caller may change (withScopeHint
// sets the hint of each caller's scope): callers that waited for one fetch
// share its error.
func ownCopy(err error) error {
	if refused, ok := err.(*client.APIError); ok { //nolint:errorlint // tokenError's own, never wrapped
		copied := *refused
		return &copied
	}
	return err
}

// tokenLifetime is how long a fresh token lives: expires_in as sent. (The
// oauth2 package turns it into an Expiry by the real clock, which an
// injected clock cannot be compared with, and its client credentials flow
// drops ExpiresIn; so it is read from the reply's raw fields.)
func tokenLifetime(token *oauth2.Token) (time.Duration, bool) {
	const longest = int64(100 * 365 * 24 * time.Hour / time.Second) // beyond it a Duration overflows soon
	seconds := token.ExpiresIn
	switch v := token.Extra("expires_in").(type) {
	case float64: // a JSON reply
		seconds = int64(min(v, float64(longest)))
	case string: // a form-encoded reply, or a quoted number
		seconds, _ = strconv.ParseInt(v, 10, 64)
	}
	switch {
	case seconds > 0:
		return time.Duration(min(seconds, longest)) * time.Second, true
	case !token.Expiry.IsZero():
		return time.Until(token.Expiry), true
	}
	return 0, false
}

// Rejected drops token if it is still the cached one, so the next Token
// fetches a fresh one.
func (c *clientCredentials) Rejected(token string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != nil && c.token.AccessToken == token {
		c.token = nil
	}
	return true
}

// tokenHint is the hint on a refused token request, naming the scope the
// request's endpoint needs.
func tokenHint(scope string) string {
	return "Check talkdesk.client_id and talkdesk.client_secret (or TALKDESK_CLIENT_ID and TALKDESK_CLIENT_SECRET), " +
		"and that the token URL belongs to your account (talkdesk.account and talkdesk.region, or talkdesk.token_url). " +
		"The OAuth client needs the scope " + scope + "."
}

// withScopeHint makes the hint of a refused token request name scope, the
// scope of the endpoint it was made for (a token of configured scopes is
// fetched for whichever endpoint needs it first).
func withScopeHint(err error, scope string) error {
	var refused *client.APIError
	if errors.As(err, &refused) && refused.Vendor == tokenVendor {
		refused.Hint = tokenHint(scope)
	}
	return err
}

// tokenError explains a failed token request without its credentials.
func (c *clientCredentials) tokenError(err error) error {
	where := c.tokenURL.Host + c.tokenURL.Path
	var refused *oauth2.RetrieveError
	if !errors.As(err, &refused) {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err // it repeats the URL, shown separately
		}
		return &client.RequestError{Vendor: tokenVendor, Method: http.MethodPost, Path: where, Err: err}
	}
	status := 0
	if refused.Response != nil {
		status = refused.Response.StatusCode
	}
	message := refused.ErrorDescription
	if refused.ErrorCode == "" && message == "" {
		message = "the body was: " + client.Excerpt(refused.Body, 0, c.secrets)
	}
	return &client.APIError{
		Vendor: tokenVendor, Method: http.MethodPost, Path: where, HTTPStatus: status,
		Code: client.Said(refused.ErrorCode, c.secrets), Message: client.Said(message, c.secrets), Hint: tokenHint(strings.Join(c.config.Scopes, " ")),
	}
}
