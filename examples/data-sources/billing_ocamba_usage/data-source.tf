# Every usage record of the Ocamba account that the token (OCAMBA_TOKEN)
# belongs to, largest amounts first. All pages are read, several at a time.
data "billing_ocamba_usage" "all" {
  sort      = "-amount,start_date"
  page_size = 500
}

output "ocamba_amount_by_currency" {
  value = data.billing_ocamba_usage.all.total_amount_by_currency
}

# Only the records whose line items mention "push".
data "billing_ocamba_usage" "push" {
  search        = "push"
  search_fields = ["items"]
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
