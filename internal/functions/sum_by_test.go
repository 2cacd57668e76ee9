package functions_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
)

const typedRows = `
variable "rows" {
  type = list(object({ app = string, cost = number }))
  default = [
    { app = "web", cost = 0.1 },
    { app = "db", cost = 12345678901234567.89 },
    { app = "web", cost = 0.2 },
    { app = "db", cost = 0.01 },
    { app = null, cost = 2.5 },
    { app = "cache", cost = null },
  ]
}
variable "no_rows" {
  type    = list(object({ app = string, cost = number }))
  default = []
}
variable "null_rows" {
  type    = list(object({ app = string, cost = number }))
  default = null
}
variable "numbered_rows" {
  type    = list(object({ app = number, cost = number }))
  default = []
}
`

func sumByGroupsExactly() group {
	return newGroup("sum_by", typedRows,
		// A null key is summed under "", a null value adds nothing but
		// its key is still there.
		result{"typed", `provider::billing::sum_by(var.rows, "app", "cost")`, numbers(map[string]string{
			"web": "0.3", "db": "12345678901234567.9", "": "2.5", "cache": "0",
		})},
		result{"tuple", `provider::billing::sum_by([
      { app = "web", cost = 0.1 },
      { app = "web", cost = 0.2, note = "attributes beyond key and value are ignored" },
      { app = null, cost = 1 },
      { app = "cache", cost = null },
      null,
    ], "app", "cost")`, numbers(map[string]string{"web": "0.3", "": "1", "cache": "0"})},
		result{"set", `provider::billing::sum_by(toset([{ app = "a", cost = 0.1 }, { app = "a", cost = 0.2 }]), "app", "cost")`,
			numbers(map[string]string{"a": "0.3"})},
		// A binary fraction travels as a float64; every digit counts.
		result{"dyadic", `provider::billing::sum_by([{ app = "a", cost = 123456789 / 1073741824 }, { app = "a", cost = 987654321 / 1073741824 }], "app", "cost").a - (123456789 / 1073741824 + 987654321 / 1073741824)`,
			acctest.DecimalText("0")},
		result{"empty_tuple", `provider::billing::sum_by([], "app", "cost")`, knownvalue.MapExact(map[string]knownvalue.Check{})},
		result{"empty_list", `provider::billing::sum_by(var.no_rows, "app", "cost")`, knownvalue.MapExact(map[string]knownvalue.Check{})},
	)
}

// The rows of a data source, grouped two ways; the first and third usages
// have no amount.
func sumByOverADataSourcesRows() group {
	return newGroup("sum_by_rows", "",
		result{"by_currency", `provider::billing::sum_by(data.billing_ocamba_usage.test.usages, "currency_code", "amount")`,
			numbers(map[string]string{"USD": "1.2", "EUR": "0.3"})},
		result{"by_app", `provider::billing::sum_by(data.billing_ocamba_usage.test.usages, "app_id", "amount")`,
			numbers(map[string]string{"1001": "0", "1007": "1.2", "1003": "0", "1009": "0.3"})},
		result{"lines_by_name", `provider::billing::sum_by(flatten(data.billing_ocamba_usage.test.usages[*].line_items), "name", "amount")`,
			numbers(map[string]string{
				"adex requests": "0", "enterprise": "1.2", "subscribers": "0", "push sends": "0.1", "push sends overage": "0.2",
			})},
	)
}

// A value not known until apply: the sums are unknown in the plan, and
// known once it is.
func sumByOfAnUnknownValueIsKnownAfterApply() group {
	later := newGroup("sum_by_unknown", "", result{"later", `provider::billing::sum_by([{ app = "a", cost = 0.5 }, { app = "a", cost = terraform_data.twenty.output }], "app", "cost")`,
		numbers(map[string]string{"a": "20.5"})})
	later.unknown = []string{"later"}
	return later
}

