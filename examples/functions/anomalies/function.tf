# Days of the last four weeks whose Virtuozzo spend rose at least 20 and at
# least 50% above the mean of the 7 days before them. The read covers the
# 28 days to judge and the 7 days of the first one's baseline.
locals {
  window    = 7
  first_day = formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-${(28 + local.window) * 24}h"))
  yesterday = formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-24h"))
}

data "billing_account_history" "recent" {
  start_time   = "${local.first_day} 00:00:00"
  end_time     = "${local.yesterday} 23:59:59"
  period       = "DAY"
  include_rows = false # cost_by_date is all the rule needs
}

locals {
  # e.g. { "2026-10-14" = { amount = 90, baseline = 20, increase = 70, increase_percent = 350 } }
  virtuozzo_jumps = provider::billing::anomalies(data.billing_account_history.recent.cost_by_date, local.window, 20, 50)
}

check "virtuozzo_spend_anomalies" {
  assert {
    condition = length(local.virtuozzo_jumps) == 0
    error_message = "Virtuozzo spend jumped: ${join(", ", [
      for day, jump in local.virtuozzo_jumps : "${day} cost ${jump.amount} against a baseline of ${jump.baseline}"
    ])}."
  }
}
