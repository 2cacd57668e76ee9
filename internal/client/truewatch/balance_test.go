package truewatch_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

func balanceBody(content string) []byte {
	return []byte(`{"code":200,"content":` + content + `,"errorCode":"","message":"","success":true,"traceId":"tw-7"}`)
}

// Amounts are exact whether sent as numbers or numeric strings; "None",
// null and a left-out field are null; the declaration object is ignored.
func TestDecodeBalance(t *testing.T) {
	cases := map[string]struct {
		content                  string
		cash, coupon, storedCard string
	}{
		"documented example": {`{"cashBalance":9997322516.42,"couponBalance":0.0,"storedCardBalance":0.0,"declaration":{"a":[1]}}`, "9997322516.42", "0", "0"},
		"numeric strings":    {`{"cashBalance":"86.40","couponBalance":" 15 ","storedCardBalance":"1e2"}`, "86.4", "15", "100"},
		"no values":          {`{"cashBalance":"None","couponBalance":null}`, "null", "null", "null"},
		"keys in any case":   {`{"CASHBALANCE":1}`, "1", "null", "null"},
	}
	for name, c := range cases {
		resp := clienttest.Response("TrueWatch", http.MethodGet, truewatch.BalancePath, http.StatusOK, balanceBody(c.content))
		got, err := truewatch.DecodeBalance(resp)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, check := range []struct {
			field string
			value tolerant.Number
			want  string
		}{{"cash", got.Cash, c.cash}, {"coupon", got.Coupon, c.coupon}, {"stored card", got.StoredCard, c.storedCard}} {
			if check.value.String() != check.want {
				t.Errorf("%s: %s balance %s, want %s", name, check.field, check.value, check.want)
			}
		}
		if got.TraceID.Text() != "tw-7" {
			t.Errorf("%s: trace id %q", name, got.TraceID.Text())
		}
	}
}

// A content with none of the balances (only the undocumented declaration)
// says nothing of the balance.
func TestDecodeBalanceRefusesContentWithoutBalances(t *testing.T) {
	for _, content := range []string{`{}`, `{"declaration":{"cashBalance":1}}`, `{"CashBalance ":1}`} {
		resp := clienttest.Response("TrueWatch", http.MethodGet, truewatch.BalancePath, http.StatusOK, balanceBody(content))
		_, err := truewatch.DecodeBalance(resp)
		if err == nil || !strings.Contains(err.Error(), "content has none of cashBalance, couponBalance, storedCardBalance") {
			t.Errorf("%s: error %v", content, err)
		}
	}
}

// FuzzDecodeBalance: never a panic; an error a user can act on; a success
// has a 2xx status and the amounts exactly as sent.
func FuzzDecodeBalance(f *testing.F) {
	clienttest.Seed(f, balanceBody(`{"cashBalance":86.4,"couponBalance":"15","storedCardBalance":"None"}`))
	clienttest.SeedHostile(f, string(balanceBody(`null`)), string(balanceBody(`[]`)), string(balanceBody(`{}`)),
		`{"content":{"cashBalance":1},"success":false}`, `{"content":{"cashBalance":{"v":1}}}`)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := clienttest.Response("TrueWatch", http.MethodGet, truewatch.BalancePath, status, body)
		balance, err := truewatch.DecodeBalance(resp)
		if err != nil {
			clienttest.CheckError(t, err)
			return
		}
		clienttest.CheckSuccess(t, resp)
		if balance == nil {
			t.Fatal("no error, but no balance either")
		}
	})
}
