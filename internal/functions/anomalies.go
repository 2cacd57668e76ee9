package functions

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/budget"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

var anomalyType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"amount":           types.NumberType,
	"baseline":         types.NumberType,
	"increase":         types.NumberType,
	"increase_percent": types.NumberType,
}}

// anomaliesParameters are the arguments, in order.
var anomaliesParameters = []function.Parameter{
	amountByDayParameter(fmt.Sprintf(", at most %d days (about 100 years) from the first to the last", budget.MaxDays), "data.billing_account_history.recent.cost_by_date"),
	// Numbers, not Int64Parameters: the framework's own error for 1.5
	// asks users to report a provider bug.
	function.NumberParameter{
		Name: "window",
		MarkdownDescription: fmt.Sprintf("How many days before a day make its baseline: a whole number from 1 to %d, "+
			"such as `7` for a week.", budget.MaxWindow),
	},
	function.NumberParameter{
		Name:                "min_increase",
		MarkdownDescription: "The least rise above the baseline, in money, that is an anomaly; `0` or more.",
	},
	function.NumberParameter{
		Name: "min_increase_percent",
		MarkdownDescription: "The least rise above the baseline, in percent of the baseline, that is an anomaly; " +
			"`0` or more (`50` is half as much again).",
	},
}

// newAnomalies is provider::billing::anomalies.
var newAnomalies = newFunction("anomalies", anomaliesDefinition, runAnomalies)

var anomaliesDefinition = function.Definition{
	Summary:    "The days whose spend jumped past the mean of the days before them",
	Parameters: anomaliesParameters,
	Return:     function.MapReturn{ElementType: anomalyType},
}

func runAnomalies(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var window, minIncrease, minIncreasePercent *big.Float
	amounts, ok := amountsByDay(ctx, req, resp, types.MapUnknown(anomalyType), &window, &minIncrease, &minIncreasePercent)
	if !ok {
		return
	}
	thresholds := make([]decimal.Decimal, 3)
	for i, n := range []*big.Float{window, minIncrease, minIncreasePercent} {
		d, err := decimalOf(n)
		if err != nil {
			resp.Error = function.NewArgumentFuncError(int64(i+1), fmt.Sprintf("%s %v: it must be a finite number", anomaliesParameters[i+1].GetName(), err))
			return
		}
		thresholds[i] = d
	}
	found, findErr := budget.Anomalies(nullAsZero(amounts), thresholds[0], thresholds[1], thresholds[2])
	if findErr != nil {
		resp.Error = argumentError(anomaliesParameters, findErr)
		return
	}
	days := make(map[string]attr.Value, len(found))
	for _, day := range slices.Sorted(maps.Keys(found)) {
		a := found[day]
		// A day far apart in size from its baseline rises by more digits
		// than Terraform holds.
		figures := []figure{{"the amount of " + day, a.Amount}, {"the baseline of " + day, a.Baseline}, {"the increase of " + day, a.Increase}}
		if a.IncreasePercent != nil {
			figures = append(figures, figure{"the increase in percent of " + day, *a.IncreasePercent})
		}
		if resp.Error = tooPreciseOf(figures...); resp.Error != nil {
			return
		}
		percent := types.NumberNull()
		if a.IncreasePercent != nil {
			percent = tfstate.Decimal(*a.IncreasePercent)
		}
		anomaly, diags := types.ObjectValue(anomalyType.AttrTypes, map[string]attr.Value{
			"amount":           tfstate.Decimal(a.Amount),
			"baseline":         tfstate.Decimal(a.Baseline),
			"increase":         tfstate.Decimal(a.Increase),
			"increase_percent": percent,
		})
		if resp.Error = function.FuncErrorFromDiags(ctx, diags); resp.Error != nil {
			return
		}
		days[day] = anomaly
	}
	result, diags := types.MapValue(anomalyType, days)
	if resp.Error = function.FuncErrorFromDiags(ctx, diags); resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, result)
}
