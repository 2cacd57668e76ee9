# Monthly usage of two accounts of the Talkdesk organisation, first quarter
# of 2024. Credentials come from the provider's talkdesk settings (or the
# TALKDESK_* environment variables).
data "billing_accounts_usage" "q1" {
  account_ids = ["5ea7a1c3e4b0d92f1a6b3c01", "5ea7a1c3e4b0d92f1a6b3c02"]
  from_month  = "2024-01"
  to_month    = "2024-03"
}

output "talkdesk_q1_by_currency" {
  value = data.billing_accounts_usage.q1.total_amount_by_currency
}

# Each call record: its account, month and amount in its currency.
output "talkdesk_q1_calls" {
  value = [
    for u in data.billing_accounts_usage.q1.usages : {
      account  = u.account_id
      month    = u.month
      amount   = u.total_amount
      currency = u.currency
    } if u.type == "CALL"
  ]
}

# Per account, then per currency. total_amount_by_month and
# total_amount_by_type break the spend down by month and by type the same way.
output "talkdesk_q1_by_account" {
  value = data.billing_accounts_usage.q1.total_amount_by_account
}

# Or a raw filter in the API's own language; only the sums are kept.
data "billing_accounts_usage" "december" {
  filter       = "month eq '2023-12'"
  order_by     = "total_amount:desc"
  include_rows = false
}

check "talkdesk_usd_budget" {
  assert {
    condition     = lookup(data.billing_accounts_usage.q1.total_amount_by_currency, "USD", 0) <= 1000
    error_message = "Talkdesk spend for Q1 is ${lookup(data.billing_accounts_usage.q1.total_amount_by_currency, "USD", 0)} USD, over the budget of 1000."
  }
}
