# The balance and invoice policies: TrueWatch's cash balance covers last
# month's spend; no Ocamba invoice or Talkdesk invoice line is unpaid past
# its due date; last month's Talkdesk usage labelled by account name.

mock_provider "billing" {}

run "balance_covers_last_month" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = { total_billing_result = 104.7 }
  }
  override_data {
    target = data.billing_truewatch_balance.now
    values = { cash_balance = 104.7 }
  }

  assert {
    condition     = output.truewatch_cash_balance == 104.7
    error_message = "cash balance is ${output.truewatch_cash_balance}"
  }
}

run "balance_below_last_month" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = { total_billing_result = 104.7 }
  }
  override_data {
    target = data.billing_truewatch_balance.now
    values = { cash_balance = 104.69 }
  }

  expect_failures = [check.truewatch_balance_covers_last_month]
}

run "balance_left_out" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = { total_billing_result = 0.01 }
  }
  override_data {
    target = data.billing_truewatch_balance.now
    values = { cash_balance = null }
  }

  expect_failures = [check.truewatch_balance_covers_last_month]
}

# The overdue rules (ocamba_no_overdue_invoices,
# talkdesk_no_overdue_invoices) read the invoice rows, and Terraform's test
# framework cannot override a data source's nested row list; they are
# tested on real plans against the fake vendor APIs instead (the CI guide's
# test in internal/guides), under Terraform and OpenTofu. Here: no rows, no
# overdue invoice.
run "no_invoices_nothing_overdue" {
  command = plan

  override_data {
    target = data.billing_ocamba_invoices.all
    values = { total = 0 }
  }
  override_data {
    target = data.billing_talkdesk_invoices.all
    values = { total = 0 }
  }
}

run "usage_labelled_by_account_name" {
  command = plan

  override_data {
    target = data.billing_talkdesk_accounts.all
    values = { names_by_id = { "acc-7f3" = "Support EU", "acc-9a1" = "" } }
  }
  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = {
        "acc-7f3" = { EUR = 12.5 }
        "acc-9a1" = { USD = 3 }
        "acc-new" = { USD = 1 } # not (yet) among the accounts read
      }
    }
  }

  assert {
    # By JSON: the output's value is an object of maps, the literal here
    # an object of objects, which == never finds equal.
    condition = jsonencode(output.talkdesk_last_month_by_account_name) == jsonencode({
      "Support EU (acc-7f3)" = { EUR = 12.5 }
      "acc-9a1"              = { USD = 3 }
      "acc-new"              = { USD = 1 }
    })
    error_message = "labelled usage is ${jsonencode(output.talkdesk_last_month_by_account_name)}"
  }
}
