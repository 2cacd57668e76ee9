package virtuozzo_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// FuzzDecodeHistory feeds DecodeHistory any status and body. It never
// panics; an error is one a user can act on; a success has a 2xx status,
// result 0, and exactly the rows of array, costs exact.
func FuzzDecodeHistory(f *testing.F) {
	clienttest.Seed(f,
		fakeapi.VirtuozzoPage(5), fakeapi.VirtuozzoPage(0),
		[]byte(fakeapi.VirtuozzoError(702, "session [x] is invalid or expired").Body),
		[]byte(fakeapi.VirtuozzoError(8202, "permission denied").Body),
	)
	clienttest.SeedHostile(f,
		`{"result":0,"array":[null]}`,
		`{"result":0}`,
		`{"array":[{"cost":5}]}`,
		`{"result":0,"array":null}`,
		`{"result":"0","array":[null,{},{"cost":"0.10","isPaid":"TRUE","nodeid":"101"}]}`,
		`{"result":0,"array":[{"cost":"None"}]}`,
		`{"result":0,"array":[{"isBonus":2}]}`,
		`{"result":0.5,"error":"half"}`,
		`{"result":"None","array":[]}`,
		`{"result":1e999999999,"array":[]}`,
		`{"result":0,"array":{"cost":1}}`,
		`{"result":0,"array":[{"cost":0.1}],"Array":[{"cost":0.2}],"RESULT":7}`,
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := clienttest.Response("Virtuozzo", http.MethodPost, virtuozzo.HistoryPath, status, body)
		rows, err := virtuozzo.DecodeHistory(resp)
		if err != nil {
			clienttest.CheckError(t, err)
			return
		}
		clienttest.CheckSuccess(t, resp)
		if rows == nil {
			t.Fatal("no error, but no rows either")
		}
		var sent struct {
			Result json.RawMessage `json:"result"`
			Array  []struct {
				Cost json.RawMessage `json:"cost"`
			} `json:"array"`
		}
		if err := json.Unmarshal(body, &sent); err != nil {
			t.Fatalf("decoded a body encoding/json refuses: %v", err)
		}
		var result tolerant.Number
		if err := json.Unmarshal(sent.Result, &result); err != nil {
			t.Fatalf("a result of %s was decoded as a success", sent.Result)
		}
		if d, ok := result.Decimal(); !ok || !d.IsZero() {
			t.Fatalf("a result of %s was decoded as a success", sent.Result)
		}
		if len(rows) != len(sent.Array) {
			t.Fatalf("%d rows decoded from an array of %d", len(rows), len(sent.Array))
		}
		for i, row := range rows {
			clienttest.CheckExact(t, sent.Array[i].Cost, row.Cost)
		}
	})
}
