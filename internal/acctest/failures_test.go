package acctest

import (
	"strings"
	"testing"
)

func stepOf(parts ...FailingPart) *failingStep {
	step := &failingStep{}
	for _, part := range parts {
		step.parts = append(step.parts, newFailingPart(part))
	}
	return step
}

func TestFailingStepCheck(t *testing.T) {
	parts := []FailingPart{
		{Name: "first", ID: "case1", Want: []string{"Invalid limit", "must be positive"}},
		{Name: "second", ID: "case2", Want: []string{"Vendor refused"}},
	}
	const first = "Error: Invalid limit\n\n  with data.x.case1,\n\nmust be positive\n"
	const second = "Error: Vendor refused\n\n  with data.x.case2,\n"
	for _, tc := range []struct {
		name, output string
		want         []string // fragments of the check's error; none: passes
	}{
		{name: "each part fails as it should", output: first + second},
		{name: "a part's error text differs", output: first + strings.Replace(second, "refused", "answered", 1),
			want: []string{`"second": want an error matching`}},
		{name: "a part only warned", output: first + "Warning: Vendor refused\n\n  with data.x.case2,\n",
			want: []string{`"second": no error names it`}},
		{name: "an error names no part", output: first + second + "Error: Provider bug\n\n  with data.x.other,\n",
			want: []string{"an error that names no part:\nError: Provider bug"}},
		{name: "an id is matched as a word only", output: first + "Error: Vendor refused\n\n  with data.x.case21,\n",
			want: []string{`"second": no error names it`, "an error that names no part"}},
		{name: "a warning that names no part is not a failure", output: first + second + "Warning: Deprecated\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := stepOf(parts...).check(tc.output)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("want no error, got:\n%v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want an error with %q, got none", tc.want)
			}
			for _, fragment := range tc.want {
				if !strings.Contains(err.Error(), fragment) {
					t.Errorf("want %q in:\n%v", fragment, err)
				}
			}
		})
	}
}
