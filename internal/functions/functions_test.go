package functions_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// run runs a test case of one or more steps.
func run(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	testCase := functionsTestCase()
	testCase.Steps = steps
	resource.UnitTest(t, testCase)
}

// functionsTestCase is a test case without steps. Provider functions need
// Terraform 1.8 or OpenTofu 1.7: an older CLI skips the test and says so.
func functionsTestCase() resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{functionsSupported{}},
		ProtoV6ProviderFactories: acctest.Factories(),
	}
}

// functionsSupported skips a test under a CLI without provider functions:
// Terraform before 1.8, OpenTofu before 1.7.
type functionsSupported struct{}

func (functionsSupported) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, oldest := "Terraform", tfversion.Version1_8_0
	if version, err := cliVersion(); err == nil && strings.HasPrefix(version, "OpenTofu") {
		cli, oldest = "OpenTofu", tfversion.Version1_7_0
	}
	if req.TerraformVersion.LessThan(oldest) {
		resp.Skip = fmt.Sprintf("provider functions need %s %s or later; this is %s", cli, oldest, req.TerraformVersion)
	}
}

// result is an output named name whose value is expression, and the check
// of the value it must have.
type result struct {
	name, expression string
	check            knownvalue.Check
}

// group is what one test of a function states: outputs after preamble
// (variables, locals, outputs of its own), each checked in state; every
// output's name starts with the group's. Groups share one configuration
// (TestFunctions), so preambles name their blocks apart.
type group struct {
	name, preamble string
	results        []result
	// unknown are the results a plan does not know yet (they depend on
	// terraform_data.twenty); checks are other checks on state.
	unknown []string
	checks  []statecheck.StateCheck
}

func newGroup(name, preamble string, results ...result) group {
	return group{name: name, preamble: preamble, results: results}
}

// outputs is one step: every group's outputs, each checked in state, and
// the plan checks of those not known until apply.
func outputs(preamble string, groups ...group) resource.TestStep {
	var config strings.Builder
	config.WriteString(preamble)
	var checks []statecheck.StateCheck
	var unknown []plancheck.PlanCheck
	for _, g := range groups {
		config.WriteString(g.preamble)
		for _, r := range g.results {
			name := g.name + "_" + r.name
			fmt.Fprintf(&config, "\noutput %q {\n  value = %s\n}\n", name, r.expression)
			checks = append(checks, statecheck.ExpectKnownOutputValue(name, r.check))
		}
		for _, name := range g.unknown {
			unknown = append(unknown, plancheck.ExpectUnknownOutputValue(g.name+"_"+name))
		}
		checks = append(checks, g.checks...)
	}
	return resource.TestStep{
		Config:            config.String(),
		ConfigStateChecks: checks,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: unknown},
	}
}

// dataSources is a provider reading every vendor from fake, and the data
// sources the groups read: Ocamba's usage (test), with four usages, two in
// USD with amounts null and 1.2, one in USD with a null amount, one in EUR
// of 0.3, whose line items total 1.2 USD and 0.1 + 0.2 EUR; TrueWatch's
// October, Virtuozzo's April and Ocamba's usage without rows (budget); and
// Virtuozzo's February 2024 by billing_period (february).
func dataSources(fake *fakeapi.Server) string {
	return acctest.Provider("truewatch", map[string]string{"api_key": fakeapi.TrueWatchAPIKey, "endpoint": fake.URL},
		fmt.Sprintf("virtuozzo = {\n    api_url = %q\n    token   = %q\n  }\n  ocamba = {\n    endpoint = %q\n    token    = %q\n  }",
			fake.URL, fakeapi.VirtuozzoToken, fake.URL, fakeapi.OcambaToken)) + `
data "billing_ocamba_usage" "test" {}

data "billing_truewatch_details" "budget" {
  start_date   = "2026-10-01"
  end_date     = "2026-10-31"
  include_rows = false
}

data "billing_account_history" "budget" {
  start_time   = "2024-04-01"
  end_time     = "2024-04-30 23:59:59"
  include_rows = false
}

data "billing_ocamba_usage" "budget" {
  include_rows = false
}

locals {
  february = provider::billing::billing_period("2024-03-15T08:00:00Z", -1)
}

data "billing_account_history" "february" {
  start_time = local.february.start_time
  end_time   = local.february.end_time
}
`
}

