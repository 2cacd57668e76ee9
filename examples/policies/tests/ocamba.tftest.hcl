# Ocamba: no app may cost more than its currency's limit (defaults USD 500,
# EUR 450). Amounts in different currencies are never added; a currency
# without a limit has limit 0.

mock_provider "billing" {}

run "every_app_under_its_limits" {
  command = plan

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      amount_by_app = {
        "app-1" = { USD = 499.99, EUR = 450 }
        "app-2" = { USD = 10 }
      }
    }
  }
}

run "currencies_are_not_added" {
  command = plan

  # 400 USD and 400 EUR: each under its limit; added (800) they would not be.
  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      amount_by_app = { "app-1" = { USD = 400, EUR = 400 } }
    }
  }
}

run "one_app_over_in_one_currency" {
  command = plan

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      amount_by_app = {
        "app-1" = { USD = 100, EUR = 100 }
        "app-2" = { USD = 100, EUR = 450.01 }
      }
    }
  }

  expect_failures = [check.ocamba_app_limit]
}

run "currency_without_a_limit" {
  command = plan

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      amount_by_app = { "app-3" = { GBP = 0.01 } }
    }
  }

  expect_failures = [check.ocamba_app_limit]
}

run "currency_given_a_limit" {
  command = plan

  variables {
    ocamba_app_limits = { USD = 500, EUR = 450, GBP = 100 }
  }

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      amount_by_app = { "app-3" = { GBP = 99 } }
    }
  }
}
