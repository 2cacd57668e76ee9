package functions_test

import (
	"fmt"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// The budget functions over data sources' own breakdowns, read from the
// fakes: TrueWatch's October is 41.25 on the 1st, 0.1 + 0.2 on the 2nd and
// 63.15 on the 3rd; Virtuozzo's April is 1.262846, 0.1, then 0.2; Ocamba's
// usage is 1.2 USD and 0.3 EUR.
func TestBudgetsOfDataSourcesBreakdowns(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	config := acctest.Provider("truewatch", map[string]string{"api_key": fakeapi.TrueWatchAPIKey, "endpoint": fake.URL},
		fmt.Sprintf("virtuozzo = {\n    api_url = %q\n    token   = %q\n  }\n  ocamba = {\n    endpoint = %q\n    token    = %q\n  }",
			fake.URL, fakeapi.VirtuozzoToken, fake.URL, fakeapi.OcambaToken)) + `
data "billing_truewatch_details" "test" {
  start_date   = "2026-10-01"
  end_date     = "2026-10-31"
  include_rows = false
}

data "billing_account_history" "test" {
  start_time   = "2024-04-01"
  end_time     = "2024-04-30 23:59:59"
  include_rows = false
}

data "billing_ocamba_usage" "test" {
  include_rows = false
}

variable "rates" {
  type    = map(number)
  default = { EUR = 1.1 }
}
`
	const truewatchDays = "data.billing_truewatch_details.test.billing_result_by_day"
	run(t, outputs(config,
		forecast("forecast_as_of_the_4th", truewatchDays, "2026-10-01", "2026-10-31", "2026-10-04T00:00:00Z",
			projection(31, 3, "104.7", "34.9", "1081.9", "0")),
		forecast("forecast_as_of_the_3rd", truewatchDays, "2026-10-01", "2026-10-31", "2026-10-03T00:00:00Z",
			projection(31, 2, "41.55", "20.775", "644.025", "63.15")),
		anomalies("truewatch_anomalies", truewatchDays, 1, "10", "50",
			days{"2026-10-03": jump("63.15", "0.3", "62.85", "20950")}),
		anomalies("virtuozzo_anomalies", "data.billing_account_history.test.cost_by_date", 1, "0.1", "100",
			days{"2024-04-03": jump("0.2", "0.1", "0.1", "100")}),
		anomalies("virtuozzo_over_the_line", "data.billing_account_history.test.cost_by_date", 1, "0.1", "100.01", days{}),
		result{"ocamba_in_usd", `provider::billing::convert(data.billing_ocamba_usage.test.total_amount_by_currency, var.rates, "USD")`, acctest.DecimalText("1.53")},
		result{"ocamba_in_eur", `provider::billing::convert(data.billing_ocamba_usage.test.total_amount_by_currency, { USD = 0.92 }, "EUR")`, acctest.DecimalText("1.404")},
	))
}
