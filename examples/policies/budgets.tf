# Budgets ahead of the bill: rules that act before the month's bill is in.
#
# - this month's TrueWatch forecast (the spend so far, run on to the
#   month's end) over its budget fails the plan, once enough days are
#   complete to trust the run rate;
# - a day whose TrueWatch or Virtuozzo spend jumped past the mean of the
#   days before it is a warning that names the day;
# - Ocamba's and Talkdesk's spend in every currency, converted with the
#   rates in var.exchange_rates, stays under one limit; a currency billed
#   without a rate fails the plan, naming it.
#
# Vendors bill a day after it ends, so the complete days are those before
# as_of, reporting_lag before the plan; the month is as_of's month, so on
# the first days of a month the forecast is still of the month before.

variable "as_of" {
  description = "The RFC 3339 timestamp the days before which are complete (null: reporting_lag before the plan's timestamp). Set it to re-run a past day's rules."
  type        = string
  default     = null
}

variable "reporting_lag" {
  description = "How long after a day ends its spend is complete at the vendors, as a duration such as \"48h\"."
  type        = string
  default     = "48h"
}

variable "truewatch_forecast_budget" {
  description = "Most TrueWatch may cost in a month: the plan fails once this month's forecast is above it."
  type        = number
  default     = 1000
}

variable "forecast_min_days" {
  description = "Complete days of the month before its forecast is held to the budget: a run rate of a day or two says little."
  type        = number
  default     = 5
}

variable "anomaly_days" {
  description = "How many of the last complete days are judged for spend anomalies."
  type        = number
  default     = 28
}

variable "anomaly_window" {
  description = "How many days before a day make its baseline (their mean spend)."
  type        = number
  default     = 7
}

variable "anomaly_min_increase" {
  description = "The least rise of a day's spend above its baseline, in the vendor's currency, that is an anomaly."
  type        = number
  default     = 20
}

variable "anomaly_min_increase_percent" {
  description = "The least rise of a day's spend above its baseline, in percent of the baseline, that is an anomaly (both thresholds must be crossed)."
  type        = number
  default     = 50
}

variable "budget_currency" {
  description = "The currency of converted_spend_limit, into which Ocamba's and Talkdesk's spend is converted."
  type        = string
  default     = "USD"
}

variable "exchange_rates" {
  description = "How many units of budget_currency one unit of each other currency is worth. Set them from your finance team's rates; spend in a currency missing here fails the plan."
  type        = map(number)
  default = {
    EUR = 1.08
  }

  validation {
    condition     = alltrue([for rate in values(var.exchange_rates) : rate > 0])
    error_message = "Every exchange rate must be above 0."
  }
}

variable "converted_spend_limit" {
  description = "Most Ocamba's current usage and Talkdesk's last month may cost together, in budget_currency (a hard limit: the plan fails above it)."
  type        = number
  default     = 5000
}

locals {
  as_of      = coalesce(var.as_of, timeadd(plantimestamp(), "-${var.reporting_lag}"))
  this_month = provider::billing::billing_period(local.as_of, 0)
}

# --- TrueWatch: this month's forecast under its budget -------------------------

data "billing_truewatch_details" "this_month" {
  start_date   = local.this_month.start_date
  end_date     = local.this_month.end_date
  include_rows = false
}

locals {
  truewatch_projection = provider::billing::forecast(
    data.billing_truewatch_details.this_month.billing_result_by_day,
    local.this_month.start_date,
    local.this_month.end_date,
    local.as_of,
  )
}

output "truewatch_forecast" {
  description = "This month's TrueWatch spend on its complete days (actual), per day (daily_rate), and run on to the month's end (forecast)."
  value       = merge(local.truewatch_projection, { month = local.this_month.month })

  # What the month has cost so far is under the month's hard limit too
  # (main.tf holds last month to it), however few days are complete.
  precondition {
    condition     = data.billing_truewatch_details.this_month.total_billing_result <= var.truewatch_total_limit
    error_message = "TrueWatch has cost ${data.billing_truewatch_details.this_month.total_billing_result} so far in ${local.this_month.month}, over the hard limit of ${var.truewatch_total_limit}."
  }

  precondition {
    condition     = local.truewatch_projection.days_elapsed < var.forecast_min_days || local.truewatch_projection.forecast <= var.truewatch_forecast_budget
    error_message = "TrueWatch is on course to cost ${local.truewatch_projection.forecast} in ${local.this_month.month} (${local.truewatch_projection.actual} in its first ${local.truewatch_projection.days_elapsed} days), over the budget of ${var.truewatch_forecast_budget}."
  }
}