func sumByErrors() []failure {
	includeRows := []string{"rows is null, so there is nothing to sum", "include_rows = false", "include_rows = true"}
	return []failure{
		{expression: `provider::billing::sum_by([{ app = "a", cost = 1e100 }, { app = "a", cost = 1e-100 }], "app", "cost")`,
			text: []string{`the sum of "a" has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`}},
		// What a data source read with include_rows = false gives: never
		// an empty map.
		{preamble: typedRows, expression: `provider::billing::sum_by(var.null_rows, "app", "cost")`,
			text: append([]string{`Invalid value for "rows" parameter`}, includeRows...)},
		{preamble: typedRows, expression: `provider::billing::sum_by(var.rows, "application", "cost")`,
			text: []string{`Invalid value for "key" parameter: key "application" is not an attribute of the rows, whose attributes are: app, cost`}},
		// The list's type names its attributes, so a misspelt name fails
		// even when there are no rows.
		{preamble: typedRows, expression: `provider::billing::sum_by(var.no_rows, "ap", "cost")`,
			text: []string{`Invalid value for "key" parameter: key "ap" is not an attribute of the rows, whose attributes are: app, cost`}},
		{preamble: typedRows, expression: `provider::billing::sum_by(var.rows, "app", "costs")`,
			text: []string{`Invalid value for "value" parameter: value "costs" is not an attribute of the rows, whose attributes are: app, cost`}},
		{expression: `provider::billing::sum_by([{ app = "a", cost = 1 }, { app = "b" }], "app", "cost")`,
			text: []string{`Invalid value for "value" parameter: value "cost" is not an attribute of rows[1], whose attributes are: app`}},
		{preamble: typedRows, expression: `provider::billing::sum_by(var.numbered_rows, "app", "cost")`,
			text: []string{`Invalid value for "key" parameter: key "app" is a number attribute of the rows: key must name a string attribute`}},
		{expression: `provider::billing::sum_by([{ app = "a", cost = 1 }, { app = true, cost = 1 }], "app", "cost")`,
			text: []string{`Invalid value for "key" parameter: key "app" is a bool attribute of rows[1]: key must name a string attribute`}},
		{expression: `provider::billing::sum_by([{ app = "a", cost = "1.5" }], "app", "cost")`,
			text: []string{`Invalid value for "value" parameter: value "cost" is a string attribute of rows[0]: value must name a number attribute`}},
		{expression: `provider::billing::sum_by([{ app = "a", cost = pow(10, 400) }], "app", "cost")`,
			text: []string{`Invalid value for "value" parameter: rows[0].cost is infinite: only finite numbers can be added`}},
		{expression: `provider::billing::sum_by([{ app = "a", cost = 1 }, "b"], "app", "cost")`,
			text: []string{`Invalid value for "rows" parameter: rows[1] is string, not an object: rows must be a list, set or tuple of objects`}},
		{expression: `provider::billing::sum_by({ app = "a", cost = 1 }, "app", "cost")`,
			text: []string{`Invalid value for "rows" parameter: rows must be a list, set or tuple of objects, not object`}},
		{expression: `provider::billing::sum_by(tomap({ a = { app = "a", cost = 1 } }), "app", "cost")`,
			text: []string{`Invalid value for "rows" parameter: rows must be a list, set or tuple of objects, not map`}},
		{expression: `provider::billing::sum_by([], null, "cost")`,
			text: []string{`Invalid value for "key" parameter: argument must not be null`}},
	}
}

// A bare null has no type. Terraform calls the function with it; OpenTofu
// (internal/providers/functions.go: AllowDynamicType false) does not call
// the function and makes the result unknown, so the output is never known.
// A data source's null rows have a type, and fail under both CLIs (above).
func TestSumByOfAnUntypedNull(t *testing.T) {
	t.Parallel()
	config := "output \"failed\" {\n  value = provider::billing::sum_by(null, \"app\", \"cost\")\n}\n"
	if underOpenTofu(t) {
		run(t, resource.TestStep{
			Config:             config,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectUnknownOutputValue("failed")},
			},
		})
		return
	}
	run(t, resource.TestStep{
		Config: config,
		ExpectError: errorText(`Invalid value for "rows" parameter`,
			"rows is null, so there is nothing to sum", "include_rows = false", "include_rows = true"),
	})
}
