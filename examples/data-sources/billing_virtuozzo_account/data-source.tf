# The account that the token (VIRTUOZZO_TOKEN) belongs to, on the platform
# at VIRTUOZZO_API_URL.
data "billing_virtuozzo_account" "current" {}

output "virtuozzo_account" {
  value = {
    email   = data.billing_virtuozzo_account.current.email
    status  = data.billing_virtuozzo_account.current.status
    balance = data.billing_virtuozzo_account.current.balance
    bonus   = data.billing_virtuozzo_account.current.bonus
  }
}

# Fail the plan when the account is not active, or its balance runs low.
data "billing_virtuozzo_account" "guarded" {
  lifecycle {
    postcondition {
      condition     = self.status == "ACTIVE"
      error_message = "The Virtuozzo account ${coalesce(self.email, "(no email)")} is ${coalesce(self.status, "of unknown status")}, not ACTIVE."
    }
    postcondition {
      condition     = coalesce(self.balance, 0) >= 10
      error_message = "The Virtuozzo account balance is ${coalesce(self.balance, 0)}, below 10."
    }
  }
}
