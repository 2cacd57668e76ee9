package virtuozzo

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Statuses are the account statuses the platform documents, by their
// number: 1 is ACTIVE.
var Statuses = []string{"ACTIVE", "INACTIVE", "DESTROY", "DELETED"}

// Status is an account status. The platform's reference writes it as
// "ACTIVE(1)", public clients read it as the number 1: both, and "1" and
// "ACTIVE", are ACTIVE. Any other value is kept as the text it was sent as
// (7 is "7", "WEIRD(9)" is "WEIRD(9)", "ACTIVE(2)" is "ACTIVE(2)"), so that
// nothing is hidden.
type Status struct{ tolerant.String }

// Expected describes, for error messages, what the JSON value should have been.
func (Status) Expected() string { return `a status text such as "ACTIVE(1)", a status number or null` }

// UnmarshalJSON accepts a string, a number or null.
func (s *Status) UnmarshalJSON(data []byte) error {
	*s = Status{}
	var text tolerant.String
	if err := json.Unmarshal(data, &text); err != nil {
		return &json.UnmarshalTypeError{Value: tolerant.Describe(data), Type: reflect.TypeFor[Status]()}
	}
	if v, ok := text.Value(); ok {
		s.String = tolerant.StringOf(statusName(v))
	}
	return nil
}

// UnmarshalJSONFrom is UnmarshalJSON for the client's fast decoder, which
// prefers this method to UnmarshalJSON and would otherwise take the
// embedded String's, keeping a status as it was sent.
func (s *Status) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.ReadWhole(dec, s.UnmarshalJSON)
}

// statusName is the documented name of a status sent as NAME(n) with n
// NAME's own number, NAME, n or "n"; anything else as it was sent.
func statusName(v string) string {
	trimmed := strings.TrimSpace(v)
	if d, err := tolerant.ParseDecimal(trimmed); err == nil {
		for i, known := range Statuses {
			if d.Equal(decimal.NewFromInt(int64(i + 1))) {
				return known
			}
		}
		return v
	}
	for i, known := range Statuses {
		if trimmed == known || trimmed == known+"("+strconv.Itoa(i+1)+")" {
			return known
		}
	}
	return v
}
