# Every invoice of the Ocamba account that the token (OCAMBA_TOKEN) belongs
# to. All pages are read, several at a time. Only the sums are used, so the
# invoices stay out of state.
data "billing_ocamba_invoices" "all" {
  include_rows = false
}

# The invoices' amount per currency: money in different currencies is
# never added.
output "ocamba_invoiced_by_currency" {
  value = data.billing_ocamba_invoices.all.total_amount_by_currency
}

# Per status (as Ocamba writes it, such as "paid"), then per currency.
output "ocamba_invoiced_by_status" {
  value = data.billing_ocamba_invoices.all.amount_by_status
}

# The rows: the newest invoices first, with their PDFs.
data "billing_ocamba_invoices" "recent" {
  sort      = "-create_time"
  page_size = 50
}

locals {
  ocamba_unpaid = [for invoice in data.billing_ocamba_invoices.recent.invoices : invoice if invoice.status != "paid"]

  # Unpaid and due before the day the plan runs. Ocamba documents no
  # "overdue" status: compare due_date (YYYY-MM-DD) with plantimestamp().
  ocamba_overdue = [
    for invoice in local.ocamba_unpaid : invoice
    if invoice.due_date == null ? false : timecmp("${invoice.due_date}T00:00:00Z", "${formatdate("YYYY-MM-DD", plantimestamp())}T00:00:00Z") < 0
  ]
}

output "ocamba_unpaid_invoices" {
  value = [
    for invoice in local.ocamba_unpaid : {
      number   = invoice.invoice_number
      amount   = invoice.amount
      currency = invoice.currency_code
      due      = invoice.due_date
      pdf      = invoice.pdf
    }
  ]
}

check "ocamba_nothing_overdue" {
  assert {
    condition     = length(local.ocamba_overdue) == 0
    error_message = "Ocamba invoices unpaid past their due date: ${join(", ", [for invoice in local.ocamba_overdue : "${invoice.invoice_number} (${invoice.amount} ${invoice.currency_code}, due ${invoice.due_date})"])}."
  }
}
