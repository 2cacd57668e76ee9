package client_test

import (
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
)

// Every vendor's answer that names a field twice, so or but for case, is
// refused wherever the field is: encoding/json would take the last value,
// and rows, a count or a code given again would be read as that. A name
// of no field given twice is not the provider's to judge.
func TestAnAnswerNamingAFieldTwiceIsRefused(t *testing.T) {
	decoders := map[string]func([]byte) error{
		"TrueWatch details": func(b []byte) error { _, err := truewatch.DecodeDetails(answer(b)); return err },
		"TrueWatch balance": func(b []byte) error { _, err := truewatch.DecodeBalance(answer(b)); return err },
		"Virtuozzo history": func(b []byte) error { _, err := virtuozzo.DecodeHistory(answer(b)); return err },
		"Virtuozzo account": func(b []byte) error { _, err := virtuozzo.DecodeAccount(answer(b)); return err },
		"Ocamba usage":      func(b []byte) error { _, err := ocamba.DecodeUsagePage(answer(b)); return err },
		"Ocamba invoices":   func(b []byte) error { _, err := ocamba.DecodeInvoicesPage(answer(b)); return err },
		"Talkdesk usage":    func(b []byte) error { _, err := talkdesk.DecodeUsagePage(answer(b)); return err },
	}
	const twRow, vzRow = `{"billingResult":100}`, `{"cost":1,"type":"node"}`
	const ocRecord, tdRecord = `{"id":"1","currency_code":"USD","items":[{"amount":1}]}`, `{"id":"u-1","account_id":"a","currency":"USD","total_amount":1000}`
	for _, c := range []struct{ decoder, body string }{
		{"TrueWatch details", `{"code":200,"success":true,"traceId":"t","content":[` + twRow + `],"content":null}`},
		{"TrueWatch details", `{"code":200,"success":true,"traceId":"t","content":null,"content":[]}`},
		{"TrueWatch details", `{"code":401,"code":200,"success":true,"traceId":"t","content":[]}`},
		{"TrueWatch details", `{"code":200,"success":false,"Success":true,"traceId":"t","content":[]}`},
		{"TrueWatch details", `{"code":200,"success":true,"traceId":"t","content":[` + twRow + `],"pageInfo":{"totalCount":2,"totalCount":1}}`},
		{"TrueWatch balance", `{"code":200,"success":true,"traceId":"t","content":{"cashBalance":5000},"content":{"cashBalance":0}}`},
		{"Virtuozzo history", `{"result":702,"result":0,"array":[]}`},
		{"Virtuozzo history", `{"result":0,"array":[` + vzRow + `],"Array":null}`},
		{"Virtuozzo account", `{"result":0,"uid":1,"balance":5,"balance":0}`},
		{"Ocamba usage", `{"total":5,"total":1,"items":[` + ocRecord + `]}`},
		{"Ocamba usage", `{"total":5,"Total":1,"items":[` + ocRecord + `]}`},
		{"Ocamba usage", `{"total":0,"items":null,"items":[]}`},
		{"Ocamba invoices", `{"total":1,"items":[{"id":"1","amount":5,"AMOUNT":0}]}`},
		{"Talkdesk usage", `{"_embedded":{"usage":[` + tdRecord + `]},"_embedded":null,"_links":{}}`},
		{"Talkdesk usage", `{"_embedded":{"usage":[` + tdRecord + `]},"total":5,"total":1,"_links":{}}`},
		{"Talkdesk usage", `{"_embedded":{"usage":[` + tdRecord + `]},"_links":{"next":{"href":"/p2"},"next":null}}`},
		{"Talkdesk usage", `{"_embedded":{"usage":[` + tdRecord + `]},"_links":{"next":{"href":"/p2","href":""}}}`},
	} {
		err := decoders[c.decoder]([]byte(c.body))
		if err == nil || !strings.Contains(err.Error(), "duplicate object member name") {
			t.Errorf("%s, %s: %v; want a name given twice refused", c.decoder, c.body, err)
		}
	}
	for _, c := range []struct{ decoder, body string }{
		{"TrueWatch details", `{"code":200,"success":true,"traceId":"t","content":[` + twRow + `],"declaration":1,"declaration":2}`},
		{"Ocamba usage", `{"total":1,"items":[` + ocRecord + `],"meta":{},"META":[]}`},
	} {
		if err := decoders[c.decoder]([]byte(c.body)); err != nil {
			t.Errorf("%s, %s: %v; a name of no field given twice is not refused", c.decoder, c.body, err)
		}
	}
}

func answer(body []byte) *client.Response {
	return clienttest.Response("Test", "GET", "/x", 200, body)
}
