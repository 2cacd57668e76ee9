package virtuozzo_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
)

func account(t *testing.T, body string) (*virtuozzo.Account, error) {
	t.Helper()
	return virtuozzo.DecodeAccount(clienttest.Response("Virtuozzo", http.MethodPost, virtuozzo.AccountPath, http.StatusOK, []byte(body)))
}

// Every form of status the platform's reference and public clients show is
// one of the four names; anything else is kept as sent.
func TestAccountStatus(t *testing.T) {
	cases := map[string]string{
		`"ACTIVE(1)"`: "ACTIVE", `"INACTIVE(2)"`: "INACTIVE", `"DESTROY(3)"`: "DESTROY", `"DELETED(4)"`: "DELETED",
		`1`: "ACTIVE", `2`: "INACTIVE", `3`: "DESTROY", `4`: "DELETED", `"1"`: "ACTIVE", `4.0`: "DELETED",
		`"DELETED"`: "DELETED", ` "ACTIVE(1)" `: "ACTIVE", `"  ACTIVE(1) "`: "ACTIVE",
		// A name with another status's number, or a number that is not
		// written as the reference writes it, is neither: kept as sent.
		`"ACTIVE(2)"`: "ACTIVE(2)", `"INACTIVE(1)"`: "INACTIVE(1)", `"DELETED(3)"`: "DELETED(3)", `"DESTROY(9)"`: "DESTROY(9)",
		`"ACTIVE(01)"`: "ACTIVE(01)", `"ACTIVE()"`: "ACTIVE()", `"ACTIVE( 1)"`: "ACTIVE( 1)",
		`7`: "7", `0`: "0", `-1`: "-1", `"WEIRD(9)"`: "WEIRD(9)", `"active(1)"`: "active(1)", `"ACTIVE(x)"`: "ACTIVE(x)",
		`"ACTIVE(1"`: "ACTIVE(1", `""`: "", `true`: "true", `18446744073709551617`: "18446744073709551617",
	}
	for status, want := range cases {
		got, err := account(t, `{"result":0,"uid":1,"status":`+status+`}`)
		if err != nil {
			t.Fatalf("%s: %v", status, err)
		}
		if v, ok := got.Status.Value(); !ok || v != want {
			t.Errorf("status %s read as %q (known %v), want %q", status, v, ok, want)
		}
	}
	got, err := account(t, `{"result":0,"uid":1,"status":null}`)
	if err != nil || !got.Status.IsNull() {
		t.Errorf("status null: %v, %+v", err, got)
	}
}

func TestAccountWrongTypesNameWhatWasExpected(t *testing.T) {
	cases := map[string]string{
		`{"result":0,"status":{"code":1}}`: `field status should be a status text such as "ACTIVE(1)", a status number or null, got object`,
		`{"result":0,"isEnabled":"yes"}`:   `field isEnabled should be true, false, "true", "false", 0, 1 or null, got string "yes"`,
		`{"result":0,"balance":"12 EUR"}`:  `field balance should be a number, a numeric string or null, got string "12 EUR"`,
		`{"result":0,"ipAddress":"x"}`:     `the response has none of the account's fields`,
	}
	for body, want := range cases {
		_, err := account(t, body)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %s", body, err, want)
		}
	}
}

// FuzzDecodeAccount: never a panic; an error a user can act on; a success
// has a 2xx status and an account with a field.
func FuzzDecodeAccount(f *testing.F) {
	clienttest.Seed(f, []byte(`{"result":0,"uid":4711,"status":"ACTIVE(1)","balance":"12.75","isEnabled":1}`),
		[]byte(`{"result":702,"error":"session [x] is invalid or expired","reason":702}`))
	clienttest.SeedHostile(f, `{"result":0}`, `{"result":0,"status":[]}`, `{"result":"0","uid":"1"}`, `{"result":0,"status":1e999999}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := clienttest.Response("Virtuozzo", http.MethodPost, virtuozzo.AccountPath, status, body)
		got, err := virtuozzo.DecodeAccount(resp)
		if err != nil {
			clienttest.CheckError(t, err)
			return
		}
		clienttest.CheckSuccess(t, resp)
		if got == nil || *got == (virtuozzo.Account{}) {
			t.Fatalf("no error, but no account either: %+v", got)
		}
	})
}
