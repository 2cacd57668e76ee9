package talkdesk

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// unauthorizedHint is the hint on a 401 from an endpoint that needs scope.
func unauthorizedHint(scope string) string {
	return "Talkdesk refused the access token. Check talkdesk.access_token (or TALKDESK_ACCESS_TOKEN), " +
		"or the client credentials, and the scope " + scope + "."
}

// forbiddenScopeHint is the hint on a 403 from an endpoint without filters
// of its own, where the likely cause is a token without its scope.
func forbiddenScopeHint(scope string) string {
	return "The access token may lack the scope " + scope + ": give the OAuth client that scope, and list it in " +
		"talkdesk.scopes (or TALKDESK_SCOPES) when that is set, or leave talkdesk.scopes unset so that each data source " +
		"asks for its own scope."
}

type errorBody struct {
	Code        tolerant.String `json:"code"`
	Message     tolerant.String `json:"message"`
	Description tolerant.String `json:"description"`
	Fields      []struct {
		Name        tolerant.String `json:"name"`
		Description tolerant.String `json:"description"`
	} `json:"fields"`
}

// apiError turns an error body ({code, message, description, fields}), or
// any other body, into an error; its hint names the scope the endpoint
// needs.
func apiError(resp *client.Response, scope, forbidden string) error {
	var body errorBody
	if json.Unmarshal(resp.Body, &body) != nil {
		return resp.Error("", "", "")
	}
	parts := []string{body.Message.Text()}
	if d := body.Description.Text(); d != "" && d != parts[0] {
		parts = append(parts, d)
	}
	for _, f := range body.Fields {
		parts = append(parts, fmt.Sprintf("%s: %s", f.Name.Text(), f.Description.Text()))
	}
	err := resp.Error(body.Code.Text(), strings.Trim(strings.Join(parts, "; "), "; "), "")
	switch resp.Status {
	case http.StatusUnauthorized:
		err.Hint = unauthorizedHint(scope)
	case http.StatusForbidden:
		err.Hint = forbidden
	}
	return err
}
