# Breakdowns the data source does not compute itself: last month's TrueWatch
# spend per measurement, and the list price (before deductions) per product.
# sum_by needs the rows: on a data source read with include_rows = false it
# fails and says so.
locals {
  last_month = provider::billing::billing_period(plantimestamp(), -1)
  details    = data.billing_truewatch_details.last_month.details
}

data "billing_truewatch_details" "last_month" {
  start_date = local.last_month.start_date
  end_date   = local.last_month.end_date
}

output "truewatch_spend_by_measurement" {
  # e.g. { session_replay = 12.3, logging = 45.6 }; rows without one under ""
  value = provider::billing::sum_by(local.details, "measurement", "billing_result")
}

output "truewatch_list_price_by_product" {
  value = provider::billing::sum_by(local.details, "product_detail", "origin_amount")
}

check "truewatch_session_replay_budget" {
  assert {
    condition     = lookup(provider::billing::sum_by(local.details, "measurement", "billing_result"), "session_replay", 0) <= 50
    error_message = "TrueWatch Session Replay spend last month is over the budget of 50."
  }
}
