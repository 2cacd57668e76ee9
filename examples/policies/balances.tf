# What is left to spend and what is owed: the prepaid balance against last
# month's spend, and invoices unpaid past their due date.

# --- TrueWatch: the cash balance covers last month's spend ----------------------

data "billing_truewatch_balance" "now" {}

check "truewatch_balance_covers_last_month" {
  assert {
    # A balance the API leaves out is null: counted as 0, so that it is
    # noticed rather than skipped.
    condition     = coalesce(data.billing_truewatch_balance.now.cash_balance, 0) >= data.billing_truewatch_details.last_month.total_billing_result
    error_message = "TrueWatch's cash balance of ${coalesce(data.billing_truewatch_balance.now.cash_balance, 0)} does not cover another month like ${local.last_month.month} (${data.billing_truewatch_details.last_month.total_billing_result})."
  }
}

output "truewatch_cash_balance" {
  description = "TrueWatch's prepaid cash balance now."
  value       = data.billing_truewatch_balance.now.cash_balance
}

# --- Overdue invoices: unpaid past their due date ----------------------------
#
# An invoice is overdue when it is not settled and its due date is before
# the day the plan runs. Neither vendor documents a status for "overdue",
# so the rule compares due_date with plantimestamp() and needs the rows.
# Invoices are few, so they are kept in state (include_rows defaults to
# true). A due date is compared by its YYYY-MM-DD part: Ocamba writes
# 2026-10-31, Talkdesk 2026-10-31T00:00:00.000Z. An invoice without a due
# date is never overdue.

variable "ocamba_settled_statuses" {
  description = "Ocamba invoice statuses that need no payment (Ocamba documents \"paid\"; add others your account uses, such as a cancelled status)."
  type        = list(string)
  default     = ["paid"]
}

variable "talkdesk_settled_statuses" {
  description = "Talkdesk invoice statuses that need no payment."
  type        = list(string)
  default     = ["PAID", "VOID"]
}

locals {
  plan_day = formatdate("YYYY-MM-DD", plantimestamp())

  ocamba_overdue = [
    for invoice in data.billing_ocamba_invoices.all.invoices : invoice
    if !contains(var.ocamba_settled_statuses, invoice.status == null ? "" : invoice.status) &&
    (invoice.due_date == null ? false : timecmp("${substr(invoice.due_date, 0, 10)}T00:00:00Z", "${local.plan_day}T00:00:00Z") < 0)
  ]

  talkdesk_overdue = [
    for line in data.billing_talkdesk_invoices.all.lines : line
    if !contains(var.talkdesk_settled_statuses, line.status == null ? "" : line.status) &&
    (line.due_date == null ? false : timecmp("${substr(line.due_date, 0, 10)}T00:00:00Z", "${local.plan_day}T00:00:00Z") < 0)
  ]
}

data "billing_ocamba_invoices" "all" {}

check "ocamba_no_overdue_invoices" {
  assert {
    condition     = length(local.ocamba_overdue) == 0
    error_message = "Ocamba invoices unpaid past their due date: ${join(", ", [for invoice in local.ocamba_overdue : "${invoice.invoice_number} (${invoice.amount} ${invoice.currency_code}, due ${invoice.due_date})"])}."
  }
}

data "billing_talkdesk_invoices" "all" {}

check "talkdesk_no_overdue_invoices" {
  assert {
    condition     = length(local.talkdesk_overdue) == 0
    error_message = "Talkdesk invoice lines unpaid past their due date: ${join(", ", [for line in local.talkdesk_overdue : "${line.number} ${line.description} (${line.amount} ${line.currency}, due ${substr(line.due_date, 0, 10)})"])}."
  }
}

# --- Talkdesk: last month per account name ---------------------------------------

data "billing_talkdesk_accounts" "all" {}

locals {
  # "name (id)" for each account, or the id alone when the account has no
  # name: names need not be unique, ids are.
  talkdesk_labels = {
    for id, name in data.billing_talkdesk_accounts.all.names_by_id : id => (name == "" ? id : "${name} (${id})")
  }
}

output "talkdesk_last_month_by_account_name" {
  description = "Talkdesk bill for last month per account, labelled \"name (id)\" (the id alone for an account without a name), then per currency."
  value = {
    for id, by_currency in data.billing_accounts_usage.last_month.total_amount_by_account : lookup(local.talkdesk_labels, id, id) => by_currency
  }
}
