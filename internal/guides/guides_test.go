// Package guides runs the commands the docs give a new user, as they are
// written, against the fake vendor APIs: the getting-started steps of the
// provider's page (docs/index.md) and every command of the CI guide
// (docs/guides/running-spend-policies-in-ci.md).
//
// Every ```sh block of those pages is a command a user runs, and runs here
// in bash, in a directory laid out as the page says, with `terraform` on
// PATH being the CLI under test: BILLING_TEST_CLI (set by scripts/test-cli,
// so that `make test` runs these under Terraform and then OpenTofu), else
// TF_ACC_TERRAFORM_PATH, else terraform on PATH. A block the test has no
// expectation for fails it, so a command cannot be added to the docs
// without being run.
//
// `init` installs the provider as a user's does, by its source address and
// version constraint, from a local filesystem mirror that holds a fresh
// build as version 0.1.0: nothing is fetched. The dev_overrides snippet is
// tested on its own, as written, with its path pointed at the build.
package guides

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/devcli"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// version is the release the mirror serves; the docs' constraint
// (~> 0.1.0) must accept it.
const version = "0.1.0"

var (
	root       = filepath.Join("..", "..")
	indexPage  = filepath.Join(root, "docs", "index.md")
	guidePage  = filepath.Join(root, "docs", "guides", "running-spend-policies-in-ci.md")
	shBlock    = regexp.MustCompile("(?s)```sh\n(.*?)```")
	hclBlock   = regexp.MustCompile("(?s)```hcl\n(.*?)```")
	sourceAddr = regexp.MustCompile(`provider\[([^\]]+/billingtf/billing)\]`)
)

// env is what a test run has: the CLI under test behind a `terraform` on
// PATH, a CLI configuration that installs the provider from the mirror,
// the build's directory (for dev_overrides), and the fakes.
type env struct {
	cli, bin, cliConfig, plugins string
	fake                         *fakeapi.Server
}

func setup(t *testing.T) *env {
	t.Helper()
	cli := firstCLI(os.Getenv("BILLING_TEST_CLI"), os.Getenv("TF_ACC_TERRAFORM_PATH"), "terraform")
	if cli == "" {
		t.Fatal("no CLI: set BILLING_TEST_CLI or TF_ACC_TERRAFORM_PATH, or put terraform on PATH")
	}
	skipWithoutFunctions(t, cli)
	work := t.TempDir()
	e := &env{cli: cli, bin: filepath.Join(work, "bin"), plugins: filepath.Join(work, "plugins")}

	// `terraform` on PATH is the CLI under test, whichever it is.
	if err := os.MkdirAll(e.bin, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(cli, filepath.Join(e.bin, "terraform")); err != nil {
		t.Fatal(err)
	}

	build := filepath.Join(e.plugins, "terraform-provider-billing")
	if err := devcli.BuildProvider(t.Context(), root, build); err != nil {
		t.Fatal(err)
	}

	// The mirror's layout starts with the registry host the CLI expands
	// the source address to; the CLI itself says which.
	mirror := filepath.Join(work, "mirror")
	platform := filepath.Join(mirror, registryAddress(t, cli, work), version, runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(platform, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(build, filepath.Join(platform, "terraform-provider-billing_v"+version)); err != nil {
		t.Fatal(err)
	}
	e.cliConfig = filepath.Join(work, "mirror.tfrc")
	config := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror)
	if err := os.WriteFile(e.cliConfig, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}

	e.fake = fakeapi.Start()
	t.Cleanup(e.fake.Close)
	// Last month's TrueWatch bill: the fake's October rows, moved into the
	// calendar month before today (UTC, as plantimestamp() is), so that
	// last month's total is 104.7 whenever the test runs.
	e.fake.TrueWatch.SetRows(rowsInLastMonth(t)...)
	return e
}

// skipWithoutFunctions skips the test under a CLI without provider
// functions, which the guides' examples call (billing_period): Terraform
// before 1.8, OpenTofu before 1.7.
func skipWithoutFunctions(t *testing.T, cli string) {
	t.Helper()
	var tooOld *devcli.TooOldError
	switch err := devcli.RequireFunctions(t.Context(), cli); {
	case errors.As(err, &tooOld):
		t.Skipf("the guides' examples call provider functions: %v", err)
	case err != nil:
		t.Fatal(err)
	}
}

// registryAddress asks the CLI what the provider's source address expands
// to (host/billingtf/billing).
func registryAddress(t *testing.T, cli, work string) string {
	t.Helper()
	dir := filepath.Join(work, "address")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	versions, err := os.ReadFile(filepath.Join(root, "examples", "getting-started", "versions.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "versions.tf"), versions, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), cli, "providers", "-no-color") //nolint:gosec // the CLI under test
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s providers: %v\n%s", cli, err, out)
	}
	m := sourceAddr.FindSubmatch(out)
	if m == nil {
		t.Fatalf("%s providers names no billingtf/billing:\n%s", cli, out)
	}
	return filepath.FromSlash(string(m[1]))
}

func rowsInLastMonth(t *testing.T) []string {
	t.Helper()
	now := time.Now().UTC()
	lastMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	var rows []string
	for _, raw := range fakeapi.DefaultTrueWatchRows() {
		var row map[string]any
		decoder := json.NewDecoder(bytes.NewReader(raw))
		decoder.UseNumber() // numbers as the fake wrote them
		if err := decoder.Decode(&row); err != nil {
			t.Fatal(err)
		}
		text, ok := row["consumeTimeOfDay"].(string)
		if !ok {
			t.Fatalf("a TrueWatch row without a day: %s", raw)
		}
		day, err := time.Parse("2006-01-02", text)
		if err != nil {
			t.Fatal(err)
		}
		row["consumeTimeOfDay"] = lastMonth.AddDate(0, 0, day.Day()-1).Format("2006-01-02")
		b, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, string(b))
	}
	return rows
}

// result is what a block did.
type result struct {
	status int
	output string // standard output and error, together
}

// run runs one block in bash (-e: a failing command that is not tested
// stops it) in dir, with the CLI configuration and environment given.
func (e *env) run(t *testing.T, dir, cliConfig, block string, extra ...string) result {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "bash", "-e", "-c", block)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PATH="+e.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"NO_COLOR=1",
	)
	cmd.Env = append(cmd.Env, e.fake.Env()...)
	cmd.Env = append(cmd.Env, extra...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return result{0, out.String()}
	case errors.As(err, &exit):
		return result{exit.ExitCode(), out.String()}
	default:
		t.Fatalf("running %q: %v", block, err)
		return result{}
	}
}

