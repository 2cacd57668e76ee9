# Budgets ahead of the bill: TrueWatch's forecast (a precondition, guarded
# by forecast_min_days = 5), spend anomalies of TrueWatch and Virtuozzo (a
# check: at least 20 and 50% above the mean of 7 days), and Ocamba's and
# Talkdesk's spend converted into USD under one limit (a precondition;
# defaults EUR = 1.08, limit 5000).
#
# as_of is pinned, so the days do not depend on when the tests run: on
# 2026-10-04, October's first three days are complete. Anomalies are
# judged on the last 3 complete days (2026-10-01 to 2026-10-03), so the
# reads start 7 days before them, on 2026-09-24.

mock_provider "billing" {}

variables {
  as_of        = "2026-10-04T09:00:00Z"
  anomaly_days = 3
}

# --- forecast ----------------------------------------------------------------

run "forecast_over_budget_but_too_early" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.this_month
    values = {
      billing_result_by_day = { "2026-10-01" = 41.25, "2026-10-02" = 0.3, "2026-10-03" = 63.15, "2026-10-04" = 7 }
    }
  }

  # 104.7 in 3 days runs on to 1081.9, over 1000; but 3 days are too few.
  assert {
    condition     = output.truewatch_forecast.forecast == 1081.9 && output.truewatch_forecast.days_elapsed == 3 && output.truewatch_forecast.incomplete == 7
    error_message = "forecast is ${jsonencode(output.truewatch_forecast)}"
  }
  assert {
    condition     = output.truewatch_forecast.month == "2026-10" && output.truewatch_forecast.days_in_period == 31
    error_message = "the period is ${output.truewatch_forecast.month}"
  }
}

# The month so far over the month's hard limit fails the plan, however few
# days are complete (as the OPA policies deny it).
run "month_so_far_over_the_hard_limit" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.this_month
    values = {
      total_billing_result  = 1000.01
      billing_result_by_day = { "2026-10-01" = 1000.01 }
    }
  }

  expect_failures = [output.truewatch_forecast]
}

run "month_so_far_at_the_hard_limit" {
  command = plan

  override_data {
    target = data.billing_truewatch_details.this_month
    values = {
      total_billing_result  = 1000
      billing_result_by_day = { "2026-10-01" = 1000 }
    }
  }

  assert {
    condition     = output.truewatch_forecast.actual == 1000
    error_message = "actual is ${output.truewatch_forecast.actual}"
  }
}

run "forecast_over_budget" {
  command = plan

  variables {
    as_of                     = "2026-10-06T00:00:00Z"
    truewatch_forecast_budget = 992.06
  }

  # 160.01 in 5 days runs on to 160.01 × 31 / 5 = 992.062.
  override_data {
    target = data.billing_truewatch_details.this_month
    values = {
      billing_result_by_day = { "2026-10-01" = 40, "2026-10-02" = 30, "2026-10-03" = 30, "2026-10-04" = 30, "2026-10-05" = 30.01 }
    }
  }

  expect_failures = [output.truewatch_forecast]
}

run "forecast_at_budget" {
  command = plan

  variables {
    as_of                     = "2026-10-06T00:00:00Z"
    truewatch_forecast_budget = 930
  }

  # 150 in 5 days runs on to exactly 930: at the budget is within it.
  override_data {
    target = data.billing_truewatch_details.this_month
    values = {
      billing_result_by_day = { "2026-10-01" = 30, "2026-10-02" = 30, "2026-10-03" = 30, "2026-10-04" = 30, "2026-10-05" = 30 }
    }
  }

  assert {
    condition     = output.truewatch_forecast.forecast == 930 && output.truewatch_forecast.daily_rate == 30
    error_message = "forecast is ${jsonencode(output.truewatch_forecast)}"
  }
}

run "forecast_with_fewer_days_required" {
  command = plan

  variables {
    forecast_min_days = 3
  }

  override_data {
    target = data.billing_truewatch_details.this_month
    values = {
      billing_result_by_day = { "2026-10-01" = 41.25, "2026-10-02" = 0.3, "2026-10-03" = 63.15 }
    }
  }

  expect_failures = [output.truewatch_forecast]
}

# On the first of the month nothing is complete: the forecast is 0, not
# null, and the rule holds.
run "forecast_on_the_first" {
  command = plan

  variables {
    as_of             = "2026-10-01T00:00:00Z"
    forecast_min_days = 0
  }

  assert {
    condition     = output.truewatch_forecast.forecast == 0 && output.truewatch_forecast.days_elapsed == 0
    error_message = "forecast is ${jsonencode(output.truewatch_forecast)}"
  }
}

# Unpinned, as_of is 48 hours before the plan, and the month is as_of's.
run "forecast_lags_the_plan" {
  command = plan

  variables {
    as_of = null
  }

  assert {
    condition     = output.truewatch_forecast.month == formatdate("YYYY-MM", timeadd(plantimestamp(), "-48h"))
    error_message = "the month is ${output.truewatch_forecast.month}, not the one 48 hours before ${plantimestamp()}"
  }
}

# --- anomalies ----------------------------------------------------------------

run "truewatch_day_jumps" {
  command = plan

  # A week of 10 a day, then 45: 35 and 350% above the baseline.
  override_data {
    target = data.billing_truewatch_details.recent
    values = {
      billing_result_by_day = {
        "2026-09-24" = 10, "2026-09-25" = 10, "2026-09-26" = 10, "2026-09-27" = 10,
        "2026-09-28" = 10, "2026-09-29" = 10, "2026-09-30" = 10, "2026-10-01" = 45,
      }
    }
  }

  expect_failures = [check.spend_anomalies]

  assert {
    condition     = length(output.spend_anomalies.TrueWatch) == 1 && output.spend_anomalies.TrueWatch["2026-10-01"].baseline == 10
    error_message = "anomalies are ${jsonencode(output.spend_anomalies)}"
  }
  assert {
    condition     = output.spend_anomalies.TrueWatch["2026-10-01"].increase == 35 && output.spend_anomalies.TrueWatch["2026-10-01"].increase_percent == 350
    error_message = "anomalies are ${jsonencode(output.spend_anomalies)}"
  }
}

