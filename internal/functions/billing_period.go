package functions

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/dates"
)

// maxMonths bounds how far billing_period moves: a thousand years either
// way is more than any bill needs, and keeps years within four digits.
const maxMonths = 12000

var billingPeriodAttributes = map[string]attr.Type{
	"month":      types.StringType,
	"start_date": types.StringType,
	"end_date":   types.StringType,
	"start_time": types.StringType,
	"end_time":   types.StringType,
}

// newBillingPeriod is provider::billing::billing_period.
var newBillingPeriod = newFunction("billing_period", billingPeriodDefinition, runBillingPeriod)

var billingPeriodDefinition = function.Definition{
	Summary: "The calendar month a timestamp falls in, or a month before or after it",
	Parameters: []function.Parameter{
		function.StringParameter{
			Name: "timestamp",
			MarkdownDescription: "An RFC 3339 timestamp, such as `plantimestamp()` or `\"2026-03-31T12:00:00Z\"`. " +
				"Anything else is an error.",
		},
		// A number, not an Int64Parameter: the framework's own error
		// for 1.5 or 1e30 asks users to report a provider bug.
		function.NumberParameter{
			Name: "months",
			MarkdownDescription: fmt.Sprintf("How many months to move: `0` for the timestamp's own month, "+
				"`-1` for the previous month, `1` for the next. A whole number, at most %d either way, and the "+
				"month it gives must fall within the years 0000 to 9999.", maxMonths),
		},
	},
	Return: function.ObjectReturn{AttributeTypes: billingPeriodAttributes},
}

func runBillingPeriod(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var timestamp string
	var monthsArgument *big.Float
	resp.Error = req.Arguments.Get(ctx, &timestamp, &monthsArgument)
	if resp.Error != nil {
		return
	}
	t, err := dates.ParseRFC3339(timestamp)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf(
			"%q is not an RFC 3339 timestamp such as \"2026-03-31T12:00:00Z\" or plantimestamp()", timestamp))
		return
	}
	months, err := wholeMonths(monthsArgument)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(1, err.Error())
		return
	}
	year, month, ok := moveMonths(t.Year(), t.Month(), months)
	if !ok {
		resp.Error = function.NewArgumentFuncError(1, fmt.Sprintf(
			"months = %d moves %s to the year %d; the period must fall within the years 0000 to 9999", months, t.Format("2006-01"), year))
		return
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	period, diags := types.ObjectValue(billingPeriodAttributes, map[string]attr.Value{
		"month":      types.StringValue(first.Format("2006-01")),
		"start_date": types.StringValue(first.Format(time.DateOnly)),
		"end_date":   types.StringValue(last.Format(time.DateOnly)),
		"start_time": types.StringValue(first.Format(time.DateTime)),
		"end_time":   types.StringValue(last.Add(24*time.Hour - time.Second).Format(time.DateTime)),
	})
	resp.Error = function.FuncErrorFromDiags(ctx, diags)
	if resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, period)
}

// wholeMonths is n as a whole number of months within maxMonths.
func wholeMonths(n *big.Float) (int, error) {
	if !n.IsInt() {
		return 0, fmt.Errorf("months is %s; it must be a whole number of months", n.Text('g', -1))
	}
	if n.Cmp(big.NewFloat(-maxMonths)) < 0 || n.Cmp(big.NewFloat(maxMonths)) > 0 {
		return 0, fmt.Errorf("months is %s; it must be between -%d and %d", n.Text('g', -1), maxMonths, maxMonths)
	}
	i, _ := n.Int64()
	return int(i), nil
}

// moveMonths is the month that lies months after (before, when negative)
// month of year; ok is false when it falls outside four-digit years.
func moveMonths(year int, month time.Month, months int) (int, time.Month, bool) {
	index := year*12 + int(month-1) + months
	// Floor division, so that months before year 0 land in negative years.
	y := index / 12
	if index < 0 && index%12 != 0 {
		y--
	}
	m := time.Month(index-y*12) + 1
	return y, m, y >= 0 && y <= 9999
}
