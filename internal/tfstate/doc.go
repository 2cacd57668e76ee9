// Package tfstate is how records become a data source's state: the one
// place that knows both ways a state reaches Terraform.
//
//   - The framework's way: values built as tftypes (Number, String, Bool,
//     List), which the framework encodes. Every state that has no rows
//     takes it, as do the summaries of every state.
//   - The direct way: rows written as msgpack as they are collected
//     (Writer, Objects), the bytes terraform-plugin-go would write for the
//     same values, without a tftypes value per field. A read with rows
//     served through the provider's server takes it; the server sends the
//     bytes the read left in its Reply.
//
// A data source declares a Shape (its row list, count, totals, breakdowns
// and response attributes) and, per read, adds its records to a Read and
// calls Store once; which way the state goes is decided here.
package tfstate
