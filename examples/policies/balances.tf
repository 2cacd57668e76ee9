# What is left to spend and what is owed: the prepaid balance against last
# month's spend, and invoices that are overdue.

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

# --- Ocamba: no overdue invoice -------------------------------------------------

variable "ocamba_overdue_status" {
  description = "The status Ocamba gives an invoice that is past its due date unpaid."
  type        = string
  default     = "overdue"
}

data "billing_ocamba_invoices" "all" {
  include_rows = false
}

check "ocamba_no_overdue_invoices" {
  assert {
    condition     = length(lookup(data.billing_ocamba_invoices.all.amount_by_status, var.ocamba_overdue_status, {})) == 0
    error_message = "Ocamba invoices are overdue: ${join(", ", [for currency, amount in lookup(data.billing_ocamba_invoices.all.amount_by_status, var.ocamba_overdue_status, {}) : "${amount} ${currency}"])}."
  }
}

# --- Talkdesk: no overdue invoice line, and last month per account name --------

data "billing_talkdesk_invoices" "all" {
  include_rows = false
}

check "talkdesk_no_overdue_invoices" {
  assert {
    condition     = length(lookup(data.billing_talkdesk_invoices.all.amount_by_status, "OVERDUE", {})) == 0
    error_message = "Talkdesk invoice lines are overdue: ${join(", ", [for currency, amount in lookup(data.billing_talkdesk_invoices.all.amount_by_status, "OVERDUE", {}) : "${amount} ${currency}"])}."
  }
}

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
