package functions

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/budget"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

var forecastAttributes = map[string]attr.Type{
	"days_in_period": types.NumberType,
	"days_elapsed":   types.NumberType,
	"actual":         types.NumberType,
	"daily_rate":     types.NumberType,
	"forecast":       types.NumberType,
	"incomplete":     types.NumberType,
}

// forecastParameters are the arguments, in order.
var forecastParameters = []function.Parameter{
	function.MapParameter{
		Name:        "amount_by_day",
		ElementType: types.NumberType,
		MarkdownDescription: "Spend per day, keyed by `YYYY-MM-DD`, every day within the period, such as " +
			"`data.billing_truewatch_details.this_month.billing_result_by_day`. A `null` amount counts as `0`.",
	},
	function.StringParameter{
		Name:                "start_date",
		MarkdownDescription: "The period's first day, `YYYY-MM-DD`, such as `billing_period(...).start_date`.",
	},
	function.StringParameter{
		Name:                "end_date",
		MarkdownDescription: "The period's last day, `YYYY-MM-DD`, inclusive, such as `billing_period(...).end_date`.",
	},
	function.StringParameter{
		Name: "as_of",
		MarkdownDescription: "An RFC 3339 timestamp, such as `plantimestamp()`: the days of the period before its " +
			"calendar date, in its own offset (as `billing_period` reads it), are complete.",
	},
}

// NewForecast is provider::billing::forecast.
var NewForecast = newFunction("forecast", forecastDefinition, runForecast)

// roundingNote is how every quotient of the budget functions is rounded.
const roundingNote = "Every figure is exact decimal arithmetic: sums and products are exact, and each quotient " +
	"is computed exactly and then rounded once, half to even, at 12 decimal places."

var forecastDefinition = function.Definition{
	Summary: "The month-end spend a period's run rate leads to, from spend per day",
	MarkdownDescription: "Projects a period's spend from its complete days, as cloud budgets forecast: " +
		"the spend so far, divided by the days it took, times the days of the period. Returns an object:\n\n" +
		"- `days_in_period` — the days from `start_date` to `end_date`, both inclusive;\n" +
		"- `days_elapsed` — the complete days: those of the period before the calendar date of `as_of`, " +
		"from `0` to `days_in_period`;\n" +
		"- `actual` — the spend on the complete days;\n" +
		"- `daily_rate` — `actual / days_elapsed`;\n" +
		"- `forecast` — `actual × days_in_period / days_elapsed`, one quotient; once the period is over, " +
		"`forecast` is `actual`;\n" +
		"- `incomplete` — the spend on `as_of`'s date and after, reported and never projected: a day " +
		"still being billed would drag the run rate down.\n\n" +
		"With no complete day yet (`as_of` on `start_date`), `daily_rate` and `forecast` are `0`, never `null`, " +
		"so a precondition that compares them does not fail on the first of the month: guard it with " +
		"`days_elapsed` instead, as the example does. A day missing from `amount_by_day` is a day of no spend.\n\n" +
		"Feed it a per-day breakdown of the same period: `billing_result_by_day` of " +
		"`billing_truewatch_details`, or `cost_by_date` of `billing_account_history` (read with " +
		"`period = \"DAY\"` or `\"HOUR\"`). " +
		"Where a vendor's figures for a day arrive late, pass `timeadd(plantimestamp(), \"-48h\")` as `as_of`, " +
		"and take the period from `billing_period` of that same timestamp, so that `as_of` never falls " +
		"before the period: on the first two days of a month, the period is then the month before.\n\n" +
		roundingNote + " Every argument that cannot be used is an error that names its value: a key that " +
		"is not a `YYYY-MM-DD` date or falls outside the period, a `start_date` after `end_date`, an `as_of` " +
		"that is not RFC 3339 or falls before `start_date`.",
	Parameters: forecastParameters,
	Return:     function.ObjectReturn{AttributeTypes: forecastAttributes},
}

func runForecast(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var startDate, endDate, asOf string
	amounts, ok := amountsByDay(ctx, req, resp, types.ObjectUnknown(forecastAttributes), &startDate, &endDate, &asOf)
	if !ok {
		return
	}
	p, projectErr := budget.Forecast(nullAsZero(amounts), startDate, endDate, asOf)
	if projectErr != nil {
		resp.Error = argumentError(forecastParameters, projectErr)
		return
	}
	// Sums of amounts far apart in size can have more digits than
	// Terraform holds; the quotients then have as many.
	if resp.Error = tooPreciseOf(figure{"the actual spend", p.Actual}, figure{"the incomplete spend", p.Incomplete},
		figure{"the daily rate", p.DailyRate}, figure{"the forecast", p.Forecast}); resp.Error != nil {
		return
	}
	projection, diags := types.ObjectValue(forecastAttributes, map[string]attr.Value{
		"days_in_period": types.NumberValue(new(big.Float).SetInt64(p.DaysInPeriod)),
		"days_elapsed":   types.NumberValue(new(big.Float).SetInt64(p.DaysElapsed)),
		"actual":         tfstate.Decimal(p.Actual),
		"daily_rate":     tfstate.Decimal(p.DailyRate),
		"forecast":       tfstate.Decimal(p.Forecast),
		"incomplete":     tfstate.Decimal(p.Incomplete),
	})
	resp.Error = function.FuncErrorFromDiags(ctx, diags)
	if resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, projection)
}
