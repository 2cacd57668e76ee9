# Last month's Talkdesk bill in every currency as one figure in USD, under
# one budget. Rates are a variable the pipeline sets; a currency billed
# without a rate fails the plan, naming it, instead of being left out.
variable "usd_rates" {
  description = "How many USD one unit of each currency is worth."
  type        = map(number)
  default     = { EUR = 1.08, GBP = 1.27 }
}

locals {
  last_month = provider::billing::billing_period(plantimestamp(), -1)
}

data "billing_accounts_usage" "last_month" {
  from_month   = local.last_month.month
  to_month     = local.last_month.month
  include_rows = false
}

output "talkdesk_last_month_usd" {
  # e.g. { USD = 1200, EUR = 100 } is 1200 + 100 × 1.08 = 1308
  value = provider::billing::convert(data.billing_accounts_usage.last_month.total_amount_by_currency, var.usd_rates, "USD")

  precondition {
    condition     = provider::billing::convert(data.billing_accounts_usage.last_month.total_amount_by_currency, var.usd_rates, "USD") <= 5000
    error_message = "Talkdesk cost more than 5000 USD in ${local.last_month.month}."
  }
}
