# Spend policies: copy this directory, set the limits, and run `plan` in a
# scheduled pipeline. Every data source with a date range reads last month
# (the calendar month before the plan's own timestamp); Ocamba's usage has
# no date argument, so it reads the account's current records. The usage
# data sources are read with include_rows = false: the policies need only
# the breakdowns, so no usage rows are kept in state. The invoices keep
# theirs (balances.tf): overdue is judged per invoice, by its due date.
#
# Two kinds of rule:
# - `check` blocks report a breach as a warning: the plan still succeeds.
#   Use them for limits that should alert someone, not stop a pipeline.
# - `precondition`s on outputs fail the plan: use them for hard limits.
#
# Money in different currencies is never added together: Ocamba and
# Talkdesk limits are maps from a currency code to a limit, and spend in a
# currency that has no limit in the map counts as over it (limit 0), so a
# new currency is noticed rather than ignored.
#
# Provider functions need Terraform >= 1.8 or OpenTofu >= 1.7. The tests in
# tests/ need Terraform >= 1.7 or OpenTofu >= 1.8 (mock_provider).
terraform {
  required_providers {
    billing = {
      source  = "billingtf/billing"
      version = "~> 0.1.0"
    }
  }
}

# Credentials come from the environment (TRUEWATCH_API_KEY, VIRTUOZZO_API_URL
# and VIRTUOZZO_TOKEN, OCAMBA_TOKEN, TALKDESK_* ...); see examples/provider.
provider "billing" {}

locals {
  # The calendar month before the plan's timestamp, and the one before that,
  # as month, start_date/end_date and start_time/end_time.
  last_month   = provider::billing::billing_period(plantimestamp(), -1)
  month_before = provider::billing::billing_period(plantimestamp(), -2)
}

# --- TrueWatch: one product's bill --------------------------------------------

variable "truewatch_product" {
  description = "TrueWatch product (its display name, as in product_detail) whose monthly bill is limited."
  type        = string
  default     = "Session Replay"
}

variable "product_limit" {
  description = "Most the TrueWatch product named by truewatch_product may cost in a month."
  type        = number
  default     = 200
}

variable "truewatch_total_limit" {
  description = "Most all of TrueWatch may cost in a month (a hard limit: the plan fails above it)."
  type        = number
  default     = 1000
}

data "billing_truewatch_details" "last_month" {
  start_date   = local.last_month.start_date
  end_date     = local.last_month.end_date
  include_rows = false
}

check "truewatch_product_limit" {
  assert {
    condition     = lookup(data.billing_truewatch_details.last_month.billing_result_by_product, var.truewatch_product, 0) <= var.product_limit
    error_message = "TrueWatch ${var.truewatch_product} cost ${lookup(data.billing_truewatch_details.last_month.billing_result_by_product, var.truewatch_product, 0)} in ${local.last_month.month}, over its limit of ${var.product_limit}."
  }
}

output "truewatch_last_month_total" {
  description = "TrueWatch bill for last month (billing_result over every row)."
  value       = data.billing_truewatch_details.last_month.total_billing_result

  precondition {
    condition     = data.billing_truewatch_details.last_month.total_billing_result <= var.truewatch_total_limit
    error_message = "TrueWatch cost ${data.billing_truewatch_details.last_month.total_billing_result} in ${local.last_month.month}, over the hard limit of ${var.truewatch_total_limit}."
  }
}

# --- Virtuozzo: every environment under one limit -----------------------------

variable "environment_limit" {
  description = "Most any one Virtuozzo environment (appid) may cost in a month. Charges without an environment are summed under \"\" and held to the same limit."
  type        = number
  default     = 50
}

data "billing_account_history" "last_month" {
  start_time   = local.last_month.start_time
  end_time     = local.last_month.end_time
  period       = "MONTH"
  include_rows = false
}

check "virtuozzo_environment_limit" {
  assert {
    condition = alltrue([
      for cost in values(data.billing_account_history.last_month.cost_by_appid) : cost <= var.environment_limit
    ])
    error_message = "Virtuozzo environments over ${var.environment_limit} in ${local.last_month.month}: ${join(", ", [
      for appid, cost in data.billing_account_history.last_month.cost_by_appid : "${appid == "" ? "(no environment)" : appid} = ${cost}" if cost > var.environment_limit
    ])}."
  }
}

# --- Ocamba: every app under a limit per currency -----------------------------

variable "ocamba_app_limits" {
  description = "Most any one Ocamba app may cost, per currency code. Spend in a currency missing here is over its limit."
  type        = map(number)
  default = {
    USD = 500
    EUR = 450
  }
}

data "billing_ocamba_usage" "current" {
  # Ocamba's usage listing has no date range: it lists the current usage
  # records. Narrow it with search/search_fields if needed.
  include_rows = false
}

