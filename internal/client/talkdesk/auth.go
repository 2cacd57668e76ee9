package talkdesk

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// getWithToken reads u with a bearer token for scope and decodes the
// answer, fetched by fetch (client.Decoded, or client.Folded's choice);
// after a 401 it fetches a new token and tries once more. The token is
// fetched when the request is sent: not for an answer the cache directory
// holds.
func getWithToken[T any](ctx context.Context, c *Client, u *url.URL, scope string, fetch client.FetchFunc[T], decode func(*client.Response) (T, error)) (T, error) {
	tokens := c.tokens.forScope(scope)
	for retried := false; ; retried = true {
		var token string
		rejected := false
		out, err := fetch(ctx, c.api, client.Request{
			Method: http.MethodGet,
			URL:    u,
			Authorize: func(ctx context.Context, header http.Header) error {
				var err error
				if token, err = tokens.Token(ctx); err != nil {
					return withScopeHint(err, scope)
				}
				header.Set("Authorization", "Bearer "+token)
				return nil
			},
		}, func(resp *client.Response) (T, error) {
			if resp.Status == http.StatusUnauthorized && !retried && tokens.Rejected(token) {
				rejected = true
				var zero T
				return zero, errTokenRejected
			}
			return decode(resp)
		})
		if !rejected {
			return out, err
		}
	}
}

// errTokenRejected ends an answer of 401 to a token that is then fetched
// anew; it never reaches a user.
var errTokenRejected = errors.New("the access token was rejected")
