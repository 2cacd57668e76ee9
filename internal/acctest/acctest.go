// Package acctest holds what the acceptance tests of every data source
// share: provider factories wired for fast retries, a fake vendor server per
// test, checks on exact decimal text, and error matching that survives
// Terraform's line wrapping.
package acctest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
)

// Fast retry waits keep fault tests quick; the behaviour is the same.
const (
	RetryWaitMin = 5 * time.Millisecond
	RetryWaitMax = 20 * time.Millisecond
)

// Main prepares the environment the CLI runs in, then runs the tests:
//   - an empty CLI config (machines may point TF_CLI_CONFIG_FILE at a file
//     that does not exist, which OpenTofu reports on stdout);
//   - no checkpoint calls;
//   - none of the provider's environment variables: a tester's own
//     credentials never reach a fake, and a test of a setting left unset
//     needs no t.Setenv (which would keep it from running in parallel);
//   - TF_ACC_PROVIDER_NAMESPACE=hashicorp unless set, because OpenTofu
//     rejects the harness's default "-" namespace (Terraform accepts both);
//   - a CLI that exists: TF_ACC_TERRAFORM_PATH, or else terraform on PATH.
//     Without one the harness would try to download Terraform, which fails
//     offline with a confusing error, so the run stops here and says why.
func Main(m *testing.M) {
	if cli := os.Getenv("TF_ACC_TERRAFORM_PATH"); cli != "" {
		if _, err := os.Stat(cli); err != nil { //nolint:gosec // the tester names the CLI to run
			fail("TF_ACC_TERRAFORM_PATH names no CLI: %v", err)
		}
	} else if _, err := exec.LookPath("terraform"); err != nil {
		fail("the acceptance tests need a CLI: put terraform on PATH or set TF_ACC_TERRAFORM_PATH to a terraform or tofu binary (%v)", err)
	}
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
	}
	dir, err := os.MkdirTemp("", "billing-acctest-")
	if err != nil {
		fail("%v", err)
	}
	cliConfig := filepath.Join(dir, "empty.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		fail("%v", err)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	os.Setenv("CHECKPOINT_DISABLE", "1")
	for _, setting := range providerdata.EverySetting {
		os.Unsetenv(setting.EnvVar)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "acctest: "+format+"\n", args...)
	os.Exit(1)
}

// Factories serves the provider in-process under the name "billing", as
// main.go serves it (provider.Server).
func Factories(options ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	options = append([]provider.Option{provider.WithRetryWait(RetryWaitMin, RetryWaitMax)}, options...)
	server := provider.Server("test", options...)
	return map[string]func() (tfprotov6.ProviderServer, error){
		"billing": func() (tfprotov6.ProviderServer, error) { return server(), nil },
	}
}

// Fake starts the fake vendor APIs for one test and stops them after it.
func Fake(t *testing.T) *fakeapi.Server {
	t.Helper()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	return fake
}

// Expect checks the value at attribute (then map keys and list indexes in
// steps) of the data source at address.
func Expect(address string, check knownvalue.Check, attribute string, steps ...any) statecheck.StateCheck {
	p := tfjsonpath.New(attribute)
	for _, step := range steps {
		switch s := step.(type) {
		case int:
			p = p.AtSliceIndex(s)
		case string:
			p = p.AtMapKey(s)
		}
	}
	return statecheck.ExpectKnownValue(address, p, check)
}

// Provider is a provider block: extra holds top-level settings, and the
// vendor object holds attributes (quoted as HCL strings, in name order).
func Provider(vendor string, attributes map[string]string, extra string) string {
	names := make([]string, 0, len(attributes))
	for name := range attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\nprovider \"billing\" {\n  %s\n  %s = {\n", extra, vendor)
	for _, name := range names {
		fmt.Fprintf(&b, "    %s = %q\n", name, attributes[name])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// FieldsInOrder checks that the list attribute of the data source at address
// holds objects whose field has exactly these string values, in this order.
func FieldsInOrder(address, list, field string, values ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{field: knownvalue.StringExact(v)})
	}
	return Expect(address, knownvalue.ListExact(checks), list)
}

// TrueWatchProvider is a provider block with TrueWatch configured; extra
// goes inside the block (other settings).
func TrueWatchProvider(endpoint, apiKey, extra string) string {
	return Provider("truewatch", map[string]string{"api_key": apiKey, "endpoint": endpoint}, extra)
}

// ErrorText matches fragments of an error message, in order, however
// Terraform wraps its lines: within a fragment, every run of spaces matches
// any run of white space; between fragments anything may stand (Terraform
// prints the configuration's location between a summary and its detail).
func ErrorText(fragments ...string) *regexp.Regexp {
	patterns := make([]string, len(fragments))
	for i, fragment := range fragments {
		words := strings.Fields(fragment)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		patterns[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(strings.Join(patterns, `[\s\S]*`))
}

// DecimalText checks that a number is stored as exactly this decimal text,
// which is what users see in outputs and state: "0.3", not
// "0.30000000000000004".
func DecimalText(text string) knownvalue.Check { return decimalText(text) }

type decimalText string

func (want decimalText) CheckValue(value any) error {
	n, ok := value.(json.Number)
	if !ok {
		return fmt.Errorf("expected a number %s, got %T %v", string(want), value, value)
	}
	if n.String() != string(want) {
		return fmt.Errorf("expected the number %s, got %s", string(want), n.String())
	}
	return nil
}

func (want decimalText) String() string { return string(want) }

// Sums checks a breakdown: exactly these keys, each with this exact
// decimal sum.
func Sums(want map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(want))
	for key, sum := range want {
		checks[key] = DecimalText(sum)
	}
	return knownvalue.MapExact(checks)
}

// SumsByCurrency checks a breakdown by key, then by currency: exactly
// these keys and currencies, each with this exact decimal sum.
func SumsByCurrency(want map[string]map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(want))
	for key, sums := range want {
		checks[key] = Sums(sums)
	}
	return knownvalue.MapExact(checks)
}
