# Invoice lines of the Talkdesk organisation dated in 2024. The API's
# invoice filters are not documented: the provider reads every page and
# keeps the lines of the range itself.
data "billing_talkdesk_invoices" "year" {
  from_date    = "2024-01-01"
  to_date      = "2024-12-31"
  include_rows = false
}

output "talkdesk_invoiced_by_month" {
  value = data.billing_talkdesk_invoices.year.amount_by_month
}

# One account's lines, kept in state.
data "billing_talkdesk_invoices" "support" {
  account_ids = ["5ea7a1c3e4b0d92f1a6b3c01"]
}

output "talkdesk_support_invoices" {
  value = distinct([for l in data.billing_talkdesk_invoices.support.lines : "${l.number} ${l.status}"])
}

# Nothing may be overdue, in any currency.
check "talkdesk_nothing_overdue" {
  assert {
    condition     = length(lookup(data.billing_talkdesk_invoices.year.amount_by_status, "OVERDUE", {})) == 0
    error_message = "Overdue Talkdesk invoices: ${jsonencode(lookup(data.billing_talkdesk_invoices.year.amount_by_status, "OVERDUE", {}))}."
  }
}
