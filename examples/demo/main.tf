# The demo that `make demo` runs against the local fake vendor APIs.
# Credentials and endpoints come from the environment the demo sets up.
terraform {
  required_providers {
    billing = {
      source  = "billingtf/billing"
      version = "~> 0.1.0"
    }
  }
}

provider "billing" {}

variable "budget" {
  description = "Monthly TrueWatch budget; the check below reports spend above it."
  type        = number
  default     = 100
}

data "billing_truewatch_details" "october" {
  start_date = "2026-10-01"
  end_date   = "2026-10-31"
}

output "truewatch_total" {
  description = "Exact sum of billing_result over every row."
  value       = data.billing_truewatch_details.october.total_billing_result
}

output "truewatch_origin_total" {
  description = "Exact sum of origin_amount (before deductions)."
  value       = data.billing_truewatch_details.october.total_origin_amount
}

output "truewatch_rows" {
  description = "Amount payable per product and day."
  value = [
    for row in data.billing_truewatch_details.october.details : {
      day     = row.consume_time_of_day
      product = row.product_detail
      amount  = row.billing_result
    }
  ]
}

output "truewatch_trace_id" {
  value = data.billing_truewatch_details.october.trace_id
}

check "truewatch_budget" {
  assert {
    condition     = data.billing_truewatch_details.october.total_billing_result <= var.budget
    error_message = "TrueWatch spend for October is ${data.billing_truewatch_details.october.total_billing_result}, over the budget of ${var.budget}."
  }
}

# Policies need only the sums: with include_rows = false the rows stay out
# of state, yet every row is read and summed.
data "billing_truewatch_details" "october_summary" {
  start_date   = "2026-10-01"
  end_date     = "2026-10-31"
  include_rows = false
}

output "truewatch_by_product" {
  description = "Exact sum of billing_result per product, computed over every row."
  value       = data.billing_truewatch_details.october_summary.billing_result_by_product
}

variable "product_budget" {
  description = "Monthly budget of any one TrueWatch product; the check below names the products above it."
  type        = number
  default     = 50
}

check "truewatch_product_budget" {
  assert {
    condition = alltrue([
      for product, spend in data.billing_truewatch_details.october_summary.billing_result_by_product : spend <= var.product_budget
    ])
    error_message = "TrueWatch products over the budget of ${var.product_budget} in October: ${join(", ", [
      for product, spend in data.billing_truewatch_details.october_summary.billing_result_by_product : "${product} (${spend})" if spend > var.product_budget
    ])}."
  }
}

data "billing_account_history" "april" {
  start_time = "2024-04-01"
  end_time   = "2024-04-30 23:59:59"
}

output "virtuozzo_total_cost" {
  description = "Exact sum of cost over April's Virtuozzo billing history."
  value       = data.billing_account_history.april.total_cost
}

output "virtuozzo_rows" {
  value = [
    for row in data.billing_account_history.april.history : {
      at   = row.date_time
      type = row.type
      cost = row.cost
    }
  ]
}

check "virtuozzo_budget" {
  assert {
    condition     = data.billing_account_history.april.total_cost <= 50
    error_message = "Virtuozzo spend for April is ${data.billing_account_history.april.total_cost}, over the budget of 50."
  }
}

data "billing_ocamba_usage" "all" {
  sort      = "-amount"
  page_size = 2 # small pages, to show every page being read
}

output "ocamba_amount_by_currency" {
  description = "Exact sum of the line items' amounts, per currency, over every page."
  value       = data.billing_ocamba_usage.all.total_amount_by_currency
}

output "ocamba_records" {
  value = [
    for usage in data.billing_ocamba_usage.all.usages : {
      id       = usage.id
      app      = usage.app_id
      amount   = usage.amount
      currency = usage.currency_code
    }
  ]
}

check "ocamba_usd_budget" {
  assert {
    condition     = lookup(data.billing_ocamba_usage.all.total_amount_by_currency, "USD", 0) <= 10
    error_message = "Ocamba spend is ${lookup(data.billing_ocamba_usage.all.total_amount_by_currency, "USD", 0)} USD, over the budget of 10."
  }
}

data "billing_accounts_usage" "january" {
  from_month = "2024-01"
  to_month   = "2024-01"
}

output "talkdesk_amount_by_currency" {
  description = "Exact sum of total_amount per currency, January 2024, every account."
  value       = data.billing_accounts_usage.january.total_amount_by_currency
}

output "talkdesk_usages" {
  value = [
    for u in data.billing_accounts_usage.january.usages : {
      account = u.account_id
      type    = u.type
      amount  = u.total_amount
    }
  ]
}

check "talkdesk_usd_budget" {
  assert {
    condition     = lookup(data.billing_accounts_usage.january.total_amount_by_currency, "USD", 0) <= 100
    error_message = "Talkdesk spend for January is ${lookup(data.billing_accounts_usage.january.total_amount_by_currency, "USD", 0)} USD, over the budget of 100."
  }
}

