package functions

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/budget"
)

// amountByDayParameter is the budget functions' first argument: spend per
// day, of which an example is given.
func amountByDayParameter(days, example string) function.MapParameter {
	return function.MapParameter{
		Name:                "amount_by_day",
		ElementType:         types.NumberType,
		MarkdownDescription: "Spend per day, keyed by `YYYY-MM-DD`" + days + ", such as `" + example + "`. A `null` amount counts as `0`.",
	}
}

// amountsByDay reads a budget function's arguments: the first,
// amount_by_day, into amounts, and the others into rest. ok is false when
// the call is over: on an error, which resp then holds, or for an unknown
// map, when the result is unknown (of the function's type).
func amountsByDay(ctx context.Context, req function.RunRequest, resp *function.RunResponse, unknown attr.Value, rest ...any) (amounts map[string]*decimal.Decimal, ok bool) {
	var amountByDay types.Map
	if resp.Error = req.Arguments.Get(ctx, append([]any{&amountByDay}, rest...)...); resp.Error != nil {
		return nil, false
	}
	amounts, known, err := decimalMap(0, "amount_by_day", amountByDay)
	switch {
	case err != nil:
		resp.Error = err
		return nil, false
	case !known:
		resp.Error = resp.Result.Set(ctx, unknown)
		return nil, false
	}
	return amounts, true
}

// decimalMap reads a map(number) argument, such as a data source's per-day
// or per-currency breakdown, as decimals; a null element is nil. known is
// false when an element is not known yet (during a plan).
func decimalMap(position int64, name string, m types.Map) (values map[string]*decimal.Decimal, known bool, err *function.FuncError) {
	if m.IsUnknown() {
		return nil, false, nil
	}
	values = make(map[string]*decimal.Decimal, len(m.Elements()))
	for key, element := range m.Elements() {
		n, ok := element.(types.Number)
		if !ok {
			return nil, false, function.NewArgumentFuncError(position, fmt.Sprintf("%s[%q] is not a number", name, key))
		}
		if n.IsUnknown() {
			return nil, false, nil
		}
		if n.IsNull() {
			values[key] = nil
			continue
		}
		d, err := decimalOf(n.ValueBigFloat())
		if err != nil {
			return nil, false, function.NewArgumentFuncError(position, fmt.Sprintf("%s[%q] %v: only finite numbers can be used", name, key, err))
		}
		values[key] = &d
	}
	return values, true, nil
}

// nullAsZero is values with every null as 0, as amounts count.
func nullAsZero(values map[string]*decimal.Decimal) map[string]decimal.Decimal {
	amounts := make(map[string]decimal.Decimal, len(values))
	for key, v := range values {
		if v == nil {
			amounts[key] = decimal.Zero
			continue
		}
		amounts[key] = *v
	}
	return amounts
}

// argumentError is err, from the arithmetic, as an error of the argument
// it names among parameters.
func argumentError(parameters []function.Parameter, err error) *function.FuncError {
	var argErr *budget.ArgumentError
	if errors.As(err, &argErr) {
		position := slices.IndexFunc(parameters, func(p function.Parameter) bool { return p.GetName() == argErr.Argument })
		if position >= 0 {
			return function.NewArgumentFuncError(int64(position), argErr.Problem)
		}
	}
	return function.NewFuncError(err.Error())
}
