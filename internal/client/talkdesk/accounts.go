package talkdesk

import (
	"context"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// AccountsPath is the accounts endpoint.
const AccountsPath = "/express/accounts"

// Account is one account of the calling organisation.
type Account struct {
	ID          tolerant.String `json:"id"`
	Name        tolerant.String `json:"name"`
	CompanyName tolerant.String `json:"company_name"`
	Status      tolerant.String `json:"status"`
}

func (a Account) id() (string, bool) { return a.ID.Value() }

// UnmarshalJSONFrom decodes an account as encoding/json does, faster.
func (a *Account) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return accountRecord.Decode(dec, a) }

var accountRecord = tolerant.RecordOf[Account]()

// accountsListing is GET /express/accounts.
var accountsListing = &listing[Account]{
	path: AccountsPath, key: "accounts", scope: AccountsScope,
	expected: "a Talkdesk accounts page ({_embedded: {accounts: [...]}, _links, ...}) with accounts as an array of records",
	noun:     "account", whether: "whether there are accounts",
	body: func() body[Account] { return &accountsBody{} },
	// names_by_id is keyed by id: an account without one has no name there.
	id:         Account.id,
	idRequired: true,
	dedupe:     Account.id,
	forbidden:  forbiddenScopeHint(AccountsScope),
}

type accountsBody struct {
	halMeta
	Embedded *struct {
		Accounts []Account `json:"accounts"`
	} `json:"_embedded"`
	Accounts []Account `json:"accounts"`
}

// UnmarshalJSONFrom decodes a page as usageBody's does.
func (b *accountsBody) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[accountsBody]().Decode(dec, b)
}

func (b *accountsBody) records() (embedded, top []Account, hasEmbedded bool) {
	if b.Embedded == nil {
		return nil, b.Accounts, false
	}
	return b.Embedded.Accounts, b.Accounts, true
}

// AccountsEach reads every account, in the API's order, and hands them to
// each a page at a time where the pages report their counts (all at once
// where next links are followed).
func (c *Client) AccountsEach(ctx context.Context, sink client.Sink[Account]) error {
	return pager[Account]{c: c, l: accountsListing, perPage: DefaultPerPage}.readEach(ctx, sink)
}
