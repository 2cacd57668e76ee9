# Last month's Virtuozzo cost of one environment, summed exactly from the
# rows (cost_by_appid holds it too; sum adds any list of numbers you pick).
locals {
  last_month = provider::billing::billing_period(plantimestamp(), -1)
}

data "billing_account_history" "last_month" {
  start_time = local.last_month.start_time
  end_time   = local.last_month.end_time
}

output "shop_cost_last_month" {
  value = provider::billing::sum([
    for row in data.billing_account_history.last_month.history : row.cost
    if row.appid == "shop-prod"
  ])
}

# Terraform's own sum gives 0.30000000000000004 here, and fails on null
# elements and on an empty list; this one gives 0.3, skips nulls and sums
# an empty list to 0.
output "exact" {
  value = provider::billing::sum([0.1, 0.2, null]) # 0.3
}
