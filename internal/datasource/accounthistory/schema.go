package accounthistory

import (
	_ "embed"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

const timeForms = "One of three forms: `YYYY-MM-DD HH:MM:SS` is sent as written, in the platform's own time zone; " +
	"`YYYY-MM-DD` is sent as midnight (`YYYY-MM-DD 00:00:00`); RFC 3339 with an offset " +
	"(`2024-04-01T08:00:00+02:00`) is converted to UTC and sent as `2024-04-01 06:00:00`, fractions of a second dropped."

//go:embed description.md
var description string

func argumentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"start_time": attrs.RequiredString("Start of the history, sent as `starttime`. "+timeForms, validate.Timestamp()),
		"end_time":   attrs.RequiredString("End of the history, sent as `endtime`; not before `start_time`. Same forms as `start_time`.", validate.Timestamp()),
		"period": attrs.DefaultedString("Size of the buckets the platform sums the history into: `"+
			strings.Join(virtuozzo.Periods, "`, `")+"`. Default: `DAY`.", stringvalidator.OneOf(virtuozzo.Periods...)),
		"target_appid": attrs.OptionalString("Only this environment (its appid), sent as `targetAppid`. Not sent when unset."),
		"time_offset": schema.NumberAttribute{
			Optional: true,
			MarkdownDescription: "A whole number passed through as `timeOffset`: a time-zone offset the platform " +
				"applies when it buckets the history. The platform documents neither its unit nor its sign; " +
				"check your platform's behaviour before relying on it. Not sent when unset.",
			Validators: []validator.Number{validate.WholeNumber()},
		},
		"group_nodes": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Passed through as `groupNodes` (`true` or `false`): whether the platform groups the nodes of an environment. Not sent when unset.",
		},
	}
}

func rowAttributes() map[string]schema.Attribute {
	text, flag, amount := attrs.Platform.Text, attrs.Platform.Flag, attrs.Platform.Amount
	return map[string]schema.Attribute{
		"date_time":                      text("Time of the charge, as the platform writes it (`yyyy-MM-dd HH:mm:ss`, the platform's time zone). (`dateTime`)"),
		"type":                           text("What was charged, e.g. `ip`, `env`, `node`. (`type`)"),
		"resource_type":                  text("Kind of resource, e.g. `OPTION`. (`resourceType`)"),
		"appid":                          text("Environment the charge belongs to. (`appid`)"),
		"domain":                         text("Domain of the environment. (`domain`)"),
		"host_group_display_name":        text("Display name of the host group (region). (`hostGroupDisplayName`)"),
		"host_group_unique_name":         text("Unique name of the host group (region). (`hostGroupUniqueName`)"),
		"is_bonus":                       flag("Whether bonus funds paid the charge. (`isBonus`)"),
		"is_remote":                      flag("Whether the charge comes from a remote (external) billing. (`isRemote`)"),
		"is_paid":                        flag("Whether the charge is paid. (`isPaid`)"),
		"is_withdrawn":                   flag("Whether the amount has been withdrawn from the balance. (`isWithdrawn`)"),
		"cost":                           amount("Cost of the period, in the account's currency. (`cost`)"),
		"count":                          amount("Number of billed items. (`count`)"),
		"node_id":                        amount("Node id. (`nodeid`)"),
		"node_count":                     amount("Number of nodes. (`nodeCount`)"),
		"group":                          amount("Grouping key of the row. (`group`)"),
		"used_cloudlets_amount":          amount("Cloudlets used. (`usedCloudletsAmount`)"),
		"fixed_cloudlets_amount":         amount("Fixed (reserved) cloudlets. (`fixedCloudletsAmount`)"),
		"fixed_cloudlets_cost":           amount("Cost of fixed cloudlets. (`fixedCloudletsCost`)"),
		"fixed_cloudlets_free_amount":    amount("Free fixed cloudlets. (`fixedCloudletsFreeAmount`)"),
		"flexible_cloudlets_amount":      amount("Flexible (dynamic) cloudlets. (`flexibleCloudletsAmount`)"),
		"flexible_cloudlets_cost":        amount("Cost of flexible cloudlets. (`flexibleCloudletsCost`)"),
		"flexible_cloudlets_free_amount": amount("Free flexible cloudlets. (`flexibleCloudletsFreeAmount`)"),
		"used_storage_amount":            amount("Storage used. (`usedStorageAmount`)"),
		"bill_storage_amount":            amount("Storage billed. (`billStorageAmount`)"),
		"storage_cost":                   amount("Cost of storage. (`storageCost`)"),
		"storage_free_amount":            amount("Free storage. (`storageFreeAmount`)"),
		"used_network_ext_amount":        amount("External traffic used. (`usedNetworkExtAmount`)"),
		"bill_network_ext_amount":        amount("External traffic billed. (`billNetworkExtAmount`)"),
		"network_ext_cost":               amount("Cost of external traffic. (`networkExtCost`)"),
		"network_ext_free_amount":        amount("Free external traffic. (`networkExtFreeAmount`)"),
		"resource_cost":                  amount("Cost of resources. (`resourceCost`)"),
		"resource_free_cost":             amount("Free part of the resource cost. (`resourceFreeCost`)"),
		"resource_free_amount":           amount("Free resource amount. (`resourceFreeAmount`)"),
		"resource_billable_amount":       amount("Billable resource amount. (`resourceBillableAmount`)"),
		"min_fee_resource_amount":        amount("Resource amount under the minimum fee. (`minFeeResourceAmount`)"),
		"licence_hours":                  amount("Licence hours. (`licenceHours`)"),
	}
}
