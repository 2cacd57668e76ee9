// Package opaplan checks the OPA spend policies (examples/policies/opa)
// on the JSON of real plans: it builds the provider, starts the fake
// vendor APIs on loopback, plans testdata/plan with each CLI given (served
// the build through dev_overrides), and runs opa on `show -json` of the
// plan, asserting exactly which messages come out for the fakes' figures.
//
// `make test-opa` runs it with the CLIs and opa named in the environment:
//
//	BILLING_TEST_OPA   the opa binary
//	BILLING_TEST_CLIS  terraform and tofu binaries, separated by the path
//	                   list separator (":")
//
// Without BILLING_TEST_OPA the test is skipped (as in a plain `go test
// ./...`); with it, a binary that is missing fails the test.
package opaplan

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/devcli"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

const (
	opaEnv  = "BILLING_TEST_OPA"
	clisEnv = "BILLING_TEST_CLIS"
)

// The policies' messages for the fakes' figures.
const (
	denyTotal    = "TrueWatch total_billing_result is 104.7 in data.billing_truewatch_details.october, over the hard limit of 100 (truewatch_total_limit)."
	denyForecast = "TrueWatch is forecast to cost 1081.9 over the period (output truewatch_forecast: 104.7 in the first 3 of 31 days), over the forecast budget of 1000 (truewatch_forecast_budget)."
	warnProduct  = `TrueWatch product "APM Trace" cost 63.15 in data.billing_truewatch_details.october, over its limit of 60 (truewatch_product_limits).`
	warnEnv      = `Virtuozzo environment "env-3f0c91" cost 1.262846 in module.costs.data.billing_account_history.april, over the limit of 1 per environment (virtuozzo_environment_limit).`
	warnOcamba   = `Ocamba app "1007" cost 1.2 USD in data.billing_ocamba_usage.all, over its limit of 1 USD (ocamba_app_limits).`
	warnCurrency = `Ocamba app "1009" cost 0.3 EUR in data.billing_ocamba_usage.all, and ocamba_app_limits has no limit for EUR, so any spend in it is over: add one.`

	denyConverted = "Spend converted into USD is 1.524 USD (output converted_spend), over the hard limit of 1.5 USD (converted_spend_limit)."
	denyErrored   = "The plan is errored: Terraform could not complete it (a data source read, a precondition, a postcondition or a check block's data source failed), so figures these policies read may be missing from it; an unknown figure is never taken as zero. Fix the plan's errors, then plan again."
	// The anomalies per vendor, and those of one vendor alone (output
	// truewatch_anomalies), whose 2026-10-01 has a baseline of 0.
	warnAnomaly      = "Spend jumped on 2026-10-03: TrueWatch cost 63.15 against a baseline of 0.3 (output spend_anomalies)."
	warnOneVendor    = "Spend jumped on 2026-10-03: 63.15 against a baseline of 0.3 (output truewatch_anomalies)."
	warnZeroBaseline = "Spend jumped on 2026-10-01: 41.25 against a baseline of 0 (output truewatch_anomalies)."
)

// tight are limits just under some of the fakes' figures and at or above
// the others: TrueWatch's total (104.7), its APM Trace product (63.15), the
// forecast (1081.9 after 3 complete days), the Virtuozzo environment
// env-3f0c91 (1.262846), Ocamba's app 1007 (1.2 USD) and Ocamba's spend
// converted into USD (1.524) are over; Ocamba's EUR has no limit; Log
// Storage (41.25), the other environments, and Talkdesk's totals (14.7 USD,
// 3.5 EUR: one at its limit) and accounts are not over. Spend anomalies
// have no limit: they are warnings under any.
var tight = map[string]any{
	"truewatch_total_limit":                100,
	"truewatch_product_limits":             map[string]any{"APM Trace": 60, "Log Storage": 50},
	"virtuozzo_environment_limit":          1,
	"ocamba_app_limits":                    map[string]any{"USD": 1},
	"talkdesk_account_limits":              map[string]any{"USD": 20, "EUR": 5},
	"talkdesk_total_limits":                map[string]any{"USD": 20, "EUR": 3.5},
	"truewatch_forecast_budget":            1000,
	"truewatch_forecast_min_complete_days": 3,
	"converted_spend_limit":                1.5,
}

// verdict is what the policies say about a plan.
type verdict struct {
	Deny []string `json:"deny"`
	Warn []string `json:"warn"`
}

