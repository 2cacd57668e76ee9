# The accounts of the Talkdesk organisation. Credentials come from the
# provider's talkdesk settings (or the TALKDESK_* environment variables).
data "billing_talkdesk_accounts" "all" {}

output "talkdesk_active_accounts" {
  value = [for a in data.billing_talkdesk_accounts.all.accounts : a.name if a.status == "ACTIVE"]
}

# Label the usage breakdown by account with the accounts' names (the id
# where an account has no name).
data "billing_accounts_usage" "january" {
  from_month   = "2024-01"
  to_month     = "2024-01"
  include_rows = false
}

output "talkdesk_january_by_account_name" {
  value = {
    for id, amounts in data.billing_accounts_usage.january.total_amount_by_account :
    coalesce(lookup(data.billing_talkdesk_accounts.all.names_by_id, id, ""), id) => amounts
  }
}
