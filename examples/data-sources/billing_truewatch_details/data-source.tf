# Billing details of October 2026 for the workspace that the API key
# (TRUEWATCH_API_KEY) belongs to.
data "billing_truewatch_details" "october" {
  start_date = "2026-10-01"
  end_date   = "2026-10-31"
}

# The exact total, ready for a pipeline to publish.
output "truewatch_october_total" {
  value = data.billing_truewatch_details.october.total_billing_result
}

# Amount payable per product and day, skipping rows without an amount.
output "truewatch_october_rows" {
  value = [
    for row in data.billing_truewatch_details.october.details : {
      day     = row.consume_time_of_day
      product = row.product_detail
      amount  = row.billing_result
    } if row.billing_result != null
  ]
}

# Per product (display name): exact sums over every row, kept in state even
# when the rows are not. billing_result_by_workspace and
# billing_result_by_day give the same sums per workspace and per day.
output "truewatch_october_by_product" {
  value = data.billing_truewatch_details.october.billing_result_by_product
}

# A check block reports (as a warning) when spend crosses the budget.
check "truewatch_budget" {
  assert {
    condition     = data.billing_truewatch_details.october.total_billing_result <= 100
    error_message = "TrueWatch spend for October is ${data.billing_truewatch_details.october.total_billing_result}, over the budget of 100."
  }
}

# A postcondition fails the plan instead, stopping the pipeline. It needs
# only the sums, so the rows stay out of state.
data "billing_truewatch_details" "guarded" {
  start_date   = "2026-10-01"
  end_date     = "2026-10-31"
  include_rows = false

  lifecycle {
    postcondition {
      condition     = lookup(self.billing_result_by_product, "Session Replay", 0) <= 500
      error_message = "TrueWatch Session Replay spend ${lookup(self.billing_result_by_product, "Session Replay", 0)} crossed the hard limit of 500."
    }
  }
}
