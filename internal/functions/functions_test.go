package functions_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// run runs a test case of one or more steps. Provider functions need
// Terraform 1.8 or OpenTofu 1.7: an older CLI skips the test and says so.
func run(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{functionsSupported{}},
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps:                    steps,
	})
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

// outputs is one step: each result's output, checked in state.
func outputs(preamble string, results ...result) resource.TestStep {
	var config strings.Builder
	config.WriteString(preamble)
	checks := make([]statecheck.StateCheck, len(results))
	for i, r := range results {
		fmt.Fprintf(&config, "\noutput %q {\n  value = %s\n}\n", r.name, r.expression)
		checks[i] = statecheck.ExpectKnownOutputValue(r.name, r.check)
	}
	return resource.TestStep{Config: config.String(), ConfigStateChecks: checks}
}

// failure is an expression whose evaluation must fail with text (fragments
// in order, as acctest.ErrorText matches them), after preamble.
type failure struct {
	preamble, expression string
	text                 []string
}

// failures runs each failure as one step of a single test case: a failing
// plan is cheap, a test case of its own is not (half the time, measured).
// A failed step's message shows the expression at fault.
func failures(t *testing.T, cases []failure) {
	t.Helper()
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			Config:      fmt.Sprintf("%s\noutput \"failed\" {\n  value = %s\n}\n", c.preamble, c.expression),
			ExpectError: errorText(c.text...),
		}
	}
	run(t, steps...)
}

func errorText(fragments ...string) *regexp.Regexp { return acctest.ErrorText(fragments...) }

func numbers(values map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(values))
	for k, v := range values {
		checks[k] = acctest.DecimalText(v)
	}
	return knownvalue.MapExact(checks)
}

// ocambaUsage is a billing_ocamba_usage data source "test" read from the
// fake at endpoint: four usages, two in USD with amounts null and 1.2, one
// in USD with a null amount, one in EUR of 0.3; their line items total 1.2
// USD and 0.1 + 0.2 EUR.
func ocambaUsage(endpoint string) string {
	return acctest.Provider("ocamba", map[string]string{"token": fakeapi.OcambaToken, "endpoint": endpoint}, "") +
		acctest.DataSource("billing_ocamba_usage", "")
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
