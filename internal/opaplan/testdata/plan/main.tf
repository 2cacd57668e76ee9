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
