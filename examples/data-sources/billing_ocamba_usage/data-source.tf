# Every usage record of the Ocamba account that the token (OCAMBA_TOKEN)
# belongs to. All pages are read, several at a time.
# Only the totals and breakdowns are used, so the rows stay out of state.
data "billing_ocamba_usage" "all" {
  page_size    = 500
  include_rows = false
}

output "ocamba_amount_by_currency" {
  value = data.billing_ocamba_usage.all.total_amount_by_currency
}

# Per app, then per currency: money in different currencies is never added.
output "ocamba_amount_by_app" {
  value = data.billing_ocamba_usage.all.amount_by_app
}

# Only the records whose line items mention "push", largest amounts first.
data "billing_ocamba_usage" "push" {
  search        = "push"
  search_fields = ["items"]
  sort          = "-amount,start_date"
}

output "ocamba_push_lines" {
  value = flatten([
    for usage in data.billing_ocamba_usage.push.usages : [
      for line in usage.line_items : {
        app      = usage.app_id
        line     = line.name
        amount   = line.amount
        currency = usage.currency_code
      }
    ]
  ])
}

check "ocamba_usd_budget" {
  assert {
    condition     = lookup(data.billing_ocamba_usage.all.total_amount_by_currency, "USD", 0) <= 500
    error_message = "Ocamba spend is ${lookup(data.billing_ocamba_usage.all.total_amount_by_currency, "USD", 0)} USD, over the budget of 500."
  }
}
