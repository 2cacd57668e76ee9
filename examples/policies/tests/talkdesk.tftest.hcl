# Talkdesk: every account under its currency's limit (defaults USD 300,
# EUR 250), a warning when an account's bill in a currency more than
# doubles from the month before (from at least 10), and a hard limit on
# the month's total per currency (defaults USD 2000, EUR 1500).
#
# Per-account growth needs two reads (last month, the month before):
# total_amount_by_month breaks down by month and currency but not account.

mock_provider "billing" {}

run "every_account_under_its_limits" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = {
        "acc-1" = { USD = 300, EUR = 249.5 }
        "acc-2" = { USD = 120 }
      }
      total_amount_by_currency = { USD = 420, EUR = 249.5 }
    }
  }
  override_data {
    target = data.billing_accounts_usage.month_before
    values = {
      total_amount_by_account = {
        "acc-1" = { USD = 280, EUR = 200 }
        "acc-2" = { USD = 100 }
      }
    }
  }

  assert {
    condition     = output.talkdesk_last_month_by_currency["USD"] == 420 && output.talkdesk_last_month_by_currency["EUR"] == 249.5
    error_message = "totals are ${jsonencode(output.talkdesk_last_month_by_currency)}"
  }
  assert {
    condition     = length(local.talkdesk_growth) == 0
    error_message = "growth reported: ${jsonencode(local.talkdesk_growth)}"
  }
}

run "one_account_over_in_one_currency" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = { "acc-1" = { USD = 10, EUR = 250.01 } }
    }
  }

  expect_failures = [check.talkdesk_account_limit]
}

run "currency_without_a_limit" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = { "acc-1" = { CAD = 5 } }
    }
  }

  expect_failures = [check.talkdesk_account_limit]
}

run "exactly_doubled_is_not_growth" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = { "acc-1" = { USD = 200 } }
    }
  }
  override_data {
    target = data.billing_accounts_usage.month_before
    values = {
      total_amount_by_account = { "acc-1" = { USD = 100 } }
    }
  }
}

run "more_than_doubled" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = {
        "acc-1" = { USD = 200.01, EUR = 20 }
        "acc-2" = { USD = 50 }
      }
    }
  }
  override_data {
    target = data.billing_accounts_usage.month_before
    values = {
      total_amount_by_account = {
        "acc-1" = { USD = 100, EUR = 20 }
        "acc-2" = { USD = 40 }
      }
    }
  }

  expect_failures = [check.talkdesk_account_growth]

  assert {
    condition     = keys(local.talkdesk_growth) == ["acc-1 USD"] && local.talkdesk_growth["acc-1 USD"].after == 200.01
    error_message = "growth reported: ${jsonencode(local.talkdesk_growth)}"
  }
}

run "growth_per_currency" {
  command = plan

  # USD flat, EUR from 12 to 30: the EUR bill more than doubled.
  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = { "acc-1" = { USD = 100, EUR = 30 } }
    }
  }
  override_data {
    target = data.billing_accounts_usage.month_before
    values = {
      total_amount_by_account = { "acc-1" = { USD = 100, EUR = 12 } }
    }
  }

  expect_failures = [check.talkdesk_account_growth]
}

run "small_and_new_accounts_are_not_growth" {
  command = plan

  # acc-1 from 5 (under growth_floor) to 60; acc-2 new this month.
  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = {
        "acc-1" = { USD = 60 }
        "acc-2" = { USD = 250 }
      }
    }
  }
  override_data {
    target = data.billing_accounts_usage.month_before
    values = {
      total_amount_by_account = { "acc-1" = { USD = 5 } }
    }
  }
}

run "growth_and_limit_both_fail" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_account = { "acc-1" = { USD = 350 } }
    }
  }
  override_data {
    target = data.billing_accounts_usage.month_before
    values = {
      total_amount_by_account = { "acc-1" = { USD = 100 } }
    }
  }

  expect_failures = [check.talkdesk_account_growth, check.talkdesk_account_limit]
}

run "total_over_the_hard_limit" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_currency = { USD = 2000.01, EUR = 10 }
    }
  }

  expect_failures = [output.talkdesk_last_month_by_currency]
}

run "totals_in_two_currencies_are_not_added" {
  command = plan

  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_currency = { USD = 1999, EUR = 1499 }
    }
  }
}
