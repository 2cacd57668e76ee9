package functions_test

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
)

func sumIsExact() group {
	return newGroup("sum_exact", "",
		// Terraform's own sum gives 0.30000000000000004.
		result{"tenths", "provider::billing::sum([0.1, 0.2])", acctest.DecimalText("0.3")},
		// More digits than a float64 holds (about 16): every one is kept.
		result{"cents", "provider::billing::sum([12345678901234567.89, 0.01])", acctest.DecimalText("12345678901234567.9")},
		result{"mills", "provider::billing::sum([12345678901234567.89, 0.001])", acctest.DecimalText("12345678901234567.891")},
		result{"large", "provider::billing::sum([1e30, 1])", acctest.DecimalText("1000000000000000000000000000001")},
		result{"signed", "provider::billing::sum([-0.1, 0.3, -0.05])", acctest.DecimalText("0.15")},
		result{"tiny", "provider::billing::sum([1e300, 1e-300, -1e300])", acctest.DecimalText("0." + strings.Repeat("0", 299) + "1")},
		// Computed numbers are added as Terraform holds them.
		result{"computed", "provider::billing::sum([1/4, 10 * 0.1])", acctest.DecimalText("1.25")},
		// A third as Terraform computes it has about 155 significant digits
		// at its 512 bits, and a sum of it alone is it, exactly.
		result{"third", "provider::billing::sum([1/3]) == 1/3", knownvalue.Bool(true)},
		// Binary fractions travel as float64s; every digit of them counts,
		// so the sum is exactly Terraform's own + of them (bytes to GiB).
		// (Compared by subtraction: the plugin protocol returns a binary
		// fraction as a float64, which Terraform shows and compares as
		// text by its shortest float64 digits, although its value is exact.)
		result{"gib", "provider::billing::sum([for b in [123456789, 987654321] : b / 1073741824]) - (123456789 / 1073741824 + 987654321 / 1073741824)", acctest.DecimalText("0")},
	)
}

func sumSkipsNullsAndAnEmptyListIsZero() group {
	return newGroup("sum_nulls", `
variable "amounts" {
  type    = list(number)
  default = [1.5, null, 0.25]
}
variable "none" {
  type    = list(number)
  default = []
}
`,
		result{"nulls", "provider::billing::sum([null, 1.5, null, 0.25])", acctest.DecimalText("1.75")},
		result{"typed", "provider::billing::sum(var.amounts)", acctest.DecimalText("1.75")},
		result{"only_null", "provider::billing::sum([null])", acctest.DecimalText("0")},
		result{"empty", "provider::billing::sum([])", acctest.DecimalText("0")},
		result{"typed_empty", "provider::billing::sum(var.none)", acctest.DecimalText("0")},
		result{"set", "provider::billing::sum(toset([0.1, 0.2]))", acctest.DecimalText("0.3")},
	)
}

// A list with a number not known until apply sums to an unknown value in
// the plan, and to the number once it is known.
func sumOfAnUnknownNumberIsKnownAfterApply() group {
	later := newGroup("sum_unknown", "", result{"later", "provider::billing::sum([0.5, terraform_data.twenty.output])", acctest.DecimalText("20.5")})
	later.unknown = []string{"later"}
	return later
}

// Rows a data source read, with null amounts among them.
func sumOfADataSourcesColumn() group {
	return newGroup("sum_column", "",
		result{"amount", "provider::billing::sum(data.billing_ocamba_usage.test.usages[*].amount)", acctest.DecimalText("1.5")},
		result{"lines", "provider::billing::sum(flatten(data.billing_ocamba_usage.test.usages[*].line_items)[*].amount)", acctest.DecimalText("1.5")},
	)
}

func sumErrors() []failure {
	return []failure{
		{expression: "provider::billing::sum(null)",
			text: []string{`Invalid value for "numbers" parameter: argument must not be null`}},
		{expression: "provider::billing::sum([1, pow(10, 400)])",
			text: []string{`Invalid value for "numbers" parameter: numbers[1] is infinite: only finite numbers can be added`}},
		{expression: `provider::billing::sum(["a"])`,
			text: []string{`Invalid value for "numbers" parameter`, `a number is required`}},
		// Each number has one significant digit; their exact sum has 201.
		{expression: "provider::billing::sum([1e100, 1e-100])",
			text: []string{`the sum has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`}},
	}
}
