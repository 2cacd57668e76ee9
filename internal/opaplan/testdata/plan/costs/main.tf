terraform {
  required_providers {
    billing = {
      source = "billingtf/billing"
    }
  }
}

data "billing_account_history" "april" {
  start_time   = "2024-04-01"
  end_time     = "2024-04-30 23:59:59"
  include_rows = false
}

data "billing_accounts_usage" "january" {
  from_month   = "2024-01"
  to_month     = "2024-01"
  include_rows = false
}