# --- TrueWatch and Virtuozzo: days whose spend jumped ---------------------------

locals {
  # The days judged are the last anomaly_days complete ones; the read starts
  # anomaly_window days before the first of them, for its baseline.
  anomaly_start = formatdate("YYYY-MM-DD", timeadd(local.as_of, "-${(var.anomaly_days + var.anomaly_window) * 24}h"))
  anomaly_end   = formatdate("YYYY-MM-DD", timeadd(local.as_of, "-24h"))
}

data "billing_truewatch_details" "recent" {
  start_date   = local.anomaly_start
  end_date     = local.anomaly_end
  include_rows = false
}

data "billing_account_history" "recent" {
  start_time   = "${local.anomaly_start} 00:00:00"
  end_time     = "${local.anomaly_end} 23:59:59"
  period       = "DAY"
  include_rows = false
}

locals {
  # A breakdown lists only the days with spend. Its first day is set to 0
  # unless it has spend, so that the days run from the read's first day and
  # a service that starts spending is judged against the quiet days before.
  spend_anomalies = {
    for vendor, by_day in {
      TrueWatch = data.billing_truewatch_details.recent.billing_result_by_day
      Virtuozzo = data.billing_account_history.recent.cost_by_date
      } : vendor => provider::billing::anomalies(
      merge({ (local.anomaly_start) = 0 }, by_day), var.anomaly_window, var.anomaly_min_increase, var.anomaly_min_increase_percent
    )
  }
}

check "spend_anomalies" {
  assert {
    condition = alltrue([for vendor, days in local.spend_anomalies : length(days) == 0])
    error_message = "Spend jumped above the mean of the ${var.anomaly_window} days before: ${join("; ", flatten([
      for vendor, days in local.spend_anomalies : [
        for day, jump in days : "${vendor} on ${day} cost ${jump.amount} against a baseline of ${jump.baseline}"
      ]
    ]))}."
  }
}

output "spend_anomalies" {
  description = "Per vendor, the days whose spend jumped: amount, baseline, increase and increase_percent."
  value       = local.spend_anomalies
}

# --- Ocamba and Talkdesk: every currency under one limit -----------------------

locals {
  spend_by_currency = {
    Ocamba   = data.billing_ocamba_usage.current.total_amount_by_currency
    Talkdesk = data.billing_accounts_usage.last_month.total_amount_by_currency
  }
  # Currencies billed without a rate. convert() refuses them too; naming
  # them here fails the plan with the variable to set.
  currencies_without_rate = sort(distinct(flatten([
    for vendor, amounts in local.spend_by_currency : [
      for currency, amount in amounts : currency
      if amount != 0 && currency != var.budget_currency && !contains(keys(var.exchange_rates), currency)
    ]
  ])))
  converted_spend = length(local.currencies_without_rate) > 0 ? null : provider::billing::sum([
    for vendor, amounts in local.spend_by_currency : provider::billing::convert(amounts, var.exchange_rates, var.budget_currency)
  ])
}

output "converted_spend" {
  description = "Ocamba's current usage and Talkdesk's last month, every currency converted into budget_currency."
  value       = local.converted_spend

  precondition {
    condition     = length(local.currencies_without_rate) == 0
    error_message = "Spend in ${join(", ", local.currencies_without_rate)} has no rate into ${var.budget_currency}: add it to var.exchange_rates."
  }
  precondition {
    condition     = local.converted_spend == null ? true : local.converted_spend <= var.converted_spend_limit
    error_message = "Ocamba and Talkdesk cost ${local.converted_spend == null ? "?" : local.converted_spend} ${var.budget_currency} together, over the limit of ${var.converted_spend_limit}."
  }
}