check "ocamba_app_limit" {
  assert {
    condition = alltrue(flatten([
      for app, by_currency in data.billing_ocamba_usage.current.amount_by_app : [
        for currency, amount in by_currency : amount <= lookup(var.ocamba_app_limits, currency, 0)
      ]
    ]))
    error_message = "Ocamba apps over their limit: ${join(", ", flatten([
      for app, by_currency in data.billing_ocamba_usage.current.amount_by_app : [
        for currency, amount in by_currency : "${app} = ${amount} ${currency} (limit ${lookup(var.ocamba_app_limits, currency, 0)})" if amount > lookup(var.ocamba_app_limits, currency, 0)
      ]
    ]))}."
  }
}

# --- Talkdesk: accounts per currency, month-on-month growth, hard total --------

variable "talkdesk_account_limits" {
  description = "Most any one Talkdesk account may cost in a month, per currency code. Spend in a currency missing here is over its limit."
  type        = map(number)
  default = {
    USD = 300
    EUR = 250
  }
}

variable "talkdesk_total_limits" {
  description = "Most all Talkdesk accounts together may cost in a month, per currency code (a hard limit: the plan fails above it)."
  type        = map(number)
  default = {
    USD = 2000
    EUR = 1500
  }
}

variable "growth_factor" {
  description = "Warn when an account's monthly bill in a currency grows past this many times the month before's."
  type        = number
  default     = 2
}

variable "growth_floor" {
  description = "Ignore growth of accounts whose bill in that currency the month before was below this (small bills double easily)."
  type        = number
  default     = 10
}

data "billing_accounts_usage" "last_month" {
  from_month   = local.last_month.month
  to_month     = local.last_month.month
  include_rows = false
}

data "billing_accounts_usage" "month_before" {
  from_month   = local.month_before.month
  to_month     = local.month_before.month
  include_rows = false
}

locals {
  # "account currency" => { before, after } for every account and currency
  # billed at least growth_floor the month before and more than
  # growth_factor times as much last month. An account or currency new last
  # month has nothing before it (0, under the floor): talkdesk_account_limit
  # still holds it to its limit.
  talkdesk_before = data.billing_accounts_usage.month_before.total_amount_by_account
  talkdesk_growth = merge([
    for account, by_currency in data.billing_accounts_usage.last_month.total_amount_by_account : {
      for currency, amount in by_currency : "${account} ${currency}" => {
        before = lookup(lookup(local.talkdesk_before, account, {}), currency, 0)
        after  = amount
      }
      if lookup(lookup(local.talkdesk_before, account, {}), currency, 0) >= var.growth_floor &&
      amount > var.growth_factor * lookup(lookup(local.talkdesk_before, account, {}), currency, 0)
    }
  ]...)
}

check "talkdesk_account_limit" {
  assert {
    condition = alltrue(flatten([
      for account, by_currency in data.billing_accounts_usage.last_month.total_amount_by_account : [
        for currency, amount in by_currency : amount <= lookup(var.talkdesk_account_limits, currency, 0)
      ]
    ]))
    error_message = "Talkdesk accounts over their limit in ${local.last_month.month}: ${join(", ", flatten([
      for account, by_currency in data.billing_accounts_usage.last_month.total_amount_by_account : [
        for currency, amount in by_currency : "${account} = ${amount} ${currency} (limit ${lookup(var.talkdesk_account_limits, currency, 0)})" if amount > lookup(var.talkdesk_account_limits, currency, 0)
      ]
    ]))}."
  }
}

check "talkdesk_account_growth" {
  assert {
    condition     = length(local.talkdesk_growth) == 0
    error_message = "Talkdesk accounts that grew more than ${var.growth_factor}x from ${local.month_before.month} to ${local.last_month.month}: ${join(", ", [for key, g in local.talkdesk_growth : "${key} ${g.before} -> ${g.after}"])}."
  }
}

output "talkdesk_last_month_by_currency" {
  description = "Talkdesk bill for last month, all accounts, per currency."
  value       = data.billing_accounts_usage.last_month.total_amount_by_currency

  precondition {
    condition = alltrue([
      for currency, amount in data.billing_accounts_usage.last_month.total_amount_by_currency : amount <= lookup(var.talkdesk_total_limits, currency, 0)
    ])
    error_message = "Talkdesk cost over the hard limit in ${local.last_month.month}: ${join(", ", [
      for currency, amount in data.billing_accounts_usage.last_month.total_amount_by_currency : "${amount} ${currency} (limit ${lookup(var.talkdesk_total_limits, currency, 0)})" if amount > lookup(var.talkdesk_total_limits, currency, 0)
    ])}."
  }
}

output "period" {
  description = "The month the policies read (YYYY-MM), and the month before it, for the growth check."
  value = {
    month        = local.last_month.month
    month_before = local.month_before.month
  }
}
