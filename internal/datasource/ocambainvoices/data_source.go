// Package ocambainvoices is the billing_ocamba_invoices data source: the
// invoices of an Ocamba account, every page of them.
package ocambainvoices

import (
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/ocambalisting"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// definition is the data source: what is its own, for the skeleton.
var definition = rowsource.Definition[ocambalisting.Arguments, *ocamba.Client, ocamba.Invoice, invoiceModel]{
	TypeName:    "billing_ocamba_invoices",
	Description: description,
	Arguments:   ocambalisting.ArgumentAttributes(ocamba.InvoiceSort),
	Client:      (*providerdata.Data).OcambaClient,
	Fetch:       rowsource.Query("Invalid arguments", (*ocambalisting.Arguments).Query, (*ocamba.Client).InvoicesEach),
	Rows:        rowsource.List("invoices", "The invoices, in the order the API returned them.", invoiceAttributes(), row),
	Count:       rowsource.Counted("total", "Number of invoices the API reports for the query (`total`); the provider checks that it read exactly that many."),
	Breakdowns: []rowsource.Breakdown[ocamba.Invoice]{
		rowsource.By("total_amount_by_currency", "Per `currency_code`, the sum of the invoices' `amount` (not of their line items).", currency, amount),
		rowsource.ByThenCurrency("amount_by_status", "Per `status` (such as `paid`), then per `currency_code`, the sum of the invoices' `amount`.", status, currency, amount),
	},
}

// New returns the data source.
var New = rowsource.New(definition)

func currency(i ocamba.Invoice) tolerant.String { return i.CurrencyCode }
func status(i ocamba.Invoice) tolerant.String   { return i.Status }
func amount(i ocamba.Invoice) tolerant.Number   { return i.Amount }

// invoiceModel is an ocamba.Invoice in state: the same fields in the same
// order, so that row is a conversion and a field added to one but not the
// other fails to build.
type invoiceModel struct {
	ID            tolerant.String   `tfsdk:"id"`
	CompanyID     tolerant.String   `tfsdk:"company_id"`
	AppID         tolerant.String   `tfsdk:"app_id"`
	InvoiceNumber tolerant.String   `tfsdk:"invoice_number"`
	Status        tolerant.String   `tfsdk:"status"`
	Price         tolerant.Number   `tfsdk:"price"`
	Tax           tolerant.Number   `tfsdk:"tax"`
	Amount        tolerant.Number   `tfsdk:"amount"`
	CurrencyCode  tolerant.String   `tfsdk:"currency_code"`
	PDF           tolerant.String   `tfsdk:"pdf"`
	Sent          tolerant.Bool     `tfsdk:"sent"`
	Items         []ocamba.LineItem `tfsdk:"line_items"`
	DueDate       tolerant.String   `tfsdk:"due_date"`
	PaymentTime   tolerant.String   `tfsdk:"payment_time"`
	CreateTime    tolerant.String   `tfsdk:"create_time"`
	UpdateTime    tolerant.String   `tfsdk:"update_time"`
}

func row(i ocamba.Invoice) invoiceModel {
	i.Items = ocambalisting.LineItems(i.Items)
	return invoiceModel(i)
}
