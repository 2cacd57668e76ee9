package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/devcli"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

const (
	wrappedProviderEnv = "BILLING_BENCH_PROVIDER"    // the real provider binary
	peakMemoryFileEnv  = "BILLING_BENCH_PEAK_MEMORY" // where the wrapper appends peak RSS and CPU time
	planTarget         = 1.1                         // rows in state: plan time within 1.1× of the jsondecode floor
	pluginCPUTarget    = 0.10                        // rows in state: the provider's CPU under 10% of the plan's
	rowsOffTarget      = 0.25                        // include_rows = false: plan time within 0.25× of http + jsondecode
	memoryTarget       = 10.0                        // rows in state: provider peak memory within 10× the JSON bytes read
	rowsOffMemory      = 1.25                        // include_rows = false: provider peak memory within 1.25× of a three-record read
	fewRecords         = 3                           // records of each vendor in the three-record read
)

// wrapProvider runs the real provider with this process's arguments,
// standard streams and environment, so that Terraform talks to it as usual,
// and appends its peak resident memory (KiB) and its CPU time (user and
// system, microseconds) to peakFile when it exits, one line per process.
func wrapProvider(provider, peakFile string) int {
	cmd := exec.Command(provider, os.Args[1:]...) //nolint:gosec,noctx // the provider this benchmark built; it must outlive no context
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), wrappedEnv+"=1")
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench wrapper:", err)
		return 1
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	_ = cmd.Wait()
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && peakFile != "" {
		if f, err := os.OpenFile(peakFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil { //nolint:gosec // the benchmark's own temp file
			fmt.Fprintln(f, usage.Maxrss, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Microseconds()) // KiB on Linux
			f.Close()
		}
	}
	return cmd.ProcessState.ExitCode()
}

type planSetup struct {
	cli              string
	runs             int
	ocambaRecords    int
	talkdeskAccounts int
}

// A configuration under test: its directory and its measurements.
type planConfig struct {
	name, dir string
	times     []time.Duration
	cpu       []time.Duration // CPU of the whole plan: the CLI and every provider it started
	pluginCPU []time.Duration // CPU of this provider's processes during the plan
	cliPeak   int64           // KiB, the CLI process itself
	peakFile  string          // where the wrapped provider's peak memory goes; empty when it is not this provider
	stateSize int64           // bytes of terraform.tfstate after one apply; this provider's configurations only
	expect    []string        // what its plan must show; nil: every record of the large read
	env       []string        // added to the plan's environment
}

// providerConfig reads every record with this provider; %[1]t is
// include_rows and %[2]s the provider block's body (empty: the endpoints
// come from the environment). The Talkdesk count comes from the rows when
// they are kept, and from the count the provider keeps when they are not.
const providerConfig = `terraform {
  required_providers {
    billing = {
      source = "billingtf/billing"
    }
  }
}

provider "billing" {%[2]s}

data "billing_ocamba_usage" "all" {
  page_size    = 1000
  include_rows = %[1]t
}

data "billing_accounts_usage" "all" {
  per_page     = 250
  include_rows = %[1]t
}

output "ocamba_records" {
  value = data.billing_ocamba_usage.all.total
}

output "talkdesk_records" {
  value = %[1]t ? length(data.billing_accounts_usage.all.usages) : data.billing_accounts_usage.all.total
}
`

const jsondecodeConfig = `locals {
  ocamba   = jsondecode(file("${path.module}/ocamba.json"))
  talkdesk = jsondecode(file("${path.module}/talkdesk.json"))
}

output "ocamba_records" {
  value = length(local.ocamba.items)
}

output "talkdesk_records" {
  value = length(local.talkdesk._embedded.usage)
}
`