// Every function's results, in one configuration: one plan and apply
// state them all.
func TestFunctions(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	run(t, outputs(dataSources(fake)+knownAfterApply,
		sumIsExact(), sumSkipsNullsAndAnEmptyListIsZero(), sumOfAnUnknownNumberIsKnownAfterApply(), sumOfADataSourcesColumn(),
		sumByGroupsExactly(), sumByOverADataSourcesRows(), sumByOfAnUnknownValueIsKnownAfterApply(),
		convertAddsEveryCurrencyExactly(),
		forecastProjectsTheRunRate(), forecastGuardsAPrecondition(), forecastOfAnUnknownAmountIsKnownAfterApply(),
		billingPeriodMovesWholeMonths(), billingPeriodIsInTheTimestampsOffset(), billingPeriodOfPlanTimestamp(), billingPeriodFeedsADataSourcesRange(),
		anomaliesFindTheDaysThatJumped(),
		budgetsOfDataSourcesBreakdowns(),
	))
	checkFebruarySent(t, fake)
}

// Every way a function call fails.
func TestFunctionErrors(t *testing.T) {
	t.Parallel()
	cases := slices.Concat(sumErrors(), sumByErrors(), convertErrors(), forecastErrors(), billingPeriodErrors(), anomaliesErrors())
	failures(t, append(cases, forecastOverTheBudget()))
}

// failure is an expression whose evaluation must fail with text (fragments
// in order, as acctest.ErrorText matches them), after preamble. fails
// names the block whose diagnostic that is, when it is one of the
// preamble's rather than the expression's output.
type failure struct {
	preamble, expression string
	text                 []string
	fails                string
}

// failures runs every failure as an output of one configuration, in two
// plans: the CLI validates a configuration with its variables unknown, so
// the failures whose preamble declares variables fail only in a plan of
// their own; the others fail as the CLI validates theirs. A preamble
// shared by several failures is written once. A failed part names the
// expression at fault.
func failures(t *testing.T, cases []failure) {
	t.Helper()
	constant := acctest.FailingPlan{Invalid: true}
	planned := acctest.FailingPlan{}
	preambles := map[string]bool{}
	for i, c := range cases {
		plan := &constant
		if strings.Contains(c.preamble, "variable ") {
			plan = &planned
		}
		if !preambles[c.preamble] {
			preambles[c.preamble] = true
			plan.Config += c.preamble
		}
		output := fmt.Sprintf("failed_%d", i+1)
		plan.Config += fmt.Sprintf("\noutput %q {\n  value = %s\n}\n", output, c.expression)
		id := output
		if c.fails != "" {
			id = c.fails
		}
		plan.Parts = append(plan.Parts, acctest.FailingPart{Name: c.expression, ID: id, Want: c.text})
	}
	acctest.FailingPlans(t, functionsTestCase(), constant, planned)
}

func errorText(fragments ...string) *regexp.Regexp { return acctest.ErrorText(fragments...) }

func numbers(values map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(values))
	for k, v := range values {
		checks[k] = acctest.DecimalText(v)
	}
	return knownvalue.MapExact(checks)
}

func regexpMust(pattern string) *regexp.Regexp { return regexp.MustCompile(pattern) }

// knownAfterApply is a number, 20, that a plan does not know yet.
const knownAfterApply = `
resource "terraform_data" "twenty" {
  input = 20
}
`

// underOpenTofu reports whether the CLI the tests run is OpenTofu, for the
// few behaviours in which it differs from Terraform.
func underOpenTofu(t *testing.T) bool {
	t.Helper()
	version, err := cliVersion()
	if err != nil {
		t.Fatalf("asking the CLI its version: %v", err)
	}
	return strings.HasPrefix(version, "OpenTofu")
}

var cliVersion = sync.OnceValues(func() (string, error) {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	out, err := exec.Command(cli, "version").Output()
	return string(out), err
})
