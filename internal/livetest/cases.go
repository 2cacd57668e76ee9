package livetest

import (
	"fmt"
	"strings"
)

// Every data source, with its documented contract. Rows are always
// kept (include_rows = true) so that every sum can be checked against them.
var (
	trueWatchDetails = dataSource{
		typeName: "billing_truewatch_details",
		vendor:   trueWatch,
		arguments: func(p period) string {
			return fmt.Sprintf("  start_date   = %q\n  end_date     = %q\n  include_rows = true\n", p.firstDay(), p.lastDay())
		},
		attributes: map[string]attribute{
			"details":                     always(rowList),
			"total_billing_result":        always(number),
			"total_origin_amount":         always(number),
			"billing_result_by_product":   always(sums),
			"billing_result_by_workspace": always(sums),
			"billing_result_by_day":       always(sums),
			"trace_id":                    always(text),
		},
		rows: "details",
		row: union(
			nullable(text, "consume_time_of_day", "org_name", "product_name", "product_detail", "billing_key",
				"measurement", "billing_cycle", "commodity_category", "consume_platform", "customer_identifier",
				"workspace_uuid", "workspace_name", "consume_time"),
			nullable(number, "billing_result", "deduction_amount", "owe_amount", "origin_amount",
				"service_billing_amount", "coupon_amount", "stored_card_amount", "cash_amount", "cash_cloud_amount", "count"),
		),
		totals: []total{
			{attribute: "total_billing_result", field: "billing_result"},
			{attribute: "total_origin_amount", field: "origin_amount"},
		},
		breakdowns: []breakdown{
			{attribute: "billing_result_by_product", key: fieldText("product_detail"), amount: fieldAmount("billing_result"), addsUpTo: "total_billing_result"},
			{attribute: "billing_result_by_workspace", key: fieldText("workspace_name"), amount: fieldAmount("billing_result"), addsUpTo: "total_billing_result"},
			{attribute: "billing_result_by_day", key: fieldText("consume_time_of_day"), amount: fieldAmount("billing_result"), addsUpTo: "total_billing_result"},
		},
	}

	trueWatchBalance = dataSource{
		typeName: "billing_truewatch_balance",
		vendor:   trueWatch,
		attributes: map[string]attribute{
			"cash_balance":        orNull(number),
			"coupon_balance":      orNull(number),
			"stored_card_balance": orNull(number),
			"trace_id":            always(text),
		},
	}

	accountHistory = dataSource{
		typeName: "billing_account_history",
		vendor:   virtuozzo,
		arguments: func(p period) string {
			return fmt.Sprintf("  start_time   = %q\n  end_time     = %q\n  include_rows = true\n",
				p.firstDay()+" 00:00:00", p.lastDay()+" 23:59:59")
		},
		attributes: map[string]attribute{
			"history":       always(rowList),
			"total_cost":    always(number),
			"cost_by_type":  always(sums),
			"cost_by_appid": always(sums),
			"cost_by_date":  always(sums),
		},
		rows: "history",
		row: union(
			nullable(text, "date_time", "type", "resource_type", "appid", "domain", "host_group_display_name", "host_group_unique_name"),
			nullable(flag, "is_bonus", "is_remote", "is_paid", "is_withdrawn"),
			nullable(number, "cost", "count", "node_id", "node_count", "group", "used_cloudlets_amount",
				"fixed_cloudlets_amount", "fixed_cloudlets_cost", "fixed_cloudlets_free_amount", "flexible_cloudlets_amount",
				"flexible_cloudlets_cost", "flexible_cloudlets_free_amount", "used_storage_amount", "bill_storage_amount",
				"storage_cost", "storage_free_amount", "used_network_ext_amount", "bill_network_ext_amount", "network_ext_cost",
				"network_ext_free_amount", "resource_cost", "resource_free_cost", "resource_free_amount",
				"resource_billable_amount", "min_fee_resource_amount", "licence_hours"),
		),
		totals: []total{{attribute: "total_cost", field: "cost"}},
		breakdowns: []breakdown{
			{attribute: "cost_by_type", key: fieldText("type"), amount: fieldAmount("cost"), addsUpTo: "total_cost"},
			{attribute: "cost_by_appid", key: fieldText("appid"), amount: fieldAmount("cost"), addsUpTo: "total_cost"},
			{attribute: "cost_by_date", key: historyDate, amount: fieldAmount("cost"), addsUpTo: "total_cost"},
		},
	}

	virtuozzoAccount = dataSource{
		typeName: "billing_virtuozzo_account",
		vendor:   virtuozzo,
		attributes: union(
			nullable(number, "uid", "balance", "bonus", "credit", "debit"),
			nullable(text, "email", "group", "group_type", "language", "created_on", "status"),
			nullable(flag, "is_enabled"),
		),
		extra: virtuozzoStatus,
	}

	ocambaUsage = dataSource{
		typeName:  "billing_ocamba_usage",
		vendor:    ocamba,
		arguments: func(period) string { return "  include_rows = true\n" },
		attributes: map[string]attribute{
			"usages":                   always(rowList),
			"total":                    always(number),
			"total_amount_by_currency": always(sums),
			"amount_by_app":            always(sumsByCurrency),
		},
		rows: "usages",
		row: union(
			nullable(text, "id", "company_id", "app_id", "currency_code", "limit_status", "start_time", "end_time"),
			nullable(number, "usage_percent", "price", "amount"),
			nullable(rowList, "line_items"),
		),
		nested: map[string]map[string]attribute{"line_items": ocambaLineItem},
		count:  "total",
		breakdowns: []breakdown{
			{attribute: "total_amount_by_currency", key: fieldText("currency_code"), amount: lineItemsAmount},
			{attribute: "amount_by_app", key: fieldText("app_id"), currency: fieldText("currency_code"), amount: lineItemsAmount, addsUpTo: "total_amount_by_currency"},
		},
	}

	ocambaInvoices = dataSource{
		typeName:  "billing_ocamba_invoices",
		vendor:    ocamba,
		arguments: func(period) string { return "  include_rows = true\n" },
		attributes: map[string]attribute{
			"invoices":                 always(rowList),
			"total":                    always(number),
			"total_amount_by_currency": always(sums),
			"amount_by_status":         always(sumsByCurrency),
		},
		rows: "invoices",
		row: union(
			nullable(text, "id", "company_id", "app_id", "invoice_number", "status", "currency_code", "pdf", "due_date",
				"payment_time", "create_time", "update_time"),
			nullable(number, "price", "tax", "amount"),
			nullable(flag, "sent"),
			nullable(rowList, "line_items"),
		),
		nested: map[string]map[string]attribute{"line_items": ocambaLineItem},
		count:  "total",
		breakdowns: []breakdown{
			{attribute: "total_amount_by_currency", key: fieldText("currency_code"), amount: fieldAmount("amount")},
			{attribute: "amount_by_status", key: fieldText("status"), currency: fieldText("currency_code"), amount: fieldAmount("amount"), addsUpTo: "total_amount_by_currency"},
		},
	}

	accountsUsage = dataSource{
		typeName: "billing_accounts_usage",
		vendor:   talkdesk,
		arguments: func(p period) string {
			return fmt.Sprintf("  from_month   = %q\n  to_month     = %q\n  include_rows = true\n", p.firstMonth(), p.lastMonth())
		},
		attributes: map[string]attribute{
			"usages":                   always(rowList),
			"total":                    always(number),
			"total_amount_by_currency": always(sums),
			"total_amount_by_account":  always(sumsByCurrency),
			"total_amount_by_month":    always(sumsByCurrency),
			"total_amount_by_type":     always(sumsByCurrency),
		},
		rows: "usages",
		row: union(
			nullable(text, "id", "account_id", "product_id", "aggr_product_id", "month", "type", "description", "currency",
				"direction", "resolution", "unit", "wallet_name"),
			nullable(number, "price", "number_of_units", "total_amount"),
		),
		count: "total",
		breakdowns: []breakdown{
			{attribute: "total_amount_by_currency", key: fieldText("currency"), amount: fieldAmount("total_amount")},
			{attribute: "total_amount_by_account", key: fieldText("account_id"), currency: fieldText("currency"), amount: fieldAmount("total_amount"), addsUpTo: "total_amount_by_currency"},
			{attribute: "total_amount_by_month", key: fieldText("month"), currency: fieldText("currency"), amount: fieldAmount("total_amount"), addsUpTo: "total_amount_by_currency"},
			{attribute: "total_amount_by_type", key: fieldText("type"), currency: fieldText("currency"), amount: fieldAmount("total_amount"), addsUpTo: "total_amount_by_currency"},
		},
		extra: monthsWithin,
	}

	talkdeskAccounts = dataSource{
		typeName: "billing_talkdesk_accounts",
		vendor:   talkdesk,
		attributes: map[string]attribute{
			"accounts":    always(rowList),
			"total":       always(number),
			"names_by_id": always(labels),
		},
		rows:  "accounts",
		row:   nullable(text, "id", "name", "company_name", "status"),
		count: "total",
		extra: talkdeskNames,
	}

	talkdeskInvoices = dataSource{
		typeName: "billing_talkdesk_invoices",
		vendor:   talkdesk,
		arguments: func(p period) string {
			return fmt.Sprintf("  from_date    = %q\n  to_date      = %q\n  include_rows = true\n", p.firstDay(), p.lastDay())
		},
		attributes: map[string]attribute{
			"lines":                    always(rowList),
			"total":                    always(number),
			"total_amount_by_currency": always(sums),
			"amount_by_account":        always(sumsByCurrency),
			"amount_by_month":          always(sumsByCurrency),
			"amount_by_status":         always(sumsByCurrency),
		},
		rows: "lines",
		row: union(
			nullable(text, "id", "account_id", "number", "date", "due_date", "status", "currency", "product_id", "description"),
			nullable(number, "total_invoice_amount", "quantity", "rate", "amount"),
		),
		count: "total",
		breakdowns: []breakdown{
			{attribute: "total_amount_by_currency", key: fieldText("currency"), amount: fieldAmount("amount")},
			{attribute: "amount_by_account", key: fieldText("account_id"), currency: fieldText("currency"), amount: fieldAmount("amount"), addsUpTo: "total_amount_by_currency"},
			{attribute: "amount_by_month", key: invoiceMonth, currency: fieldText("currency"), amount: fieldAmount("amount"), addsUpTo: "total_amount_by_currency"},
			{attribute: "amount_by_status", key: fieldText("status"), currency: fieldText("currency"), amount: fieldAmount("amount"), addsUpTo: "total_amount_by_currency"},
		},
		extra: datesWithin,
	}
)

// dataSources are every data source's case, for the tests that run each;
// each has its TestLive function in live_test.go.
var dataSources = []dataSource{
	trueWatchDetails, trueWatchBalance, accountHistory, virtuozzoAccount,
	ocambaUsage, ocambaInvoices, accountsUsage, talkdeskAccounts, talkdeskInvoices,
}

// ocambaLineItem is a line item of an Ocamba usage record or invoice.
var ocambaLineItem = union(
	nullable(text, "name", "description"),
	nullable(number, "quantity", "unit_price", "price", "discount_rate", "discount", "tax_rate", "tax", "amount", "unit"),
)

// historyDate is the date part of a Virtuozzo row's date_time, the key of
// cost_by_date: the text before the first space, else before the first T,
// else the whole text.
func historyDate(row map[string]any) string {
	dateTime := textOf(row["date_time"])
	if day, _, found := strings.Cut(dateTime, " "); found {
		return day
	}
	day, _, _ := strings.Cut(dateTime, "T")
	return day
}