// expect fails the test unless the block ended with status and its output
// holds every one of want and none of unwanted.
func expect(t *testing.T, name string, got result, status int, want []string, unwanted ...string) {
	t.Helper()
	if got.status != status {
		t.Errorf("%s: exit status %d, want %d; output:\n%s", name, got.status, status, got.output)
		return
	}
	for _, w := range want {
		if !strings.Contains(got.output, w) {
			t.Errorf("%s: output lacks %q:\n%s", name, w, got.output)
		}
	}
	for _, u := range unwanted {
		if strings.Contains(got.output, u) {
			t.Errorf("%s: output has %q:\n%s", name, u, got.output)
		}
	}
}

// blocks returns the ```sh blocks of a page, from the line that starts
// after on (the whole page when after is empty) to the next heading of its
// level.
func blocks(t *testing.T, page, after string) []string {
	t.Helper()
	content, err := os.ReadFile(page) //nolint:gosec // the repository's docs
	if err != nil {
		t.Fatal(err)
	}
	text := string(content)
	if after != "" {
		start := strings.Index(text, "\n"+after+"\n")
		if start < 0 {
			t.Fatalf("%s has no %q", page, after)
		}
		text = text[start+1:]
		level := after[:strings.Index(after, " ")+1]
		if end := strings.Index(text[len(after):], "\n"+level); end >= 0 {
			text = text[:len(after)+end]
		}
	}
	var found []string
	for _, m := range shBlock.FindAllStringSubmatch(text, -1) {
		found = append(found, m[1])
	}
	return found
}

func copyFiles(t *testing.T, to string, patterns ...string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, pattern := range patterns {
		files, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil || len(files) == 0 {
			t.Fatalf("no files match %s (%v)", pattern, err)
		}
		for _, f := range files {
			content, err := os.ReadFile(f) //nolint:gosec // the repository's examples
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), content, 0o600); err != nil { //nolint:gosec // into the test's own directory
				t.Fatal(err)
			}
		}
	}
}

