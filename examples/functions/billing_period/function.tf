# Last month, and the three months before this one, whatever day the plan
# runs on. plantimestamp() is in UTC, so these are UTC months.
locals {
  last_month = provider::billing::billing_period(plantimestamp(), -1)
  three_back = provider::billing::billing_period(plantimestamp(), -3)
  this_month = provider::billing::billing_period(plantimestamp(), 0)
  # { month = "2026-02", start_date = "2026-02-01", end_date = "2026-02-28",
  #   start_time = "2026-02-01 00:00:00", end_time = "2026-02-28 23:59:59" }
}

data "billing_truewatch_details" "last_month" {
  start_date = local.last_month.start_date # YYYY-MM-DD
  end_date   = local.last_month.end_date   # the last day, inclusive
}

data "billing_account_history" "last_month" {
  start_time = local.last_month.start_time # YYYY-MM-DD 00:00:00
  end_time   = local.last_month.end_time   # YYYY-MM-DD 23:59:59
}

data "billing_accounts_usage" "last_quarter" {
  from_month = local.three_back.month # YYYY-MM
  to_month   = local.last_month.month
}

output "month_to_date" {
  value = "${local.this_month.start_date} to ${formatdate("YYYY-MM-DD", plantimestamp())}"
}
