package talkdeskinvoices

import (
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Terraform holds the ids of account_ids in Unicode normal form C: a line
// whose account id the API writes in another form ("e" and a combining
// accent for "é"), or in other case, is that account's, never left out
// unseen, as the usage check compares them.
func TestAccountIDsKeepLinesWhateverTheirUnicodeForm(t *testing.T) {
	k, err := (&arguments{AccountIDs: []string{"caf\u00e9"}}).filter()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"caf\u00e9", "cafe\u0301", "CAF\u00c9", "CAFE\u0301"} {
		if kept, err := k.kept(talkdesk.InvoiceLine{AccountID: tolerant.StringOf(id)}); !kept || err != nil {
			t.Errorf("a line of account %+q: kept %t, %v; want kept", id, kept, err)
		}
	}
	if kept, _ := k.kept(talkdesk.InvoiceLine{AccountID: tolerant.StringOf("cafe")}); kept {
		t.Error("a line of another account was kept")
	}
}
