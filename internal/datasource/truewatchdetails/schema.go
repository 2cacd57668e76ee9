package truewatchdetails

import (
	_ "embed"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

const (
	amountNote = " Exact decimal, as the API wrote it; null when the API sends `\"None\"`, `null` or leaves it out. " +
		"In the workspace's billing currency (the API does not name it)."
	textNote = " Null when the API sends `\"None\"`, `null` or leaves it out."
)

//go:embed description.md
var description string

func argumentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"start_date": attrs.RequiredString("First billing day to read, `YYYY-MM-DD` (the API's own `YYYYMMDD` is accepted too). "+
			"Sent as `startDate=YYYYMMDD`. Days are TrueWatch's billing days; the API does not document their time zone.", validate.Day()),
		"end_date": attrs.RequiredString("Last billing day to read, inclusive, in the same forms as `start_date`; not before it. "+
			"Sent as `endDate=YYYYMMDD`.", validate.Day()),
	}
}

func rowAttributes() map[string]schema.Attribute {
	notes := attrs.Notes{NullNote: textNote, AmountNote: amountNote}
	text, amount := notes.Text, notes.Amount
	return map[string]schema.Attribute{
		"consume_time_of_day":    text("Billing day, as the API writes it (`consumeTimeOfDay`, e.g. `2023-07-31`)."),
		"org_name":               text("Billing-centre organisation (`orgName`)."),
		"product_name":           text("Product (`productName`); documented as always `dataFlux`."),
		"product_detail":         text("Product display name (`productDetail`), e.g. `Session Replay`."),
		"billing_key":            text("Billing category key (`billingKey`); only newer API versions send it."),
		"measurement":            text("Metering measurement (`tag6`), e.g. `session_replay`."),
		"billing_cycle":          text("Billing cycle (`billingCycle`): `Day`, `Month`, `Year` or `Single`."),
		"commodity_category":     text("Subscription or pay-as-you-go (`commodityCategory`)."),
		"consume_platform":       text("Settlement method (`consumePlatform`)."),
		"customer_identifier":    text("Cloud-marketplace account (`customerIdentifier`)."),
		"workspace_uuid":         text("Workspace id (`workspaceUuid`)."),
		"workspace_name":         text("Workspace name (`workspaceName`)."),
		"consume_time":           text("Consumption timestamp (`consumeTime`), as the API writes it; its format is not documented."),
		"billing_result":         amount("Amount payable (`billingResult`)."),
		"deduction_amount":       amount("Deduction (`deductionAmount`)."),
		"owe_amount":             amount("Amount owed, arrears (`oweAmount`)."),
		"origin_amount":          amount("Original price before deductions (`originAmount`)."),
		"service_billing_amount": amount("Service charges (`serviceBillingAmount`)."),
		"coupon_amount":          amount("Coupon deduction (`couponAmount`)."),
		"stored_card_amount":     amount("Stored-value card deduction (`storedCardAmount`)."),
		"cash_amount":            amount("Cash deduction (`cashAmount`)."),
		"cash_cloud_amount":      amount("Cloud-marketplace deduction (`cashCouldAmount`, sic)."),
		"count": schema.NumberAttribute{Computed: true, MarkdownDescription: "Usage quantity (`count`), in the " +
			"measurement's own unit. Exact; null when the API sends `\"None\"`, `null` or leaves it out."},
	}
}
