# Virtuozzo: no environment (appid) may cost more than environment_limit
# (default 50) in a month. Charges without an environment (key "") too.

mock_provider "billing" {}

run "every_environment_under_the_limit" {
  command = plan

  override_data {
    target = data.billing_account_history.last_month
    values = {
      cost_by_appid = { "env-web" = 49.99, "env-db" = 50, "" = 3.2 }
      total_cost    = 103.19
    }
  }
}

run "one_environment_over_the_limit" {
  command = plan

  override_data {
    target = data.billing_account_history.last_month
    values = {
      cost_by_appid = { "env-web" = 12, "env-db" = 50.01 }
    }
  }

  expect_failures = [check.virtuozzo_environment_limit]
}

run "charges_without_an_environment_over_the_limit" {
  command = plan

  override_data {
    target = data.billing_account_history.last_month
    values = {
      cost_by_appid = { "env-web" = 12, "" = 75 }
    }
  }

  expect_failures = [check.virtuozzo_environment_limit]
}

run "a_higher_limit" {
  command = plan

  variables {
    environment_limit = 80
  }

  override_data {
    target = data.billing_account_history.last_month
    values = {
      cost_by_appid = { "env-web" = 12, "env-db" = 79.9, "" = 75 }
    }
  }
}