// httpConfig is what a user would write with hashicorp/http: fetch each
// document whole (the provider cannot page) and jsondecode its body.
const httpConfig = `terraform {
  required_providers {
    http = {
      source = "hashicorp/http"
    }
  }
}

data "http" "ocamba" {
  url = "%[1]s/ocamba.json"
}

data "http" "talkdesk" {
  url = "%[1]s/talkdesk.json"
}

locals {
  ocamba   = jsondecode(data.http.ocamba.body)
  talkdesk = jsondecode(data.http.talkdesk.body)
}

output "ocamba_records" {
  value = length(local.ocamba.items)
}

output "talkdesk_records" {
  value = length(local.talkdesk._embedded.usage)
}
`

// httpProviderVersion is the only hashicorp/http release on the Go module
// proxy. Its go.mod names an older module path, so `go install` refuses
// it; it is built inside a copy of its module instead, once per machine.
const httpProviderVersion = "v1.2.0"

func buildHTTPProvider(ctx context.Context) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	binary := filepath.Join(cache, "terraform-provider-billing", "tools", "terraform-provider-http-"+httpProviderVersion, "terraform-provider-http")
	if _, err := os.Stat(binary); err == nil {
		return binary, nil
	}
	fmt.Println("==> Building hashicorp/http " + httpProviderVersion + " for the comparison (once per machine)")
	download := exec.CommandContext(ctx, "go", "mod", "download", "-json", "github.com/hashicorp/terraform-provider-http@"+httpProviderVersion) //nolint:gosec // fixed arguments
	download.Env = append(os.Environ(), "GOFLAGS=")
	out, err := download.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download: %w", err)
	}
	var module struct{ Dir string }
	if err := json.Unmarshal(out, &module); err != nil || module.Dir == "" {
		return "", fmt.Errorf("go mod download gave no module directory: %s", out)
	}
	src, err := os.MkdirTemp("", "terraform-provider-http-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(src)
	if err := os.CopyFS(src, os.DirFS(module.Dir)); err != nil {
		return "", err
	}
	if err := devcli.Run(ctx, src, []string{"GOFLAGS=-mod=mod"}, "go", "build", "-o", binary+".partial", "."); err != nil {
		return "", err
	}
	return binary, os.Rename(binary+".partial", binary)
}

// runPlanBenchmark builds the provider, starts the fake APIs, writes each
// configuration, plans them in turn, and returns the table of what it
// measured.
func runPlanBenchmark(ctx context.Context, s planSetup) (string, error) {
	w, err := newWorkspace(ctx, s.cli, "billing-bench-")
	if err != nil {
		return "", err
	}
	defer w.close()
	cli, self, work, provider, cliConfig := w.cli, w.self, w.dir, w.provider, w.cliConfig

	fake := fakeapi.Start()
	defer fake.Close()
	// The same read of three records of each vendor, from a fake of its
	// own: what a summary's memory must stay near, however many records.
	few := fakeapi.Start()
	defer few.Close()
	talkdeskRecords := fillFakes(fake, few, s)

	configs := newPlanConfigs(work, self)
	files := configs.files(fake, few)
	if w.httpBuilt {
		// The documents, served whole as a user's own endpoint would.
		documents := httptest.NewServer(http.FileServer(http.Dir(configs.floor.dir)))
		defer documents.Close()
		withHTTP := &planConfig{name: "hashicorp/http " + httpProviderVersion + " + jsondecode", dir: filepath.Join(work, "http")}
		configs.all = append(configs.all, withHTTP)
		files[withHTTP] = map[string][]byte{"main.tf": fmt.Appendf(nil, httpConfig, documents.URL)}
	}
	if err := writeConfigs(configs.all, files); err != nil {
		return "", err
	}
	// What every plan must show, or it did not read every record.
	expect := []string{
		fmt.Sprintf("ocamba_records   = %d", s.ocambaRecords),
		fmt.Sprintf("talkdesk_records = %d", talkdeskRecords),
	}
	env := planEnv(cliConfig, fake, provider)

	fmt.Printf("==> End-to-end plan with %s: %d Ocamba and %d Talkdesk records, 1 warm-up and %d timed plans of each configuration, alternated\n",
		filepath.Base(cli), s.ocambaRecords, talkdeskRecords, s.runs)
	servedBefore := fake.Ocamba.BytesServed() + fake.Talkdesk.BytesServed()
	if err := timePlans(ctx, cli, s.runs, configs.all, env, expect); err != nil {
		return "", err
	}
	providerReads := int64(2*(s.runs+1) + 1) // rows on and off, and the recorded reply's first read
	jsonPerRead := (fake.Ocamba.BytesServed() + fake.Talkdesk.BytesServed() - servedBefore) / providerReads
	// Before the applies below: after them a plan shows no changes.
	profile, err := profileProvider(ctx, cli, configs.withProvider, env, expect, self, filepath.Join(work, "profile"))
	if err != nil {
		return "", err
	}
	peaks, err := measureProviderConfigs(ctx, cli, configs, env)
	if err != nil {
		return "", err
	}
	return planTable(planResults{
		cli: cli, setup: s, talkdeskRecords: talkdeskRecords, configs: configs,
		peaks: peaks, jsonPerRead: jsonPerRead, profile: profile,
	}), nil
}

