//go:build unix

// Package multiprocess tests what only several provider processes at once
// can show: that processes sharing a cache.dir share one request budget
// per vendor and read each vendor answer once, and that a provider started
// on its own with -debug serves the CLI that attaches to it. It builds the provider,
// starts the fake vendor APIs on loopback, and runs real CLI processes
// (each in its own root module, as a monorepo pipeline does) that the
// build is served to through dev_overrides.
//
// The CLI is the one the acceptance tests drive: BILLING_TEST_CLI (set by
// scripts/test-cli), else TF_ACC_TERRAFORM_PATH, else terraform on PATH.
package multiprocess

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/devcli"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

var (
	cli       string // the CLI every process runs
	cliConfig string // its configuration: dev_overrides to the build
	build     string // the provider's build
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	cli = firstCLI(os.Getenv("BILLING_TEST_CLI"), os.Getenv("TF_ACC_TERRAFORM_PATH"), "terraform")
	if cli == "" {
		fmt.Fprintln(os.Stderr, "multiprocess: no CLI: set BILLING_TEST_CLI or TF_ACC_TERRAFORM_PATH, or put terraform on PATH")
		return 1
	}
	work, err := os.MkdirTemp("", "billing-multiprocess-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(work)
	if cliConfig, build, err = devcli.Install(context.Background(), filepath.Join("..", ".."), work); err != nil {
		fmt.Fprintf(os.Stderr, "multiprocess: building the provider: %v\n", err)
		return 1
	}
	return m.Run()
}

func firstCLI(candidates ...string) string {
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if path, err := exec.LookPath(c); err == nil {
			return path
		}
	}
	return ""
}

// module reads every vendor: Ocamba's usage one record a page (four
// pages), a month of TrueWatch details, a month of Virtuozzo history and a
// month of Talkdesk usage; its outputs are their exact totals.
const module = `terraform {
  required_providers {
    billing = {
      source = "billingtf/billing"
    }
  }
}

data "billing_ocamba_usage" "all" {
  page_size = 1
}

data "billing_truewatch_details" "october" {
  start_date = "2026-10-01"
  end_date   = "2026-10-31"
}

data "billing_account_history" "april" {
  start_time = "2024-04-01"
  end_time   = "2024-04-30 23:59:59"
}

data "billing_accounts_usage" "january" {
  from_month = "2024-01"
  to_month   = "2024-01"
}

output "totals" {
  value = {
    ocamba    = data.billing_ocamba_usage.all.total_amount_by_currency
    truewatch = data.billing_truewatch_details.october.total_billing_result
    virtuozzo = data.billing_account_history.april.total_cost
    talkdesk  = data.billing_accounts_usage.january.total_amount_by_currency
  }
}
`

// wantTotals are the fakes' figures, as the outputs carry them.
const wantTotals = `{"ocamba":{"EUR":0.3,"USD":1.2},"talkdesk":{"EUR":3.5,"USD":14.7},"truewatch":104.7,"virtuozzo":1.562846}`

// ocambaPages is how many pages the module reads of Ocamba's usage.
const ocambaPages = 4

// firstWave is what the vendors see of the module's first read: each page
// once, and one Talkdesk token.
var firstWave = vendorRequests{ocamba: ocambaPages, trueWatch: 1, virtuozzo: 1, talkdesk: 1, talkdeskTokens: 1}

// process is one CLI run in its own root module.
type process struct {
	name           string
	dir            string
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan error
}

// start runs `apply` of module in a new root module, with the fakes'
// environment and env added.
func start(t *testing.T, name string, fake *fakeapi.Server, env ...string) *process {
	t.Helper()
	p := &process{name: name, dir: filepath.Join(t.TempDir(), name), done: make(chan error, 1)}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.dir, "main.tf"), []byte(module), 0o600); err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.CommandContext(t.Context(), cli, "apply", "-auto-approve", "-input=false", "-no-color") //nolint:gosec // the CLI the tests drive
	p.cmd.Dir = p.dir
	p.cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	p.cmd.Env = append(append(p.cmd.Env, fake.Env()...), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	// Its own process group, so that killing it kills the provider too.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	return p
}

