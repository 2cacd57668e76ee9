# The configuration the OPA spend policies are tested on: planned against
# the local fake vendor APIs, whose figures are fixed (October 2026 for
# TrueWatch, April 2024 for Virtuozzo, January 2024 for Talkdesk), so that
# the policies' messages are known exactly. The module "costs" puts two data
# sources in a child module, as many configurations have them.
terraform {
  required_providers {
    billing = {
      source = "billingtf/billing"
    }
  }
}

# Endpoints and credentials come from the environment the test sets.
provider "billing" {}

data "billing_truewatch_details" "october" {
  start_date   = "2026-10-01"
  end_date     = "2026-10-31"
  include_rows = false
}

data "billing_ocamba_usage" "all" {
  include_rows = false
}

module "costs" {
  source = "./costs"
}

# The forecast as of the 4th: three complete days (104.7 in all), run over
# 31 days.
output "truewatch_forecast" {
  value = provider::billing::forecast(
    data.billing_truewatch_details.october.billing_result_by_day,
    "2026-10-01",
    "2026-10-31",
    "2026-10-04T00:00:00Z",
  )
}

# The days whose TrueWatch spend jumped, per vendor, with a baseline of the
# one day before: 2026-10-03 (63.15 against 0.3). 2026-10-02 fell (0.3
# against 41.25), and 2026-10-01 has no day before it in the map.
output "spend_anomalies" {
  value = {
    TrueWatch = provider::billing::anomalies(data.billing_truewatch_details.october.billing_result_by_day, 1, 10, 50)
  }
}

# One vendor's anomalies() alone, the map starting with a quiet 2026-09-30:
# 2026-10-01 (41.25 against 0, increase_percent null) and 2026-10-03.
output "truewatch_anomalies" {
  value = provider::billing::anomalies(
    merge({ "2026-09-30" = 0 }, data.billing_truewatch_details.october.billing_result_by_day),
    1, 10, 50,
  )
}

# Ocamba's spend in USD: 1.2 USD and 0.3 EUR at 1.08 (0.324), 1.524.
locals {
  converted_spend = provider::billing::convert(data.billing_ocamba_usage.all.total_amount_by_currency, { EUR = 1.08 }, "USD")
}

# A ceiling a test sets to fail the plan: Terraform then writes the plan
# errored, without this output.
variable "converted_spend_ceiling" {
  type    = number
  default = null
}

output "converted_spend" {
  value = local.converted_spend
  precondition {
    condition     = var.converted_spend_ceiling == null || local.converted_spend <= coalesce(var.converted_spend_ceiling, 0)
    error_message = "The converted spend, ${local.converted_spend} USD, is over the ceiling."
  }
}
