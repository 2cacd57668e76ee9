# This month's TrueWatch spend, projected to the month's end from its run
# rate. TrueWatch bills a day after it ends, so the last two days are left
# out (as_of two days back); on the 1st and 2nd of a month the lagged
# timestamp is still in the month before, and so is the period.
locals {
  as_of      = timeadd(plantimestamp(), "-48h")
  this_month = provider::billing::billing_period(local.as_of, 0)
}

data "billing_truewatch_details" "this_month" {
  start_date   = local.this_month.start_date
  end_date     = local.this_month.end_date
  include_rows = false # the per-day breakdown is all the forecast needs
}

locals {
  projection = provider::billing::forecast(
    data.billing_truewatch_details.this_month.billing_result_by_day,
    local.this_month.start_date,
    local.this_month.end_date,
    local.as_of,
  )
  # e.g. { days_in_period = 31, days_elapsed = 3, actual = 104.7,
  #        daily_rate = 34.9, forecast = 1081.9, incomplete = 0 }
}

output "truewatch_forecast" {
  value = local.projection.forecast

  # Fails the plan once the month is on course to cost more than 1000.
  # A run rate of a day or two says little, so the rule waits for five
  # complete days; forecast is 0, never null, before the first.
  precondition {
    condition     = local.projection.days_elapsed < 5 || local.projection.forecast <= 1000
    error_message = "TrueWatch is on course to cost ${local.projection.forecast} in ${local.this_month.month} (${local.projection.actual} in ${local.projection.days_elapsed} days), over the budget of 1000."
  }
}
