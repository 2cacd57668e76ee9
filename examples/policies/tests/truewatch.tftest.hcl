# TrueWatch: one product's monthly bill (a check) and the whole bill (a
# precondition on an output). Defaults: Session Replay <= 200, all <= 1000.

mock_provider "billing" {
  # A balance that covers any month here: balances.tftest.hcl tests it.
  mock_data "billing_truewatch_balance" {
    defaults = { cash_balance = 1000000 }
  }
}

run "product_under_its_limit" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = {
      # Other products may cost more: only Session Replay is limited.
      billing_result_by_product = { "Session Replay" = 199.99, "Log" = 450.5 }
      total_billing_result      = 650.49
    }
  }

  assert {
    condition     = output.truewatch_last_month_total == 650.49
    error_message = "total is ${output.truewatch_last_month_total}"
  }
}

run "product_at_its_limit" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = {
      billing_result_by_product = { "Session Replay" = 200 }
    }
  }
}

run "product_over_its_limit" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = {
      billing_result_by_product = { "Session Replay" = 200.01, "Log" = 1 }
      total_billing_result      = 201.01
    }
  }

  expect_failures = [check.truewatch_product_limit]
}

run "another_product_and_limit" {
  command = plan

  variables {
    truewatch_product = "Log"
    product_limit     = 400
  }

  override_data {
    target = data.billing_truewatch_details.last_month
    values = {
      billing_result_by_product = { "Session Replay" = 250, "Log" = 450.5 }
    }
  }

  expect_failures = [check.truewatch_product_limit]
}

run "product_not_billed" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = {
      billing_result_by_product = { "Log" = 900 }
    }
  }
}

run "total_over_the_hard_limit" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.last_month
    values = {
      billing_result_by_product = { "Session Replay" = 10, "Log" = 990.01 }
      total_billing_result      = 1000.01
    }
  }

  expect_failures = [output.truewatch_last_month_total]
}
