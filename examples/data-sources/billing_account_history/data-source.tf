# Daily billing history of April 2024 for the account that the token
# (VIRTUOZZO_TOKEN) belongs to, on the platform at VIRTUOZZO_API_URL.
data "billing_account_history" "april" {
  start_time = "2024-04-01"          # midnight, the platform's time zone
  end_time   = "2024-04-30 23:59:59" # sent as written
  period     = "DAY"
}

output "virtuozzo_april_cost" {
  value = data.billing_account_history.april.total_cost
}

# Each charge of a named environment: when, which, and its cost.
output "virtuozzo_april_cost_rows" {
  value = [
    for row in data.billing_account_history.april.history : {
      at   = row.date_time
      env  = row.appid
      cost = row.cost
    } if row.appid != null
  ]
}

# Cost per environment, summed exactly over every row. cost_by_type and
# cost_by_date give the same sums per type and per day.
output "virtuozzo_april_cost_by_environment" {
  value = data.billing_account_history.april.cost_by_appid
}

check "virtuozzo_budget" {
  assert {
    condition     = data.billing_account_history.april.total_cost <= 50
    error_message = "Virtuozzo spend for April is ${data.billing_account_history.april.total_cost}, over the budget of 50."
  }
}

# No environment may cost more than 20 a month. Only the breakdown is
# needed, so the rows stay out of state.
data "billing_account_history" "april_summary" {
  start_time   = "2024-04-01"
  end_time     = "2024-04-30 23:59:59"
  period       = "MONTH"
  include_rows = false
}

check "virtuozzo_environment_budget" {
  assert {
    condition     = alltrue([for cost in values(data.billing_account_history.april_summary.cost_by_appid) : cost <= 20])
    error_message = "An environment cost more than 20 in April: ${jsonencode(data.billing_account_history.april_summary.cost_by_appid)}."
  }
}