// The getting-started steps of the provider's page: install by the
// version constraint, plan last month's TrueWatch bill (104.7 at the fake)
// under its limit, then over one; and the dev_overrides snippet, which
// needs no init.
func TestGettingStarted(t *testing.T) {
	t.Parallel()
	e := setup(t)
	steps := blocks(t, indexPage, "## Getting started")
	if len(steps) != 2 {
		t.Fatalf("Getting started has %d sh blocks, the test knows 2: give a new one its expectation here:\n%q", len(steps), steps)
	}
	dir := filepath.Join(t.TempDir(), "first")
	copyFiles(t, dir, "examples/getting-started/*.tf")

	expect(t, "init and plan", e.run(t, dir, e.cliConfig, steps[0]), 0,
		[]string{"billingtf/billing", "truewatch_last_month", "104.7"}, "Error")
	expect(t, "plan over the limit", e.run(t, dir, e.cliConfig, steps[1]), 1,
		[]string{"TrueWatch cost 104.7 in", "over the limit of -1."})

	// The local build: the page's dev_overrides snippet, its path pointed
	// at the build, and plan with no init.
	content, err := os.ReadFile(indexPage)
	if err != nil {
		t.Fatal(err)
	}
	var snippet string
	for _, m := range hclBlock.FindAllStringSubmatch(string(content), -1) {
		if strings.Contains(m[1], "dev_overrides") {
			snippet = m[1]
		}
	}
	path := regexp.MustCompile(`"` + regexp.QuoteMeta(devcli.ProviderSource) + `" = "([^"]+)"`).FindStringSubmatch(snippet)
	if path == nil {
		t.Fatalf("docs/index.md has no dev_overrides snippet for %s", devcli.ProviderSource)
	}
	devConfig := filepath.Join(t.TempDir(), "dev.tfrc")
	if err := os.WriteFile(devConfig, []byte(strings.Replace(snippet, path[1], e.plugins, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(t.TempDir(), "local")
	copyFiles(t, local, "examples/getting-started/*.tf")
	expect(t, "plan with dev_overrides", e.run(t, local, devConfig, "terraform plan -input=false"), 0,
		[]string{"truewatch_last_month", "104.7"}, "Error:")
}

// Every command of the CI guide, in a copy of examples/policies with the
// guide's script and the OPA policies beside it. At the fakes, last month's
// TrueWatch bill (104.7) is more than the cash balance (86.4); one Ocamba
// invoice (OCM-226954, due 2026-10-31) and two Talkdesk invoices
// (INV-2024-0002 OVERDUE and INV-2024-0003 OPEN, due 2024-09-30) are
// unpaid past their due date; the paid ones and a draft without a due
// date are not.
func TestCIGuide(t *testing.T) {
	t.Parallel()
	e := setup(t)
	steps := blocks(t, guidePage, "")
	if len(steps) != 3 {
		t.Fatalf("the CI guide has %d sh blocks, the test knows 3: give a new one its expectation here:\n%q", len(steps), steps)
	}
	dir := filepath.Join(t.TempDir(), "policies")
	copyFiles(t, dir, "examples/policies/*.tf", "examples/ci/failed-checks.sh")
	copyFiles(t, filepath.Join(dir, "opa"), "examples/policies/opa/*.rego", "examples/policies/opa/data.json")
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed: the guide's failed-checks.sh needs it (the guide says so)")
	}

	overdue := []string{
		`check "truewatch_balance_covers_last_month": TrueWatch's cash balance of 86.4 does not cover another month like`,
		`check "ocamba_no_overdue_invoices": Ocamba invoices unpaid past their due date: OCM-226954 (11.99 EUR, due 2026-10-31)`,
		`check "talkdesk_no_overdue_invoices": Talkdesk invoice lines unpaid past their due date: INV-2024-0002 Talkdesk CX Cloud Elite licence (25 USD, due 2024-09-30)`,
		"INV-2024-0003 Outbound calls, Germany (3.5 EUR, due 2024-09-30)",
	}
	paid := []string{"OCM-213376", "OCM-224810", "INV-2024-0001", "INV-2024-0004", "error:"}
	expect(t, "the pipeline step", e.run(t, dir, e.cliConfig, steps[0]), 1, overdue, paid...)
	if _, err := os.Stat(filepath.Join(dir, "plan.jsonl")); err != nil {
		t.Errorf("the pipeline step left no plan.jsonl: %v", err)
	}

	// A vendor that does not answer fails the read, and the plan with it;
	// the script prints the error.
	closed := closedPort(t)
	expect(t, "the pipeline step, Ocamba down", e.run(t, dir, e.cliConfig, steps[0],
		"OCAMBA_ENDPOINT=http://"+closed, "BILLING_MAX_RETRIES=0"), 1,
		[]string{"error: ", closed})

	expect(t, "the gate closing", e.run(t, dir, e.cliConfig, steps[1]), 1,
		[]string{"error: ", "TrueWatch cost 104.7 in", "over the hard limit of 1."})

	opa := os.Getenv("BILLING_TEST_OPA")
	if opa == "" {
		if found, err := exec.LookPath("opa"); err == nil {
			opa = found
		}
	}
	if opa == "" {
		t.Log("opa is not installed and BILLING_TEST_OPA is not set: the guide's OPA step is not run (make test-opa runs the policies on real plans)")
		return
	}
	if err := os.Symlink(opa, filepath.Join(e.bin, "opa")); err != nil && !os.IsExist(err) {
		t.Fatal(err)
	}
	// The OPA defaults hold TrueWatch's 104.7 under 1000: nothing denied.
	expect(t, "the OPA step", e.run(t, dir, e.cliConfig, steps[2]), 0, []string{"[]"}, "over the hard limit")
	// With 1041.25 more spent last month, OPA denies the total and the step
	// fails (the configuration's own hard limit raised, so that the plan
	// itself goes through).
	rows := rowsInLastMonth(t)
	more := strings.Replace(rows[1], `"billingResult":"41.25"`, `"billingResult":"1041.25"`, 1)
	if more == rows[1] {
		t.Fatalf("no billingResult to raise in %s", rows[1])
	}
	e.fake.TrueWatch.SetRows(append(rows, strings.Replace(more, "production", "production-2", 1))...)
	expect(t, "the OPA step, over the limit", e.run(t, dir, e.cliConfig, steps[2], "TF_VAR_truewatch_total_limit=5000"), 1,
		[]string{"TrueWatch total_billing_result is 1145.95 in data.billing_truewatch_details.last_month, over the hard limit of 1000"})
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// firstCLI returns the first of the names that is a command.
func firstCLI(names ...string) string {
	for _, name := range names {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}