run "truewatch_day_under_the_amount" {
  command = plan

  # 19.99 above the baseline: under 20, however large the share.
  override_data {
    target = data.billing_truewatch_details.recent
    values = {
      billing_result_by_day = {
        "2026-09-24" = 10, "2026-09-25" = 10, "2026-09-26" = 10, "2026-09-27" = 10,
        "2026-09-28" = 10, "2026-09-29" = 10, "2026-09-30" = 10, "2026-10-01" = 29.99,
      }
    }
  }

  assert {
    condition     = length(output.spend_anomalies.TrueWatch) == 0
    error_message = "anomalies are ${jsonencode(output.spend_anomalies)}"
  }
}

run "virtuozzo_day_at_the_percentage" {
  command = plan

  # A week of 100 a day, then 150: 50 and exactly 50% above, an anomaly.
  override_data {
    target = data.billing_account_history.recent
    values = {
      cost_by_date = {
        "2026-09-24" = 100, "2026-09-25" = 100, "2026-09-26" = 100, "2026-09-27" = 100,
        "2026-09-28" = 100, "2026-09-29" = 100, "2026-09-30" = 100, "2026-10-01" = 150,
      }
    }
  }

  expect_failures = [check.spend_anomalies]

  assert {
    condition     = length(output.spend_anomalies.Virtuozzo) == 1 && output.spend_anomalies.Virtuozzo["2026-10-01"].increase_percent == 50 && length(output.spend_anomalies.TrueWatch) == 0
    error_message = "anomalies are ${jsonencode(output.spend_anomalies)}"
  }
}

run "virtuozzo_day_under_the_percentage" {
  command = plan

  # 49.99 above a baseline of 100: over 20, but under 50%.
  override_data {
    target = data.billing_account_history.recent
    values = {
      cost_by_date = {
        "2026-09-24" = 100, "2026-09-25" = 100, "2026-09-26" = 100, "2026-09-27" = 100,
        "2026-09-28" = 100, "2026-09-29" = 100, "2026-09-30" = 100, "2026-10-01" = 149.99,
      }
    }
  }
}

# A service that starts spending is judged against the quiet days before
# it, from the first day read (2026-09-24): after a baseline of 0, 25 is
# an anomaly.
run "virtuozzo_spend_starts" {
  command = plan

  override_data {
    target = data.billing_account_history.recent
    values = {
      cost_by_date = { "2026-10-02" = 25 }
    }
  }

  expect_failures = [check.spend_anomalies]

  assert {
    condition     = output.spend_anomalies.Virtuozzo["2026-10-02"].baseline == 0 && output.spend_anomalies.Virtuozzo["2026-10-02"].increase_percent == null
    error_message = "anomalies are ${jsonencode(output.spend_anomalies)}"
  }
}

# --- one currency -------------------------------------------------------------

run "converted_spend_under_the_limit" {
  command = plan

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      total_amount_by_currency = { USD = 1000, EUR = 500 }
    }
  }
  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_currency = { USD = 2000, EUR = 1000 }
    }
  }

  # 3000 USD + 1500 EUR × 1.08
  assert {
    condition     = output.converted_spend == 4620
    error_message = "converted spend is ${output.converted_spend}"
  }
}

run "converted_spend_at_the_limit" {
  command = plan

  # 2000 + 1920 USD + 1000 EUR × 1.08
  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      total_amount_by_currency = { USD = 2000 }
    }
  }
  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_currency = { USD = 1920, EUR = 1000 }
    }
  }

  assert {
    condition     = output.converted_spend == 5000
    error_message = "converted spend is ${output.converted_spend}"
  }
}

run "converted_spend_over_the_limit" {
  command = plan

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      total_amount_by_currency = { USD = 2000, EUR = 0.01 }
    }
  }
  override_data {
    target = data.billing_accounts_usage.last_month
    values = {
      total_amount_by_currency = { USD = 1920, EUR = 1000 }
    }
  }

  expect_failures = [output.converted_spend]
}

run "currency_without_a_rate" {
  command = plan

  # A little GBP fails the plan, whatever the limit: it is never dropped.
  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      total_amount_by_currency = { USD = 10, GBP = 0.01 }
    }
  }

  expect_failures = [output.converted_spend]
}

run "currency_without_spend_needs_no_rate" {
  command = plan

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      total_amount_by_currency = { USD = 10, GBP = 0 }
    }
  }

  assert {
    condition     = output.converted_spend == 10
    error_message = "converted spend is ${output.converted_spend}"
  }
}

run "rates_into_another_currency" {
  command = plan

  variables {
    budget_currency       = "EUR"
    exchange_rates        = { USD = 0.92 }
    converted_spend_limit = 142
  }

  override_data {
    target = data.billing_ocamba_usage.current
    values = {
      total_amount_by_currency = { USD = 100, EUR = 50 }
    }
  }

  assert {
    condition     = output.converted_spend == 142
    error_message = "converted spend is ${output.converted_spend}"
  }
}

run "a_rate_of_zero" {
  command = plan

  variables {
    exchange_rates = { EUR = 0 }
  }

  expect_failures = [var.exchange_rates]
}
