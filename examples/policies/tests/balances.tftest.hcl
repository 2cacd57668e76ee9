# The balance and invoice policies: TrueWatch's cash balance covers last
# month's spend; no Ocamba invoice is overdue.

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

run "no_overdue_invoice" {
  command = plan

  override_data {
    target = data.billing_ocamba_invoices.all
    values = { amount_by_status = { paid = { USD = 131.98 }, unpaid = { USD = 120 } } }
  }
}

run "an_overdue_invoice" {
  command = plan

  override_data {
    target = data.billing_ocamba_invoices.all
    values = { amount_by_status = { paid = { USD = 131.98 }, overdue = { EUR = 11.99 } } }
  }

  expect_failures = [check.ocamba_no_overdue_invoices]
}
