# Invoice lines of the Talkdesk organisation dated in 2024. The API's
# invoice filters are not documented: the provider reads every page and
# keeps the lines of the range itself.
data "billing_talkdesk_invoices" "year" {
  from_date    = "2024-01-01"
  to_date      = "2024-12-31"
  include_rows = false
}

# Per month (YYYY-MM of the line's date), then per currency.
output "talkdesk_invoiced_by_month" {
  value = data.billing_talkdesk_invoices.year.amount_by_month
}

# One account's lines, kept in state.
data "billing_talkdesk_invoices" "support" {
  account_ids = ["5ea7a1c3e4b0d92f1a6b3c01"]
}

# Each of its invoices once, as "number status".
output "talkdesk_support_invoices" {
  value = distinct([for l in data.billing_talkdesk_invoices.support.lines : "${l.number} ${l.status}"])
}

locals {
  # Lines not settled (PAID or VOID) whose due date is before the day the
  # plan runs. due_date is written as 2024-09-30T00:00:00.000Z: its
  # YYYY-MM-DD part is compared.
  talkdesk_overdue = [
    for l in data.billing_talkdesk_invoices.support.lines : l
    if !contains(["PAID", "VOID"], l.status == null ? "" : l.status) &&
    (l.due_date == null ? false : timecmp("${substr(l.due_date, 0, 10)}T00:00:00Z", "${formatdate("YYYY-MM-DD", plantimestamp())}T00:00:00Z") < 0)
  ]
}

check "talkdesk_nothing_overdue" {
  assert {
    condition     = length(local.talkdesk_overdue) == 0
    error_message = "Talkdesk invoice lines unpaid past their due date: ${join(", ", [for l in local.talkdesk_overdue : "${l.number} ${l.description} (${l.amount} ${l.currency})"])}."
  }
}
