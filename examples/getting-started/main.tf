# Last month's TrueWatch bill, held to a limit. The precondition fails the
# plan when the bill is over it; a check block would only warn.
variable "limit" {
  description = "Most TrueWatch may cost in a month."
  type        = number
  default     = 1000
}

locals {
  # The calendar month before the plan's timestamp: month, start_date, end_date, ...
  last_month = provider::billing::billing_period(plantimestamp(), -1)
}

data "billing_truewatch_details" "last_month" {
  start_date   = local.last_month.start_date
  end_date     = local.last_month.end_date
  include_rows = false # only the sums are needed, so no rows are kept in state
}

output "truewatch_last_month" {
  description = "TrueWatch's bill for last month: billing_result summed exactly over every row."
  value       = data.billing_truewatch_details.last_month.total_billing_result

  precondition {
    condition     = data.billing_truewatch_details.last_month.total_billing_result <= var.limit
    error_message = "TrueWatch cost ${data.billing_truewatch_details.last_month.total_billing_result} in ${local.last_month.month}, over the limit of ${var.limit}."
  }
}