# What is left to spend and what is owed: the balance, the account and the
# invoices, next to the usage above.
data "billing_truewatch_balance" "now" {}

output "truewatch_cash_balance" {
  description = "TrueWatch's prepaid cash balance now (exact)."
  value       = data.billing_truewatch_balance.now.cash_balance
}

check "truewatch_balance_covers_a_month" {
  assert {
    condition     = data.billing_truewatch_balance.now.cash_balance >= data.billing_truewatch_details.october_summary.total_billing_result
    error_message = "TrueWatch's cash balance of ${data.billing_truewatch_balance.now.cash_balance} does not cover a month like October (${data.billing_truewatch_details.october_summary.total_billing_result})."
  }
}

data "billing_virtuozzo_account" "me" {}

output "virtuozzo_account" {
  description = "The Virtuozzo account the token belongs to: its status and balance."
  value = {
    email   = data.billing_virtuozzo_account.me.email
    status  = data.billing_virtuozzo_account.me.status
    balance = data.billing_virtuozzo_account.me.balance
  }
}

data "billing_ocamba_invoices" "all" {
  include_rows = false
}

output "ocamba_invoiced_by_status" {
  description = "Ocamba invoice amounts per status, then per currency."
  value       = data.billing_ocamba_invoices.all.amount_by_status
}

data "billing_talkdesk_invoices" "all" {}

locals {
  # Lines not PAID or VOID whose due date (its YYYY-MM-DD part) is before
  # the day the plan runs.
  talkdesk_overdue = [
    for l in data.billing_talkdesk_invoices.all.lines : l
    if !contains(["PAID", "VOID"], l.status == null ? "" : l.status) &&
    (l.due_date == null ? false : timecmp("${substr(l.due_date, 0, 10)}T00:00:00Z", "${formatdate("YYYY-MM-DD", plantimestamp())}T00:00:00Z") < 0)
  ]
}

output "talkdesk_overdue" {
  description = "Talkdesk invoice lines unpaid past their due date, per currency."
  value       = provider::billing::sum_by(local.talkdesk_overdue, "currency", "amount")
}

check "talkdesk_no_overdue_invoices" {
  assert {
    condition     = length(local.talkdesk_overdue) == 0
    error_message = "Talkdesk invoice lines unpaid past their due date: ${join(", ", [for l in local.talkdesk_overdue : "${l.number} ${l.description} (${l.amount} ${l.currency})"])}."
  }
}

data "billing_talkdesk_accounts" "all" {}

output "talkdesk_january_by_account_name" {
  description = "January's Talkdesk usage per account, labelled \"name (id)\" (names need not be unique; the id alone without a name)."
  value = {
    for id, by_currency in data.billing_accounts_usage.january.total_amount_by_account :
    (lookup(data.billing_talkdesk_accounts.all.names_by_id, id, "") == "" ? id : "${data.billing_talkdesk_accounts.all.names_by_id[id]} (${id})") => by_currency
  }
}

# Budgets ahead of the bill. The fake's October is three days long, so the
# demo looks at it as of the 4th: 104.7 in three complete days runs on to
# 1081.9 by the month's end. A pipeline passes timeadd(plantimestamp(),
# "-48h") instead, and takes the month from it.
locals {
  october_projection = provider::billing::forecast(
    data.billing_truewatch_details.october_summary.billing_result_by_day, "2026-10-01", "2026-10-31", "2026-10-04T00:00:00Z"
  )
  # Days at least 10 and 50% above the day before: 63.15 on the 3rd after
  # 0.3 on the 2nd.
  october_jumps = provider::billing::anomalies(data.billing_truewatch_details.october_summary.billing_result_by_day, 1, 10, 50)
}

output "truewatch_october_forecast" {
  description = "October's TrueWatch spend on its complete days, per day, and run on to the month's end."
  value       = local.october_projection
}

output "truewatch_october_anomalies" {
  description = "October's TrueWatch days whose spend jumped: amount, baseline, increase and increase_percent."
  value       = local.october_jumps
}

check "truewatch_forecast_budget" {
  assert {
    condition     = local.october_projection.forecast <= 1000
    error_message = "TrueWatch is on course to cost ${local.october_projection.forecast} in October (${local.october_projection.actual} in ${local.october_projection.days_elapsed} days), over the budget of 1000."
  }
}

check "truewatch_spend_anomalies" {
  assert {
    condition = length(local.october_jumps) == 0
    error_message = "TrueWatch spend jumped: ${join(", ", [
      for day, jump in local.october_jumps : "${day} cost ${jump.amount} against a baseline of ${jump.baseline}"
    ])}."
  }
}

# Ocamba's spend in every currency as one USD figure, at a rate given here.
output "ocamba_in_usd" {
  description = "Ocamba's usage, EUR converted at 1.08 USD."
  value       = provider::billing::convert(data.billing_ocamba_usage.all.total_amount_by_currency, { EUR = 1.08 }, "USD")
}
