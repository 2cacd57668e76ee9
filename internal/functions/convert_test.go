package functions_test

import (
	"fmt"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
)

// toUSD is an output of amounts converted into USD with rates.
func toUSD(name, amounts, rates, want string) result {
	return result{name, fmt.Sprintf("provider::billing::convert(%s, %s, \"USD\")", amounts, rates), acctest.DecimalText(want)}
}

func convertAddsEveryCurrencyExactly() group {
	return newGroup("convert", "",
		toUSD("products", `{ USD = 100, EUR = 0.1 }`, `{ EUR = 1.1 }`, "100.11"),
		// The currency converted to counts at 1, with or without a rate.
		toUSD("to_itself", `{ USD = 2.5 }`, `{ USD = 1 }`, "2.5"),
		toUSD("nothing", `{}`, `{}`, "0"),
		// A zero or null amount needs no rate; unused rates are fine.
		toUSD("zero_without_rate", `{ USD = 1, GBP = 0, CHF = null }`, `{ EUR = 1.08 }`, "1"),
		toUSD("beyond_float64", `{ JPY = 123456789012345678901, EUR = 0.01 }`, `{ JPY = 0.0067, EUR = 1.08 }`, "827160486382716048.6475"),
		toUSD("credit", `{ USD = -10, EUR = 5 }`, `{ EUR = 2 }`, "0"),
		// A rate computed in HCL, rounded as the error below advises.
		toUSD("rounded_rate", `{ EUR = 3 }`, `{ EUR = tonumber(format("%.6f", 1 / 1.08)) }`, "2.777778"),
	)
}

func convertErrors() []failure {
	call := func(amounts, rates, to string) string {
		return fmt.Sprintf("provider::billing::convert(%s, %s, %s)", amounts, rates, to)
	}
	return []failure{
		{expression: call(`{ USD = 1e100, EUR = 1e-100 }`, `{ EUR = 1 }`, `"USD"`),
			text: []string{`the converted total has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`}},
		// A quotient in HCL carries about 155 digits, and a product with
		// it may not fit: the error says how to round it.
		{expression: call(`{ EUR = 3 }`, `{ EUR = 1 / 1.08 }`, `"USD"`),
			text: []string{`the converted total has`, `it is refused rather than rounded. A figure computed in HCL, such as a rate written 1 / 1.08, carries about 155 digits: round it first, such as tonumber(format("%.6f", 1 / 1.08))`}},
		{expression: call(`{ USD = 1, EUR = 5 }`, `{}`, `"USD"`),
			text: []string{`Invalid value for "rates" parameter: "EUR" has an amount of 5 and no rate: add how many USD one EUR is worth to rates`}},
		// Currency codes are compared as written.
		{expression: call(`{ usd = 5 }`, `{}`, `"USD"`),
			text: []string{`Invalid value for "rates" parameter: "usd" has an amount of 5 and no rate`}},
		{expression: call(`{ EUR = 5 }`, `{ EUR = null }`, `"USD"`),
			text: []string{`Invalid value for "rates" parameter: the rate of "EUR" is null: give how many USD one EUR is worth`}},
		{expression: call(`{ EUR = 5 }`, `{ EUR = 0 }`, `"USD"`),
			text: []string{`Invalid value for "rates" parameter: the rate of "EUR" is 0: a rate is how many USD one EUR is worth, above 0`}},
		// Every rate is checked, used or not.
		{expression: call(`{ USD = 5 }`, `{ GBP = -1.1 }`, `"USD"`),
			text: []string{`Invalid value for "rates" parameter: the rate of "GBP" is -1.1: a rate is how many USD one GBP is worth, above 0`}},
		{expression: call(`{ USD = 5 }`, `{ USD = 1.1 }`, `"USD"`),
			text: []string{`Invalid value for "rates" parameter: the rate of "USD" is 1.1, but USD is the currency converted to: its rate can only be 1`}},
		{expression: call(`{ USD = 5 }`, `{}`, `""`),
			text: []string{`Invalid value for "to" parameter: to is ""; it must name the currency to convert to, such as "USD"`}},
		{expression: call(`{ EUR = pow(10, 400) }`, `{ EUR = 1 }`, `"USD"`),
			text: []string{`Invalid value for "amounts" parameter: amounts["EUR"] is infinite: only finite numbers can be used`}},
		{expression: call(`{ EUR = 1 }`, `{ EUR = 1 }`, "null"),
			text: []string{`Invalid value for "to" parameter: argument must not be null`}},
	}
}