// workspace is what an end-to-end benchmark plans in: the CLI, this
// binary (which Terraform starts as the provider's wrapper), a temporary
// directory, and the provider built there with a CLI configuration that
// finds it.
type workspace struct {
	cli, self, dir      string
	provider, cliConfig string
	httpBuilt           bool
}

// newWorkspace finds the CLI, makes the directory and builds the
// providers in it; close removes it.
func newWorkspace(ctx context.Context, cliName, prefix string) (*workspace, error) {
	cli, err := devcli.Find(cliName)
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return nil, err
	}
	w := &workspace{cli: cli, self: self, dir: dir}
	if w.provider, w.cliConfig, w.httpBuilt, err = installProviders(ctx, dir, self); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *workspace) close() { os.RemoveAll(w.dir) }

// installProviders builds the provider and writes a CLI configuration
// that finds it, through this binary as the wrapper that records its peak
// memory, and hashicorp/http when it builds (httpBuilt).
func installProviders(ctx context.Context, work, self string) (provider, cliConfig string, httpBuilt bool, err error) {
	fmt.Println("==> End-to-end plan: building the provider")
	provider = filepath.Join(work, "bin", "terraform-provider-billing")
	if err := devcli.BuildProvider(ctx, ".", provider); err != nil {
		return "", "", false, err
	}
	// Terraform finds "the provider" in plugins/: this binary, which runs
	// the real one and records its peak memory.
	plugins := filepath.Join(work, "plugins")
	if err := os.MkdirAll(plugins, 0o750); err != nil {
		return "", "", false, err
	}
	if err := os.Symlink(self, filepath.Join(plugins, "terraform-provider-billing")); err != nil {
		return "", "", false, err
	}
	overrides := map[string]string{devcli.ProviderSource: plugins}
	httpProvider, httpErr := buildHTTPProvider(ctx)
	if httpErr == nil {
		httpPlugins := filepath.Join(work, "http-plugins")
		if err := os.MkdirAll(httpPlugins, 0o750); err != nil {
			return "", "", false, err
		}
		if err := os.Symlink(httpProvider, filepath.Join(httpPlugins, "terraform-provider-http")); err != nil {
			return "", "", false, err
		}
		overrides["hashicorp/http"] = httpPlugins
	} else {
		fmt.Println("    hashicorp/http " + httpProviderVersion + " did not build, so it is left out: " + httpErr.Error())
	}
	cliConfig = filepath.Join(work, "bench.tfrc")
	if err := devcli.WriteConfig(cliConfig, overrides); err != nil {
		return "", "", false, err
	}
	return provider, cliConfig, httpErr == nil, nil
}