func TestPoliciesOnRealPlans(t *testing.T) {
	opa, clis := tools(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	policies := filepath.Join(root, "examples", "policies", "opa")
	work := t.TempDir()

	cliConfig, _, err := devcli.Install(t.Context(), root, work)
	if err != nil {
		t.Fatal(err)
	}
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	env := append([]string{"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}, fake.Env()...)

	tooEarly := maps.Clone(tight)
	tooEarly["truewatch_forecast_min_complete_days"] = 4
	atTheLimit := map[string]any{"converted_spend_limit": 1.524}
	oneVendor := map[string]any{"spend_anomalies_output": "truewatch_anomalies"}
	cases := []struct {
		name   string
		limits map[string]any // data.billing.limits; nil: data.json's defaults alone
		want   verdict
	}{
		// The defaults: nothing over (the forecast is over 1000, but 3
		// complete days are fewer than the default minimum of 5; the
		// converted spend, 1.524 USD, is under 5000), and the anomaly.
		{name: "defaults", want: verdict{Warn: []string{warnAnomaly}}},
		{name: "tight", limits: tight, want: verdict{
			Deny: []string{denyForecast, denyTotal, denyConverted},
			Warn: []string{warnProduct, warnEnv, warnOcamba, warnCurrency, warnAnomaly},
		}},
		// Over its budget, the forecast still waits for 4 complete days.
		{name: "forecast too early", limits: tooEarly, want: verdict{
			Deny: []string{denyTotal, denyConverted},
			Warn: []string{warnProduct, warnEnv, warnOcamba, warnCurrency, warnAnomaly},
		}},
		// The converted spend at its limit is not over it.
		{name: "converted at the limit", limits: atTheLimit, want: verdict{Warn: []string{warnAnomaly}}},
		// One vendor's anomalies() alone, with a day whose baseline is 0
		// (increase_percent null in the plan).
		{name: "one vendor's anomalies", limits: oneVendor, want: verdict{
			Warn: []string{warnOneVendor, warnZeroBaseline},
		}},
	}

	for _, cli := range clis {
		t.Run(filepath.Base(cli), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "plan")
			if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "plan"))); err != nil {
				t.Fatal(err)
			}
			t.Log(firstLine(run(t, dir, env, cli, "version")))
			// Installs the local module only: with dev_overrides the
			// provider needs no init, and init would look up its source.
			run(t, dir, env, cli, "get", "-no-color")
			run(t, dir, env, cli, "plan", "-input=false", "-no-color", "-out=plan.tfplan")
			plan := run(t, dir, env, cli, "show", "-json", "plan.tfplan")
			planFile := filepath.Join(dir, "plan.json")
			if err := os.WriteFile(planFile, plan, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				args := []string{"eval", "--format=raw", "-d", policies, "-i", planFile}
				if c.limits != nil {
					limitsFile := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".json")
					writeJSON(t, limitsFile, map[string]any{"billing": map[string]any{"limits": c.limits}})
					args = append(args, "-d", limitsFile)
				}
				args = append(args, `{"deny": data.billing.policies.deny, "warn": data.billing.policies.warn}`)
				var got verdict
				if err := json.Unmarshal(run(t, dir, nil, opa, args...), &got); err != nil {
					t.Fatalf("%s: opa eval: %v", c.name, err)
				}
				check(t, c.name+": deny", got.Deny, c.want.Deny)
				check(t, c.name+": warn", got.Warn, c.want.Warn)
			}

			// A plan whose precondition failed is written errored, and
			// without the output the precondition guards: the policies
			// deny it rather than pass it for want of that figure.
			overCeiling := exec.CommandContext(t.Context(), cli, "plan", "-input=false", "-no-color", "-var", "converted_spend_ceiling=1", "-out=errored.tfplan") //nolint:gosec // the CLI the test is given
			overCeiling.Dir, overCeiling.Env = dir, append(os.Environ(), env...)
			if out, err := overCeiling.CombinedOutput(); err == nil || !strings.Contains(string(out), "is over the ceiling") {
				t.Fatalf("a plan over the converted spend's ceiling: %v\n%s", err, out)
			}
			errored := filepath.Join(dir, "errored.json")
			if err := os.WriteFile(errored, run(t, dir, env, cli, "show", "-json", "errored.tfplan"), 0o600); err != nil {
				t.Fatal(err)
			}
			var got verdict
			if err := json.Unmarshal(run(t, dir, nil, opa, "eval", "--format=raw", "-d", policies, "-i", errored,
				`{"deny": data.billing.policies.deny, "warn": data.billing.policies.warn}`), &got); err != nil {
				t.Fatalf("errored plan: opa eval: %v", err)
			}
			check(t, "errored plan: deny", got.Deny, []string{denyErrored})
		})
	}
}

// tools returns the opa binary and the CLIs the environment names, or skips
// the test when it names no opa.
func tools(t *testing.T) (opa string, clis []string) {
	t.Helper()
	opa, ok := os.LookupEnv(opaEnv)
	if !ok {
		t.Skipf("%s is not set: `make test-opa` runs this test with opa and each CLI", opaEnv)
	}
	if _, err := os.Stat(opa); opa == "" || err != nil {
		t.Fatalf("%s=%q names no opa binary (%v)", opaEnv, opa, err)
	}
	for _, cli := range filepath.SplitList(os.Getenv(clisEnv)) {
		path, err := exec.LookPath(cli)
		if err != nil {
			t.Fatalf("%s names %q, which is not a CLI here: %v", clisEnv, cli, err)
		}
		clis = append(clis, path)
	}
	if len(clis) == 0 {
		t.Fatalf("%s names no CLI: give terraform and tofu binaries, separated by %q", clisEnv, os.PathListSeparator)
	}
	return opa, clis
}

// run runs a command in dir with env added to the test's environment, and
// returns its standard output; it fails the test, showing both outputs,
// if the command fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...) //nolint:gosec // the CLIs and opa the test is given
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", filepath.Base(name), strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s:\ngot  %q\nwant %q", what, got, want)
	}
}

func writeJSON(t *testing.T, path string, value any) {
	t.Helper()
	content, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
}

func firstLine(b []byte) string {
	line, _, _ := strings.Cut(string(b), "\n")
	return line
}
