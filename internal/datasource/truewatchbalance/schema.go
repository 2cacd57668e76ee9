package truewatchbalance

import (
	_ "embed"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
)

const amountNote = " Exact decimal, as the API wrote it (a number or a numeric string); null when the API sends " +
	"`\"None\"`, `null` or leaves it out. In the workspace's billing currency (the API does not name it)."

//go:embed description.md
var description string

func computed() map[string]schema.Attribute {
	amount := attrs.Notes{AmountNote: amountNote}.Amount
	return map[string]schema.Attribute{
		"cash_balance":        amount("Cash balance (`cashBalance`)."),
		"coupon_balance":      amount("Coupon balance (`couponBalance`)."),
		"stored_card_balance": amount("Stored-value card balance (`storedCardBalance`)."),
		"trace_id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The API's `traceId` for this read; quote it to TrueWatch support. Null when the API leaves it out.",
		},
	}
}