// fillFakes gives fake the records of s, and few three records of each
// vendor; it returns how many Talkdesk records fake holds.
func fillFakes(fake, few *fakeapi.Server, s planSetup) int {
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(s.ocambaRecords)...)
	accounts := make([]string, s.talkdeskAccounts)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("acct-%05d", i+1)
	}
	months := make([]string, 12)
	for i := range months {
		months[i] = fmt.Sprintf("2026-%02d", i+1)
	}
	fake.Talkdesk.SetRows(fakeapi.TalkdeskRecords(accounts, months)...)
	few.Ocamba.SetRows(fakeapi.OcambaRecords(fewRecords)...)
	few.Talkdesk.SetRows(fakeapi.TalkdeskRecords(accounts[:1], months[:fewRecords])...)
	return len(accounts) * len(months)
}

// planConfigs are the configurations the plan benchmark compares.
type planConfigs struct {
	withProvider, canned, rowsOff, rowsOffFew, floor *planConfig
	all                                              []*planConfig // in the order they are planned and shown
}

func newPlanConfigs(work, self string) *planConfigs {
	c := &planConfigs{
		withProvider: &planConfig{name: "provider (paged, typed, exact)", dir: filepath.Join(work, "provider"), peakFile: filepath.Join(work, "peak-rows")},
		rowsOff:      &planConfig{name: "provider, include_rows = false", dir: filepath.Join(work, "rows-off"), peakFile: filepath.Join(work, "peak-rows-off")},
		rowsOffFew: &planConfig{
			name: fmt.Sprintf("provider, include_rows = false, %d + %d records", fewRecords, fewRecords), dir: filepath.Join(work, "rows-off-few"),
			peakFile: filepath.Join(work, "peak-rows-off-few"),
			expect:   []string{fmt.Sprintf("ocamba_records   = %d", fewRecords), fmt.Sprintf("talkdesk_records = %d", fewRecords)},
		},
		// The same configuration as withProvider, read by this binary
		// answering with the state the provider's first read returned.
		canned: &planConfig{
			name: "recorded reply (a provider doing no work)", dir: filepath.Join(work, "canned"), peakFile: filepath.Join(work, "peak-canned"),
			env: []string{wrappedProviderEnv + "=" + self, cannedDirEnv + "=" + filepath.Join(work, "canned")},
		},
		floor: &planConfig{name: "jsondecode(file(...)) of the same records", dir: filepath.Join(work, "jsondecode")},
	}
	c.all = []*planConfig{c.withProvider, c.canned, c.rowsOff, c.rowsOffFew, c.floor}
	return c
}

// files are the files of each configuration, by name: the floor's JSON
// documents hold the records of fake, and the three-record read's provider
// block points at few.
func (c *planConfigs) files(fake, few *fakeapi.Server) map[*planConfig]map[string][]byte {
	fewEndpoints := fmt.Sprintf("\n  ocamba = { endpoint = %q }\n  talkdesk = {\n    endpoint  = %q\n    token_url = %q\n  }\n",
		few.URL, few.URL, few.URL+fakeapi.TalkdeskTokenPath)
	return map[*planConfig]map[string][]byte{
		c.withProvider: {"main.tf": fmt.Appendf(nil, providerConfig, true, "")},
		c.canned:       {"main.tf": fmt.Appendf(nil, providerConfig, true, "")},
		c.rowsOff:      {"main.tf": fmt.Appendf(nil, providerConfig, false, "")},
		c.rowsOffFew:   {"main.tf": fmt.Appendf(nil, providerConfig, false, fewEndpoints)},
		c.floor:        {"main.tf": []byte(jsondecodeConfig), "ocamba.json": fake.Ocamba.Document(), "talkdesk.json": fake.Talkdesk.Document()},
	}
}

// writeConfigs writes each configuration's files into its directory.
func writeConfigs(configs []*planConfig, files map[*planConfig]map[string][]byte) error {
	for _, c := range configs {
		if err := os.MkdirAll(c.dir, 0o750); err != nil {
			return err
		}
		for name, content := range files[c] {
			if err := os.WriteFile(filepath.Join(c.dir, name), content, 0o600); err != nil {
				return err
			}
		}
	}
	return nil
}

