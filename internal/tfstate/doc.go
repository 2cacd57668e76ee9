// Package tfstate is how records become a data source's state: the one
// place that knows both ways a state reaches Terraform.
//
//   - The framework's way: the whole state built as one tftypes value,
//     which the framework encodes: the rows by List, which converts each
//     row field through Number, String or Bool (a tolerant value's
//     framework value, which data sources also use for their other
//     attributes), the totals as numbers, and the breakdowns as maps of
//     numbers (NumberMapType) or, summed per currency, maps of such maps.
//     A read whose caller sends no Reply takes it.
//   - The direct way: the state written as msgpack, the bytes
//     terraform-plugin-go would write for the same values: the rows as
//     they are collected (Writer, Objects), without a tftypes value per
//     field, the breakdowns from their sums, and the few other attributes
//     by terraform-plugin-go. Every read served through the provider's
//     server takes it, with rows or without; the server sends the bytes
//     the read left in its Reply. The framework, which checks the state it
//     is given, gets it with null rows and breakdowns.
//
// A data source declares a Shape (its row list, count, totals, breakdowns
// and response attributes) and, per read, adds its records to a Read and
// calls Store once; which way the state goes is decided here.
package tfstate
