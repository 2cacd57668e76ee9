# Every invoice of the Ocamba account that the token (OCAMBA_TOKEN) belongs
# to. All pages are read, several at a time. Only the sums are used, so the
# invoices stay out of state.
data "billing_ocamba_invoices" "all" {
  include_rows = false
}

output "ocamba_invoiced_by_currency" {
  value = data.billing_ocamba_invoices.all.total_amount_by_currency
}

# Per status, then per currency: money in different currencies is never added.
output "ocamba_invoiced_by_status" {
  value = data.billing_ocamba_invoices.all.amount_by_status
}

check "ocamba_nothing_overdue" {
  assert {
    condition     = length(lookup(data.billing_ocamba_invoices.all.amount_by_status, "overdue", {})) == 0
    error_message = "Ocamba invoices are overdue: ${jsonencode(lookup(data.billing_ocamba_invoices.all.amount_by_status, "overdue", {}))}."
  }
}

# The rows: the newest invoices first, with their PDFs.
data "billing_ocamba_invoices" "recent" {
  sort      = "-create_time"
  page_size = 50
}

output "ocamba_unpaid_invoices" {
  value = [
    for invoice in data.billing_ocamba_invoices.recent.invoices : {
      number   = invoice.invoice_number
      amount   = invoice.amount
      currency = invoice.currency_code
      due      = invoice.due_date
      pdf      = invoice.pdf
    } if invoice.status != "paid"
  ]
}