// planEnv is the environment of every plan: the CLI configuration, and the
// provider's endpoints and credentials on fake.
func planEnv(cliConfig string, fake *fakeapi.Server, provider string) []string {
	return append(fake.Env(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		wrappedProviderEnv+"="+provider,
	)
}

// timePlans plans every configuration once to warm up, then runs more
// times, the configurations alternated, and keeps what each timed plan
// measured in its configuration.
func timePlans(ctx context.Context, cli string, runs int, configs []*planConfig, env, expect []string) error {
	for i := 0; i <= runs; i++ {
		for _, c := range configs {
			want := expect
			if c.expect != nil {
				want = c.expect
			}
			r, err := plan(ctx, cli, c, env, want)
			if err != nil {
				return err
			}
			if i == 0 {
				continue // warm-up: caches, first build of the plugin's page cache
			}
			c.times = append(c.times, r.elapsed)
			c.cpu = append(c.cpu, r.cpu)
			c.pluginCPU = append(c.pluginCPU, r.pluginCPU)
			c.cliPeak = max(c.cliPeak, r.peak)
			fmt.Printf("    %-45s %6.2f s, CPU %5.2f s, provider CPU %5.2f s\n", c.name, r.elapsed.Seconds(), r.cpu.Seconds(), r.pluginCPU.Seconds())
		}
	}
	return nil
}

// measureProviderConfigs reads the provider's peak memory over the plans
// of each configuration this provider served, and applies each once for
// the size of the state it keeps.
func measureProviderConfigs(ctx context.Context, cli string, configs *planConfigs, env []string) (map[*planConfig]int64, error) {
	peaks := map[*planConfig]int64{}
	for _, c := range []*planConfig{configs.withProvider, configs.canned, configs.rowsOff, configs.rowsOffFew} {
		var err error
		if peaks[c], err = peakOf(c.peakFile); err != nil {
			return nil, err
		}
		// One apply, for the size of the state the configuration keeps.
		if c.stateSize, err = applyStateSize(ctx, cli, c, env); err != nil {
			return nil, err
		}
	}
	return peaks, nil
}

// planResults is what the plan benchmark's table is written from.
type planResults struct {
	cli             string
	setup           planSetup
	talkdeskRecords int
	configs         *planConfigs
	peaks           map[*planConfig]int64 // KiB
	jsonPerRead     int64
	profile         string
}

// planTable writes the table of every configuration, the tables of the
// provider's memory, and the profile.
func planTable(r planResults) string {
	s, c := r.setup, r.configs
	var b strings.Builder
	fmt.Fprintf(&b, "End-to-end `%s plan`: %d Ocamba + %d Talkdesk records (targets: rows in state within %.2fx of the jsondecode floor "+
		"with the provider under %.0f%% of the plan's CPU and its peak memory within %.0fx the JSON read; include_rows = false within %.2fx of http + jsondecode)\n\n",
		filepath.Base(r.cli), s.ocambaRecords, r.talkdeskRecords, planTarget, pluginCPUTarget*100, memoryTarget, rowsOffTarget)
	writeConfigRows(&b, r)
	peaks := r.peaks
	memoryRatio := float64(peaks[c.withProvider]*1024) / float64(r.jsonPerRead)
	fmt.Fprintf(&b, "\n| JSON bytes read per plan | provider peak RSS, rows in state | ratio | target |\n|---:|---:|---:|---|\n| %.1f MB | %.1f MB | %.2fx | %s |\n",
		float64(r.jsonPerRead)/1e6, float64(peaks[c.withProvider]*1024)/1e6, memoryRatio, verdict(memoryRatio <= memoryTarget))
	fewRatio := float64(peaks[c.rowsOff]) / float64(peaks[c.rowsOffFew])
	fmt.Fprintf(&b, "\n| provider peak RSS, include_rows = false | the same, %d + %d records | ratio | target (within %.2fx) |\n|---:|---:|---:|---|\n| %.1f MB | %.1f MB | %.2fx | %s |\n",
		fewRecords, fewRecords, rowsOffMemory, float64(peaks[c.rowsOff]*1024)/1e6, float64(peaks[c.rowsOffFew]*1024)/1e6, fewRatio, verdict(fewRatio <= rowsOffMemory))
	fmt.Fprintf(&b, "\nCPU profile of the provider in one more plan of %q (every process it ran; the top functions by their own time):\n\n```\n%s```\n", c.withProvider.name, r.profile)
	return b.String()
}

// writeConfigRows writes the table of every configuration's plans: its
// times against the floor and hashicorp/http, CPU, memory, state, and the
// targets it is held to.
func writeConfigRows(b *strings.Builder, r planResults) {
	configs, peaks := r.configs, r.peaks
	b.WriteString("| configuration | median s | min s | ratio to floor | ratio to http | plan CPU s | provider CPU s | provider share | CLI peak MB | provider peak MB | state after apply | target |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	var httpTime float64
	for _, c := range configs.all {
		if c.peakFile == "" && c != configs.floor {
			httpTime = median(c.times).Seconds()
		}
	}
	for _, c := range configs.all {
		t := median(c.times).Seconds()
		toFloor, toHTTP, target := t/median(configs.floor.times).Seconds(), "-", "-"
		if httpTime > 0 {
			toHTTP = fmt.Sprintf("%.2fx", t/httpTime)
		}
		share := median(c.pluginCPU).Seconds() / median(c.cpu).Seconds()
		switch {
		case c == configs.withProvider:
			target = fmt.Sprintf("time %s (%.2fx of the recorded reply), CPU %s", verdict(toFloor <= planTarget), t/median(configs.canned.times).Seconds(), verdict(share < pluginCPUTarget))
		case c == configs.rowsOff && httpTime > 0:
			target = fmt.Sprintf("time %s, memory %s", verdict(t/httpTime <= rowsOffTarget), verdict(float64(peaks[configs.rowsOff]) <= rowsOffMemory*float64(peaks[configs.rowsOffFew])))
		case c == configs.rowsOff:
			target = "memory " + verdict(float64(peaks[configs.rowsOff]) <= rowsOffMemory*float64(peaks[configs.rowsOffFew]))
		}
		providerCPU, providerShare, providerPeak, state := "-", "-", "-", "-"
		if c.peakFile != "" {
			providerCPU = fmt.Sprintf("%.2f", median(c.pluginCPU).Seconds())
			providerShare = fmt.Sprintf("%.0f%%", share*100)
			providerPeak = fmt.Sprintf("%.0f", float64(peaks[c]*1024)/1e6)
			state = byteSize(c.stateSize)
		}
		fmt.Fprintf(b, "| %s | %.2f | %.2f | %.2fx | %s | %.2f | %s | %s | %.0f | %s | %s | %s |\n",
			c.name, t, slices.Min(c.times).Seconds(), toFloor, toHTTP, median(c.cpu).Seconds(), providerCPU, providerShare,
			float64(c.cliPeak)/1024, providerPeak, state, target)
	}
}

// profileProvider runs one more plan of c with the provider served by this
// binary under the CPU profiler, and returns the profile's top functions.
func profileProvider(ctx context.Context, cli string, c *planConfig, env, expect []string, self, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	profiled := *c
	profiled.peakFile = filepath.Join(dir, "peak")
	profiled.env = append(slices.Clone(c.env), wrappedProviderEnv+"="+self, cpuProfileDirEnv+"="+dir)
	fmt.Println("==> One more plan of " + c.name + ", the provider under the CPU profiler")
	if _, err := plan(ctx, cli, &profiled, env, expect); err != nil {
		return "", err
	}
	profiles, err := filepath.Glob(filepath.Join(dir, "cpu-*.pprof"))
	if err != nil || len(profiles) == 0 {
		return "", fmt.Errorf("the profiled plan wrote no CPU profile in %s", dir)
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool", "pprof", "-top", "-nodecount=25"}, profiles...)...) //nolint:gosec // the benchmark's own files
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go tool pprof: %w", err)
	}
	return string(out), nil
}

// applyStateSize applies c once and returns the size of the state it keeps.
func applyStateSize(ctx context.Context, cli string, c *planConfig, env []string) (int64, error) {
	cmd := exec.CommandContext(ctx, cli, "apply", "-auto-approve", "-input=false", "-no-color", "-lock=false") //nolint:gosec // the CLI the user chose
	cmd.Dir = c.dir
	cmd.Env = append(append(os.Environ(), append(env, peakMemoryFileEnv+"="+c.peakFile)...), c.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("apply of %s failed: %w\n%s", c.name, err, out)
	}
	info, err := os.Stat(filepath.Join(c.dir, "terraform.tfstate"))
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// byteSize is n in B, KB or MB, as a person reads it.
func byteSize(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e4:
		return fmt.Sprintf("%.0f KB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%d B", n)
	}
}

// planRun is what one plan measured.
type planRun struct {
	elapsed   time.Duration
	cpu       time.Duration // user and system CPU of the CLI and every process it waited for
	pluginCPU time.Duration // of that, this provider's processes (0 for other configurations)
	peak      int64         // KiB, the CLI's peak memory
}

// plan runs one plan of c and checks that it shows each of expect.
func plan(ctx context.Context, cli string, c *planConfig, env, expect []string) (planRun, error) {
	cmd := exec.CommandContext(ctx, cli, "plan", "-input=false", "-no-color", "-lock=false") //nolint:gosec // the CLI the user chose
	cmd.Dir = c.dir
	cmd.Env = append(append(os.Environ(), env...), c.env...)
	var recorded int64 // what the wrapper had written before this plan
	if c.peakFile != "" {
		cmd.Env = append(cmd.Env, peakMemoryFileEnv+"="+c.peakFile)
		if info, err := os.Stat(c.peakFile); err == nil {
			recorded = info.Size()
		}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	r := planRun{elapsed: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("plan of %s failed: %w\n%s", c.name, err, out.String())
	}
	for _, want := range expect {
		if !strings.Contains(out.String(), want) {
			return r, fmt.Errorf("plan of %s does not show %q:\n%s", c.name, want, out.String())
		}
	}
	// The CLI waits for the providers it starts, so its usage includes theirs.
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peak = usage.Maxrss
	}
	if c.peakFile != "" {
		records, err := wrapperRecords(c.peakFile, recorded)
		if err != nil {
			return r, err
		}
		for _, rec := range records {
			r.pluginCPU += rec.cpu
		}
	}
	return r, nil
}

func median(times []time.Duration) time.Duration {
	sorted := slices.Sorted(slices.Values(times))
	return sorted[len(sorted)/2]
}

// wrapperRecord is one provider process as the wrapper recorded it.
type wrapperRecord struct {
	peak int64 // KiB
	cpu  time.Duration
}

// wrapperRecords reads what the wrapper wrote to file from offset on.
func wrapperRecords(file string, offset int64) ([]wrapperRecord, error) {
	content, err := os.ReadFile(file) //nolint:gosec // the benchmark's own temp file
	if err != nil {
		return nil, fmt.Errorf("no peak memory recorded (was the provider started through the wrapper?): %w", err)
	}
	var records []wrapperRecord
	for _, line := range strings.Split(strings.TrimSpace(string(content[min(offset, int64(len(content))):])), "\n") {
		var peak, micros int64
		if _, err := fmt.Sscan(line, &peak, &micros); err != nil {
			return nil, fmt.Errorf("%s: line %q: %w", file, line, err)
		}
		records = append(records, wrapperRecord{peak: peak, cpu: time.Duration(micros) * time.Microsecond})
	}
	return records, nil
}

// peakOf is the largest peak memory (KiB) the wrapper recorded in file.
func peakOf(file string) (int64, error) {
	records, err := wrapperRecords(file, 0)
	var peak int64
	for _, r := range records {
		peak = max(peak, r.peak)
	}
	return peak, err
}