// totals waits for the process and returns its totals output as JSON.
func (p *process) totals(t *testing.T) string {
	t.Helper()
	if err := <-p.done; err != nil {
		t.Fatalf("%s: %v\n%s%s", p.name, err, p.stdout.String(), p.stderr.String())
	}
	data, err := os.ReadFile(filepath.Join(p.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Outputs map[string]struct {
			Value json.RawMessage `json:"value"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatalf("%s: state: %v", p.name, err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, state.Outputs["totals"].Value); err != nil {
		t.Fatalf("%s: totals: %v", p.name, err)
	}
	return compact.String()
}

// wave runs n processes at once and checks that each has the fakes'
// totals.
func wave(t *testing.T, name string, n int, fake *fakeapi.Server, env ...string) {
	t.Helper()
	processes := make([]*process, n)
	for i := range processes {
		processes[i] = start(t, fmt.Sprintf("%s-%d", name, i+1), fake, env...)
	}
	for _, p := range processes {
		if got := p.totals(t); got != wantTotals {
			t.Errorf("%s: totals = %s, want %s", p.name, got, wantTotals)
		}
	}
}

// vendorRequests counts the requests each fake received, less Talkdesk's
// token requests (each process fetches its own token when it asks
// Talkdesk anything), which are counted apart.
type vendorRequests struct {
	ocamba, trueWatch, virtuozzo, talkdesk, talkdeskTokens int
}

func countRequests(fake *fakeapi.Server) vendorRequests {
	counts := vendorRequests{
		ocamba:    len(fake.Ocamba.Requests()),
		trueWatch: len(fake.TrueWatch.Requests()),
		virtuozzo: len(fake.Virtuozzo.Requests()),
	}
	for _, r := range fake.Talkdesk.Requests() {
		if r.Path == fakeapi.TalkdeskTokenPath {
			counts.talkdeskTokens++
		} else {
			counts.talkdesk++
		}
	}
	return counts
}

func (v vendorRequests) minus(before vendorRequests) vendorRequests {
	return vendorRequests{
		ocamba: v.ocamba - before.ocamba, trueWatch: v.trueWatch - before.trueWatch, virtuozzo: v.virtuozzo - before.virtuozzo,
		talkdesk: v.talkdesk - before.talkdesk, talkdeskTokens: v.talkdeskTokens - before.talkdeskTokens,
	}
}

// cacheEnv points the provider at dir with ttl, at most maxConcurrency
// requests in flight per vendor.
func cacheEnv(dir, ttl string, maxConcurrency int) []string {
	return []string{"BILLING_CACHE_DIR=" + dir, "BILLING_CACHE_TTL=" + ttl, fmt.Sprintf("BILLING_MAX_CONCURRENCY=%d", maxConcurrency)}
}

// TestOneBudgetAndOneReadAcrossProcesses runs waves of processes sharing
// one cache.dir, and pins what each wave asks of the vendors.
func TestOneBudgetAndOneReadAcrossProcesses(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	// Slow answers, so that the processes' requests overlap.
	for _, latency := range []interface{ SetLatency(time.Duration) }{fake.Ocamba, fake.TrueWatch, fake.Virtuozzo, fake.Talkdesk} {
		latency.SetLatency(100 * time.Millisecond)
	}
	cacheDir := filepath.Join(t.TempDir(), "billing-cache") // the provider creates it
	env := cacheEnv(cacheDir, "1h", 2)

	// Four processes at once: each page and each answer is asked for once,
	// and never more than two requests are in flight to Ocamba.
	wave(t, "first", 4, fake, env...)
	first := countRequests(fake)
	if first != firstWave {
		t.Errorf("four processes at once made %+v requests, want %+v (each page once)", first, firstWave)
	}
	if got := fake.Ocamba.MaxInFlight(); got != 2 {
		t.Errorf("at most %d Ocamba requests were in flight across the processes, want 2 (max_concurrency)", got)
	}
	for name, got := range map[string]int{"TrueWatch": fake.TrueWatch.MaxInFlight(), "Virtuozzo": fake.Virtuozzo.MaxInFlight()} {
		if got > 2 {
			t.Errorf("%d %s requests were in flight at once, over max_concurrency (2)", got, name)
		}
	}

	// A second wave within ttl asks the vendors nothing, not even a token.
	wave(t, "second", 2, fake, env...)
	if got := countRequests(fake).minus(first); got != (vendorRequests{}) {
		t.Errorf("a second wave made %+v requests, want none", got)
	}

	// Entries damaged or out of date are ignored and asked for again, a
	// listing whole: its pages are kept, and read, together.
	damageEntries(t, cacheDir)
	before := countRequests(fake)
	wave(t, "after-damage", 1, fake, env...)
	if got := countRequests(fake).minus(before); got != firstWave {
		t.Errorf("after every entry was damaged, one process made %+v requests, want %+v (all of them)", got, firstWave)
	}

	// Another Ocamba credential reads nothing the first one's processes
	// kept: it asks for every page itself.
	before = countRequests(fake)
	const otherToken = "oc-other-token-+/= 42"
	fake.Ocamba.SetToken(otherToken)
	wave(t, "other-credential", 1, fake, append(env, "OCAMBA_TOKEN="+otherToken)...)
	if got, want := countRequests(fake).minus(before), (vendorRequests{ocamba: ocambaPages}); got != want {
		t.Errorf("another Ocamba credential made %+v requests, want %+v", got, want)
	}
	fake.Ocamba.SetToken(fakeapi.OcambaToken)

	secrets := []string{fakeapi.OcambaToken, otherToken, fakeapi.TrueWatchAPIKey, fakeapi.VirtuozzoToken, fakeapi.TalkdeskClientSecret, "td-access-token-"}
	checkDirectory(t, cacheDir, secrets, fakeapi.TalkdeskClientID)
}

// damageEntries damages the four entries in the cache directory (Ocamba's
// listing, TrueWatch's and Virtuozzo's answers, Talkdesk's listing), each
// in its own way: a body altered, the bodies cut short, an entry from
// another version of the provider, and one written two hours ago (ttl is
// one hour).
func damageEntries(t *testing.T, cacheDir string) {
	t.Helper()
	answers := filepath.Join(cacheDir, "answers")
	entries, err := os.ReadDir(answers)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			paths = append(paths, filepath.Join(answers, e.Name()))
		}
	}
	damage := []func(header map[string]any, bodies []byte) []byte{
		func(_ map[string]any, bodies []byte) []byte { bodies[len(bodies)/2] ^= 1; return bodies },
		func(_ map[string]any, bodies []byte) []byte { return bodies[:len(bodies)-1] },
		func(header map[string]any, bodies []byte) []byte { header["provider"] = "0.0.1"; return bodies },
		func(header map[string]any, bodies []byte) []byte {
			header["written"] = time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339Nano)
			return bodies
		},
	}
	if len(paths) != len(damage) {
		t.Fatalf("the cache directory holds %d entries, want %d", len(paths), len(damage))
	}
	for i, damageOne := range damage {
		data, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		line, bodies, _ := bytes.Cut(data, []byte("\n"))
		var header map[string]any
		if err := json.Unmarshal(line, &header); err != nil {
			t.Fatal(err)
		}
		bodies = damageOne(header, bodies)
		line, _ = json.Marshal(header)
		if err := os.WriteFile(paths[i], append(append(line, '\n'), bodies...), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// checkDirectory checks the modes of everything in the cache directory
// (directories 0700, files 0600) and that no file holds any of the
// secrets, in any spelling the provider knows them by, nor id.
func checkDirectory(t *testing.T, dir string, secrets []string, id string) {
	t.Helper()
	var known client.Secrets
	known.Add(secrets...)
	known.AddBasic(id, fakeapi.TalkdeskClientSecret)
	spellings := known.List()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, info.Mode().Perm(), want)
		}
		if d.IsDir() {
			return nil
		}
		files++
		data, err := os.ReadFile(path) //nolint:gosec // the test's own cache directory
		if err != nil {
			return err
		}
		for _, s := range spellings {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds a secret (%s)", path, url.QueryEscape(s[:min(len(s), 6)])+"…")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("the cache directory holds no files")
	}
}

// TestBudgetAloneAcrossProcesses shares the budget without keeping
// answers (ttl 0s): every process asks for every page, yet together they
// keep to max_concurrency and to Ocamba's announced rate limit, so none
// is refused; and no answer is written.
func TestBudgetAloneAcrossProcesses(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	fake.Ocamba.SetRateLimit(4, time.Second)
	// Slow answers, so that the processes' requests would overlap.
	fake.Ocamba.SetLatency(200 * time.Millisecond)
	fake.Talkdesk.SetLatency(200 * time.Millisecond)
	cacheDir := t.TempDir()
	wave(t, "budget", 3, fake, cacheEnv(cacheDir, "0s", 2)...)
	if got := countRequests(fake).ocamba; got != 3*ocambaPages {
		t.Errorf("three processes made %d Ocamba requests, want %d (no answer is kept with ttl 0s)", got, 3*ocambaPages)
	}
	if refused := fake.Ocamba.RateLimitedPages(); len(refused) > 0 {
		t.Errorf("Ocamba refused %d requests for its rate limit (pages %v): the processes did not pace themselves together", len(refused), refused)
	}
	if got := fake.Ocamba.MaxInFlight(); got > 2 {
		t.Errorf("%d Ocamba requests were in flight at once, over max_concurrency (2)", got)
	}
	// Each process fetches a token (none is kept): token requests are
	// Talkdesk's, and share its slots.
	if got := countRequests(fake).talkdeskTokens; got != 3 {
		t.Errorf("three processes fetched %d Talkdesk tokens, want 3", got)
	}
	if got := fake.Talkdesk.MaxInFlight(); got > 2 {
		t.Errorf("%d Talkdesk requests, tokens included, were in flight at once, over max_concurrency (2)", got)
	}
	entries, err := os.ReadDir(filepath.Join(cacheDir, "answers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			t.Errorf("with ttl 0s, the cache directory holds an answer: %s", e.Name())
		}
	}
}

// TestKilledProcessReleasesItsSlots kills a process while it holds the
// only Ocamba slot (max_concurrency 1) and shows that the next process
// gets it at once: nothing stale is left to wait out.
func TestKilledProcessReleasesItsSlots(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	// The first Ocamba request hangs until its client goes.
	fake.Ocamba.Enqueue(fakeapi.Reply{Delay: time.Hour})
	env := cacheEnv(t.TempDir(), "1h", 1)
	killed := start(t, "killed", fake, env...)
	waitFor(t, func() bool { return len(fake.Ocamba.Requests()) == 1 })
	if err := syscall.Kill(-killed.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-killed.done; err == nil {
		t.Fatal("the killed process succeeded")
	}

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	next := start(t, "next", fake, env...)
	select {
	case <-ctx.Done():
		_ = syscall.Kill(-next.cmd.Process.Pid, syscall.SIGKILL)
		t.Fatal("the next process did not finish within a minute: the killed process's slot was not released")
	case err := <-next.done:
		next.done <- err
	}
	if got := next.totals(t); got != wantTotals {
		t.Errorf("totals = %s, want %s", got, wantTotals)
	}
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
