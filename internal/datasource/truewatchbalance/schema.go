package truewatchbalance

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
)

const amountNote = " Exact decimal, as the API wrote it (a number or a numeric string); null when the API sends " +
	"`\"None\"`, `null` or leaves it out. In the workspace's billing currency (the API does not name it)."

const description = "Current balance of the TrueWatch (Guance Cloud) workspace that the API key belongs to, " +
	"from the Open API's `GET /api/v1/billing/balance/get`. No arguments. The amounts are exact decimals, safe to " +
	"compare in `check` blocks and conditions (for example with `billing_truewatch_details` totals). An answer " +
	"without the balances (no `content`, or a `content` that is not an object of balances) fails the read; it is " +
	"never read as a balance of 0. Needs `truewatch.api_key` in the provider configuration (or `TRUEWATCH_API_KEY`)."

func computed() map[string]schema.Attribute {
	amount := attrs.Notes{AmountNote: amountNote}.Amount
	return map[string]schema.Attribute{
		"cash_balance":        amount("Cash balance (`cashBalance`)."),
		"coupon_balance":      amount("Coupon balance (`couponBalance`)."),
		"stored_card_balance": amount("Stored-value card balance (`storedCardBalance`)."),
		"trace_id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The API's `traceId` for this read; quote it to TrueWatch support.",
		},
	}
}
