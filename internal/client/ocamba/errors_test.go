package ocamba_test

import (
	"net/http"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
)

// An error body is quoted by its fields: the title before the message
// unless it says the same, the code and the trace id; a body that is not
// JSON is quoted as it came.
func TestErrorBodiesAsUsersSeeThem(t *testing.T) {
	const answered = "Ocamba answered GET " + ocamba.UsagePath + " with HTTP 400"
	cases := map[string]string{
		`{"code":"E42","title":"Bad Request","message":"page_size is too large","trace_id":"t-1"}`: answered +
			", error code E42: Bad Request: page_size is too large (trace id t-1)",
		`{"code":"E42","title":"page_size is too large","message":"Page_Size is too large"}`: answered +
			", error code E42: Page_Size is too large",
		`{"title":"Bad Request"}`: answered + ": Bad Request",
		`<h1>Bad Request</h1>`:    answered + ": the body was: <h1>Bad Request</h1>",
	}
	for body, want := range cases {
		_, err := ocamba.DecodeUsagePage(clienttest.Response("Ocamba", http.MethodGet, ocamba.UsagePath, http.StatusBadRequest, []byte(body)))
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v\nwant %s", body, err, want)
		}
	}
}
