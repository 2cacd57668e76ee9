# The current balance of the workspace that the API key (TRUEWATCH_API_KEY)
# belongs to.
data "billing_truewatch_balance" "current" {}

output "truewatch_cash_balance" {
  value = data.billing_truewatch_balance.current.cash_balance
}

# Last month's spend, to compare the balance with.
data "billing_truewatch_details" "last_month" {
  start_date   = "2026-10-01"
  end_date     = "2026-10-31"
  include_rows = false
}

# Warn when the cash balance would not cover another month like the last.
# A balance the API leaves empty is null: coalesce treats it as 0.
check "truewatch_balance_covers_last_month" {
  assert {
    condition     = coalesce(data.billing_truewatch_balance.current.cash_balance, 0) >= data.billing_truewatch_details.last_month.total_billing_result
    error_message = "TrueWatch cash balance ${coalesce(data.billing_truewatch_balance.current.cash_balance, 0)} does not cover last month's spend of ${data.billing_truewatch_details.last_month.total_billing_result} (trace id ${data.billing_truewatch_balance.current.trace_id})."
  }
}
