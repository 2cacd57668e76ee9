# What these tests rely on, found under Terraform 1.11 and OpenTofu 1.12:
#
# - mock_provider "billing" still loads the real provider's schema (and
#   nothing else from it for data sources): the provider must be installed,
#   or served by a dev_overrides CLI config as scripts/test-policies does.
#   No `init` is needed with dev_overrides.
# - Provider functions are not mocked: a call to provider::billing::* in
#   the configuration runs in the real provider, even under mock_provider,
#   so the dates below are real. Test files themselves never call provider
#   functions: OpenTofu 1.12 crashes on a provider function in an `assert`
#   (it prints "Success!", then a crash, and exits 11; Terraform accepts
#   it). Assert on outputs and arguments instead.
# - A computed attribute that no override sets is mocked empty: maps are
#   empty, numbers 0. So every policy passes with nothing overridden, and
#   each test file overrides only the data source it is about.
# - override_data `values` for a map of maps is an object literal whose
#   inner maps may have different keys ({ a = { USD = 1 }, b = {} });
#   numbers may be written as strings for exact decimals. A flat map where
#   a map of maps is expected is an error. A misspelled attribute name is
#   an error under OpenTofu but silently ignored by Terraform (the mocked
#   empty value is used instead), which is one reason to run both CLIs and
#   to give every run over the line an expect_failures.
# - A `check` block that fails under `terraform test` fails the run (its
#   warning becomes an error), like a failing output precondition; a run
#   passes only when exactly the objects listed in expect_failures fail.

mock_provider "billing" {}

run "every_policy_passes_on_empty_breakdowns" {
  command = plan

  assert {
    condition     = output.truewatch_last_month_total == 0 && length(output.talkdesk_last_month_by_currency) == 0
    error_message = "mocked totals should be 0 and {}"
  }
}

run "reads_last_month" {
  command = plan

  assert {
    condition = (
      tonumber(formatdate("YYYY", plantimestamp())) * 12 + tonumber(formatdate("MM", plantimestamp())) -
      tonumber(substr(output.period.month, 0, 4)) * 12 - tonumber(substr(output.period.month, 5, 2))
    ) == 1
    error_message = "period.month is ${output.period.month}, not the month before ${plantimestamp()}"
  }
  assert {
    condition = (
      tonumber(substr(output.period.month, 0, 4)) * 12 + tonumber(substr(output.period.month, 5, 2)) -
      tonumber(substr(output.period.month_before, 0, 4)) * 12 - tonumber(substr(output.period.month_before, 5, 2))
    ) == 1
    error_message = "month_before is ${output.period.month_before}, not the month before ${output.period.month}"
  }
  assert {
    condition     = data.billing_truewatch_details.last_month.start_date == "${output.period.month}-01"
    error_message = "TrueWatch start_date is ${data.billing_truewatch_details.last_month.start_date}"
  }
  assert {
    condition     = can(regex("^${output.period.month}-(28|29|30|31)$", data.billing_truewatch_details.last_month.end_date))
    error_message = "TrueWatch end_date is ${data.billing_truewatch_details.last_month.end_date}"
  }
  assert {
    condition     = data.billing_account_history.last_month.start_time == "${data.billing_truewatch_details.last_month.start_date} 00:00:00"
    error_message = "Virtuozzo start_time is ${data.billing_account_history.last_month.start_time}"
  }
  assert {
    condition     = data.billing_account_history.last_month.end_time == "${data.billing_truewatch_details.last_month.end_date} 23:59:59"
    error_message = "Virtuozzo end_time is ${data.billing_account_history.last_month.end_time}"
  }
  assert {
    condition = (
      data.billing_accounts_usage.last_month.from_month == output.period.month &&
      data.billing_accounts_usage.last_month.to_month == output.period.month &&
      data.billing_accounts_usage.month_before.from_month == output.period.month_before &&
      data.billing_accounts_usage.month_before.to_month == output.period.month_before
    )
    error_message = "Talkdesk months are not last month and the month before"
  }
}

run "reads_no_rows" {
  command = plan

  assert {
    condition = alltrue([
      data.billing_truewatch_details.last_month.include_rows == false,
      data.billing_account_history.last_month.include_rows == false,
      data.billing_ocamba_usage.current.include_rows == false,
      data.billing_accounts_usage.last_month.include_rows == false,
      data.billing_accounts_usage.month_before.include_rows == false,
    ])
    error_message = "every data source should be read with include_rows = false"
  }
}
