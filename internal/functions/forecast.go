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
	amountByDayParameter(", every day within the period", "data.billing_truewatch_details.this_month.billing_result_by_day"),
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

// newForecast is provider::billing::forecast.
var newForecast = newFunction("forecast", forecastDefinition, runForecast)

var forecastDefinition = function.Definition{
	Summary:    "The month-end spend a period's run rate leads to, from spend per day",
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
