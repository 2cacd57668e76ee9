package truewatch_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
)

// Every Open API answer carries success: a body without it (or with it
// null) is not a TrueWatch envelope, however much it looks like a balance
// or a list of rows, and the read fails saying what was expected.
func TestEnvelopeWithoutSuccessFails(t *testing.T) {
	const (
		envelope     = "a TrueWatch Open API envelope ({code, content, errorCode, message, success, traceId})"
		noSuccess    = "Problem: field success is missing or null"
		summary      = "Unexpected response from TrueWatch"
		balanceStart = "TrueWatch answered GET /api/v1/billing/balance/get (HTTP 200) with a body that is not " + envelope +
			" with content as an object of balances ({cashBalance, couponBalance, storedCardBalance})."
		detailsStart = "TrueWatch answered GET /api/v1/billing/detail/list (HTTP 200) with a body that is not " + envelope +
			" with content as an array of billing rows."
	)
	cases := []struct {
		path, body, start string
		decode            func(*client.Response) error
	}{
		{truewatch.BalancePath, `{"content":{"cashBalance":1}}`, balanceStart, decodeBalance},
		{truewatch.BalancePath, `{"code":200,"content":{"cashBalance":1},"errorCode":"","message":"","traceId":"t"}`, balanceStart, decodeBalance},
		{truewatch.BalancePath, `{"code":200,"content":{"cashBalance":1},"success":null}`, balanceStart, decodeBalance},
		{truewatch.DetailsPath, `{"content":[{"billingResult":1}]}`, detailsStart, decodeDetails},
		{truewatch.DetailsPath, `{"code":200,"content":[],"errorCode":"","message":"","traceId":"t"}`, detailsStart, decodeDetails},
		{truewatch.DetailsPath, `{"code":200,"content":[],"success":null}`, detailsStart, decodeDetails},
	}
	for _, c := range cases {
		err := c.decode(clienttest.Response("TrueWatch", http.MethodGet, c.path, http.StatusOK, []byte(c.body)))
		if err == nil {
			t.Errorf("%s %s: read without an error", c.path, c.body)
			continue
		}
		gotSummary, detail := client.Diagnostic(err)
		if gotSummary != summary || !strings.HasPrefix(detail, c.start) || !strings.Contains(detail, noSuccess+"\n") ||
			!strings.Contains(detail, c.body) {
			t.Errorf("%s %s: diagnostic\n%s\n%s", c.path, c.body, gotSummary, detail)
		}
	}
}

// An error envelope is the vendor's error even without success: its code
// and message say more than the missing key.
func TestEnvelopeErrorCodeWithoutSuccessIsTheVendorsError(t *testing.T) {
	body := []byte(`{"code":403,"content":null,"errorCode":"ft.InvalidAPIKey","message":"bad key","traceId":"t-1"}`)
	for path, decode := range map[string]func(*client.Response) error{truewatch.BalancePath: decodeBalance, truewatch.DetailsPath: decodeDetails} {
		summary, detail := client.Diagnostic(decode(clienttest.Response("TrueWatch", http.MethodGet, path, http.StatusOK, body)))
		if summary != "TrueWatch API error" || !strings.Contains(detail, "Error code: ft.InvalidAPIKey\nMessage: bad key") {
			t.Errorf("%s: diagnostic\n%s\n%s", path, summary, detail)
		}
	}
}

func decodeBalance(resp *client.Response) error {
	_, err := truewatch.DecodeBalance(resp)
	return err
}

func decodeDetails(resp *client.Response) error {
	_, err := truewatch.DecodeDetails(resp)
	return err
}

// code mirrors the HTTP status, and only a number other than 200 is an
// error: a code that is no number says nothing, so it neither fails an
// answer nor hides the error code and message of an error envelope.
func TestEnvelopeCodeThatIsNoNumber(t *testing.T) {
	for _, body := range []string{
		`{"code":"OK","content":[{"billingResult":1}],"success":true,"traceId":"t"}`,
		`{"code":"200","content":[{"billingResult":1}],"success":true,"traceId":"t"}`,
		`{"code":null,"content":[{"billingResult":1}],"success":true,"traceId":"t"}`,
	} {
		if err := decodeDetails(clienttest.Response("TrueWatch", http.MethodGet, truewatch.DetailsPath, http.StatusOK, []byte(body))); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	body := []byte(`{"code":"forbidden","content":null,"errorCode":"ft.InvalidAPIKey","message":"bad key","success":false,"traceId":"t-1"}`)
	for _, status := range []int{http.StatusOK, http.StatusUnauthorized} {
		summary, detail := client.Diagnostic(decodeDetails(clienttest.Response("TrueWatch", http.MethodGet, truewatch.DetailsPath, status, body)))
		if summary != "TrueWatch API error" || !strings.Contains(detail, "Error code: ft.InvalidAPIKey\nMessage: bad key") {
			t.Errorf("HTTP %d: diagnostic\n%s\n%s", status, summary, detail)
		}
	}
}

// An error envelope is the vendor's error whatever its content holds (an
// object, "", the other endpoint's shape): its code, message and trace id
// are shown, never hidden behind a complaint about content.
func TestAnErrorEnvelopeIsTheVendorsErrorWhateverItsContent(t *testing.T) {
	for _, content := range []string{`{}`, `""`, `[]`, `{"cashBalance":1}`, `7`} {
		body := []byte(`{"code":403,"content":` + content + `,"errorCode":"ft.InvalidAPIKey","message":"The API key is invalid.","success":false,"traceId":"tw-err-1"}`)
		for path, decode := range map[string]func(*client.Response) error{truewatch.BalancePath: decodeBalance, truewatch.DetailsPath: decodeDetails} {
			summary, detail := client.Diagnostic(decode(clienttest.Response("TrueWatch", http.MethodGet, path, http.StatusOK, body)))
			if summary != "TrueWatch API error" || !strings.Contains(detail, "Error code: ft.InvalidAPIKey\nMessage: The API key is invalid.\nTrace id: tw-err-1") {
				t.Errorf("%s, content %s: diagnostic\n%s\n%s", path, content, summary, detail)
			}
		}
	}
}
