package functions_test

import (
	"github.com/billingtf/terraform-provider-billing/internal/acctest"
)

// The budget functions over data sources' own breakdowns (the budget
// data sources of dataSources, read without rows) from the fakes:
// TrueWatch's October is 41.25 on the 1st, 0.1 + 0.2 on the 2nd and 63.15
// on the 3rd; Virtuozzo's April is 1.262846, 0.1, then 0.2; Ocamba's usage
// is 1.2 USD and 0.3 EUR.
func budgetsOfDataSourcesBreakdowns() group {
	const truewatchDays = "data.billing_truewatch_details.budget.billing_result_by_day"
	return newGroup("budgets", `
variable "rates" {
  type    = map(number)
  default = { EUR = 1.1 }
}
`,
		forecast("forecast_as_of_the_4th", truewatchDays, "2026-10-01", "2026-10-31", "2026-10-04T00:00:00Z",
			projection(31, 3, "104.7", "34.9", "1081.9", "0")),
		forecast("forecast_as_of_the_3rd", truewatchDays, "2026-10-01", "2026-10-31", "2026-10-03T00:00:00Z",
			projection(31, 2, "41.55", "20.775", "644.025", "63.15")),
		anomalies("truewatch_anomalies", truewatchDays, 1, "10", "50",
			days{"2026-10-03": jump("63.15", "0.3", "62.85", "20950")}),
		anomalies("virtuozzo_anomalies", "data.billing_account_history.budget.cost_by_date", 1, "0.1", "100",
			days{"2024-04-03": jump("0.2", "0.1", "0.1", "100")}),
		anomalies("virtuozzo_over_the_line", "data.billing_account_history.budget.cost_by_date", 1, "0.1", "100.01", days{}),
		result{"ocamba_in_usd", `provider::billing::convert(data.billing_ocamba_usage.budget.total_amount_by_currency, var.rates, "USD")`, acctest.DecimalText("1.53")},
		result{"ocamba_in_eur", `provider::billing::convert(data.billing_ocamba_usage.budget.total_amount_by_currency, { USD = 0.92 }, "EUR")`, acctest.DecimalText("1.404")},
	)
}
