package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/sync/errgroup"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

const (
	// stdlibClientEnv starts this binary as the standard-library client:
	// the file it names holds a stdlibSpec.
	stdlibClientEnv  = "BILLING_BENCH_STDLIB_CLIENT"
	scaleConcurrency = 4    // max_concurrency of the provider and the standard-library client's workers
	scalePageSize    = 1000 // records per page
	scaleMemory      = 1.5  // include_rows = false: plugin peak within 1.5× of its own three-record read
	scaleMemorySmall = 1.25 // the same at 20 000 records
	scaleCPU         = 0.5  // plugin CPU within 0.5× of the standard-library client's
)

// scaleListing is one listing of the scale table: the data source that
// reads it with include_rows = false, how the fake is given n records,
// and the pages a plain client reads for the same records.
type scaleListing struct {
	name       string
	dataSource string // the data source's type
	arguments  string // its arguments, HCL lines of its block
	// output is the attribute the plan shows, and want its value for n
	// records: their count, or an exact total.
	output string
	want   func(n int) string
	fill   func(f *fakeapi.Server, n int) // the fake serves exactly n records
	pages  func(url string, n int) stdlibSpec
}

func count(n int) string      { return fmt.Sprint(n) }
func hundredths(n int) string { return decimal.New(int64(n), -2).String() }

var scaleListings = []scaleListing{
	{
		name: "Ocamba usage", dataSource: "billing_ocamba_usage", arguments: fmt.Sprintf("page_size = %d", scalePageSize), output: "total", want: count,
		fill:  func(f *fakeapi.Server, n int) { f.Ocamba.SetRows(fakeapi.OcambaRecords(n)...) },
		pages: ocambaPages(fakeapi.OcambaPath),
	},
	{
		name: "Ocamba invoices", dataSource: "billing_ocamba_invoices", arguments: fmt.Sprintf("page_size = %d", scalePageSize), output: "total", want: count,
		fill:  func(f *fakeapi.Server, n int) { f.Ocamba.SetInvoices(fakeapi.OcambaInvoices(n)...) },
		pages: ocambaPages(fakeapi.OcambaInvoicesPath),
	},
	{
		name: "Talkdesk usage", dataSource: "billing_accounts_usage", arguments: fmt.Sprintf("per_page = %d", talkdeskPerPage), output: "total", want: count,
		fill:  func(f *fakeapi.Server, n int) { f.Talkdesk.SetRows(fakeapi.TalkdeskUsage(n)...) },
		pages: talkdeskPages(fakeapi.TalkdeskPath, "usage", fakeapi.TalkdeskUsageScope),
	},
	{
		name: "Talkdesk invoice lines", dataSource: "billing_talkdesk_invoices", output: "total", want: count,
		fill:  func(f *fakeapi.Server, n int) { f.Talkdesk.SetInvoiceLines(fakeapi.TalkdeskInvoiceLines(n)...) },
		pages: talkdeskPages(fakeapi.TalkdeskInvoicesPath, "invoices", fakeapi.TalkdeskInvoicesScope),
	},
	{
		// One answer: past the response cap (256 MiB), the read is refused.
		name: "Virtuozzo history", dataSource: "billing_account_history", output: "total_cost", want: hundredths,
		arguments: `start_time = "2024-04-01 00:00:00"
  end_time = "2024-04-30 23:59:59"
  period = "HOUR"`,
		fill: func(f *fakeapi.Server, n int) { f.Virtuozzo.SetRows(fakeapi.VirtuozzoRows(n)...) },
		pages: func(url string, _ int) stdlibSpec {
			return stdlibSpec{URLs: []string{url + fakeapi.VirtuozzoPath}, Records: []string{"array"}, Form: map[string]string{
				"session": fakeapi.VirtuozzoToken, "starttime": "2024-04-01 00:00:00", "endtime": "2024-04-30 23:59:59", "period": "HOUR",
			}}
		},
	},
	{
		name: "TrueWatch details", dataSource: "billing_truewatch_details", output: "total_billing_result", want: hundredths,
		arguments: `start_date = "2026-10-01"
  end_date = "2026-10-31"`,
		fill: func(f *fakeapi.Server, n int) { f.TrueWatch.SetRows(fakeapi.TrueWatchRows(n)...) },
		pages: func(url string, _ int) stdlibSpec {
			return stdlibSpec{URLs: []string{url + truewatch.DetailsPath + "?startDate=20261001&endDate=20261031"},
				Header: map[string]string{"DF-API-KEY": fakeapi.TrueWatchAPIKey}, Records: []string{"content"}}
		},
	},
}

// talkdeskPerPage is the records of a Talkdesk page the provider asks for
// unless told otherwise: the most a page holds.
const talkdeskPerPage = talkdesk.DefaultPerPage

func ocambaPages(path string) func(url string, n int) stdlibSpec {
	return func(url string, n int) stdlibSpec {
		spec := stdlibSpec{Header: map[string]string{"Authorization": "Bearer " + fakeapi.OcambaToken}, Records: []string{"items"}}
		for page := 1; page <= max(1, (n+scalePageSize-1)/scalePageSize); page++ {
			spec.URLs = append(spec.URLs, fmt.Sprintf("%s%s?page=%d,%d", url, path, page, scalePageSize))
		}
		return spec
	}
}

func talkdeskPages(path, key, scope string) func(url string, n int) stdlibSpec {
	return func(url string, n int) stdlibSpec {
		spec := stdlibSpec{Token: talkdeskToken{URL: url + fakeapi.TalkdeskTokenPath, Scope: scope}, Records: []string{"_embedded", key}}
		for page := 1; page <= max(1, (n+talkdeskPerPage-1)/talkdeskPerPage); page++ {
			spec.URLs = append(spec.URLs, fmt.Sprintf("%s%s?page=%d&per_page=%d", url, path, page, talkdeskPerPage))
		}
		return spec
	}
}

// scaleRun is what one process measured.
type scaleRun struct {
	peak int64 // KiB
	cpu  time.Duration
}

// runScaleBenchmark plans, for each listing and each size, a read of
// every record with include_rows = false, beside the same data source
// reading three records and the standard-library client reading the same
// pages, and returns the table.
func runScaleBenchmark(ctx context.Context, cliName string, sizes []int, only, profileDir string) (string, error) {
	listings, err := scaleListingsNamed(only)
	if err != nil {
		return "", err
	}
	w, err := newWorkspace(ctx, cliName, "billing-scale-")
	if err != nil {
		return "", err
	}
	defer w.close()
	cli, self, work, provider, cliConfig := w.cli, w.self, w.dir, w.provider, w.cliConfig
	var b strings.Builder
	fmt.Fprintf(&b, "### Listings at scale, include_rows = false (%s, max_concurrency %d; Ocamba %d records a page, Talkdesk %d)\n\n",
		filepath.Base(cli), scaleConcurrency, scalePageSize, talkdeskPerPage)
	fmt.Fprintf(&b, "Plugin peak is the provider process's peak RSS over the plan; the three-record read is the same data source "+
		"reading three records, the run of the median peak of %d. The standard-library client fetches the same pages with %d workers and decodes each into "+
		"`map[string]any` with encoding/json. Targets: peak within %.2fx of the three-record read at 20 000 records and "+
		"%.1fx above; plugin CPU within %.1fx of the standard-library client's.\n\n", fewRecordsRuns, scaleConcurrency, scaleMemorySmall, scaleMemory, scaleCPU)
	b.WriteString("| listing | records | JSON | plugin peak | three-record peak | ratio | plugin CPU | stdlib client CPU | stdlib peak | CPU ratio | target |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, listing := range listings {
		few, err := fewRecordsPlan(ctx, cli, cliConfig, provider, work, listing)
		if err != nil {
			return "", err
		}
		var bytesPerRecord float64 // of the largest read so far
		for _, n := range sizes {
			fmt.Printf("==> Scale: %s, %d records\n", listing.name, n)
			profile := ""
			if profileDir != "" && n == slices.Max(sizes) {
				profile = filepath.Join(profileDir, listing.dataSource)
			}
			row, err := scaleRow(ctx, cli, cliConfig, provider, self, work, listing, n, few, profile)
			if err != nil {
				return "", err
			}
			b.WriteString(row.text)
			if !row.refused {
				bytesPerRecord = float64(row.served) / float64(n)
				continue
			}
			// One answer over the cap: the most records whose answer
			// stays within nine tenths of it, in tens of thousands.
			under := int(0.9*float64(client.DefaultMaxResponseBytes)/bytesPerRecord) / 10_000 * 10_000
			if bytesPerRecord == 0 || under <= 0 {
				continue
			}
			fmt.Printf("==> Scale: %s, %d records (under the response cap)\n", listing.name, under)
			if row, err = scaleRow(ctx, cli, cliConfig, provider, self, work, listing, under, few, ""); err != nil {
				return "", err
			}
			b.WriteString(row.text)
		}
	}
	return b.String(), nil
}

// fewRecordsRuns is how many times the three-record read, the base of
// every ratio of a listing, is planned: its peak moves by a few percent from
// one run to the next, so the base is the run of the median peak.
const fewRecordsRuns = 3

// fewRecordsPlan plans the listing's three-record read fewRecordsRuns times
// and returns the run of the median peak.
func fewRecordsPlan(ctx context.Context, cli, cliConfig, provider, work string, listing scaleListing) (scaleRun, error) {
	runs := make([]scaleRun, 0, fewRecordsRuns)
	for i := range fewRecordsRuns {
		fmt.Printf("==> Scale: %s, three records (%d of %d)\n", listing.name, i+1, fewRecordsRuns)
		run, err := scalePlan(ctx, cli, cliConfig, provider, work, listing, 3)
		if err != nil {
			return scaleRun{}, err
		}
		runs = append(runs, run)
	}
	slices.SortFunc(runs, func(a, b scaleRun) int { return cmp.Compare(a.peak, b.peak) })
	return runs[len(runs)/2], nil
}

// scaleListingsNamed is the listings of the data sources named in only,
// comma-separated, or every listing when only is empty.
func scaleListingsNamed(only string) ([]scaleListing, error) {
	if only == "" {
		return scaleListings, nil
	}
	var listings []scaleListing
	for _, name := range strings.Split(only, ",") {
		i := slices.IndexFunc(scaleListings, func(l scaleListing) bool { return l.dataSource == strings.TrimSpace(name) })
		if i < 0 {
			return nil, fmt.Errorf("-scale-only: %q is not a data source of the scale table", name)
		}
		listings = append(listings, scaleListings[i])
	}
	return listings, nil
}

// scaleTableRow is one row of the scale table: its text, the JSON the
// fake served, and whether the provider refused an answer over the cap.
type scaleTableRow struct {
	text    string
	served  int64
	refused bool
}

// scaleRow measures listing at n records against few, its three-record read.
// With profile set, one more plan writes the provider's CPU profile there.
func scaleRow(ctx context.Context, cli, cliConfig, provider, self, work string, listing scaleListing, n int, few scaleRun, profile string) (scaleTableRow, error) {
	fake := fakeapi.Start()
	defer fake.Close()
	listing.fill(fake, n)
	plugin, c, err := scalePlanOn(ctx, fake, cli, cliConfig, provider, work, listing, n)
	served := fake.BytesServed()
	if err != nil && strings.Contains(err.Error(), "limit and was refused") {
		// One answer larger than the response cap, which the provider
		// refuses as it passes the cap.
		return scaleTableRow{refused: true, served: served, text: fmt.Sprintf("| %s | %d | %s sent before the refusal | refused: one answer over the %d MiB response cap | | | | | | | |\n",
			listing.name, n, byteSize(served), client.DefaultMaxResponseBytes>>20)}, nil
	}
	if err != nil {
		return scaleTableRow{}, err
	}
	if profile != "" {
		top, err := profileProvider(ctx, cli, c, planEnv(cliConfig, fake, provider), []string{"result = " + listing.want(n)}, self, profile)
		if err != nil {
			return scaleTableRow{}, err
		}
		fmt.Printf("    CPU profile in %s:\n%s", profile, top)
	}
	stdlib, err := runStdlibClient(ctx, self, work, listing.pages(fake.URL, n), n)
	if err != nil {
		return scaleTableRow{}, err
	}
	memory := float64(plugin.peak) / float64(few.peak)
	memoryTarget := scaleMemory
	if n <= 20_000 {
		memoryTarget = scaleMemorySmall
	}
	cpu := plugin.cpu.Seconds() / stdlib.cpu.Seconds()
	return scaleTableRow{served: served, text: fmt.Sprintf("| %s | %d | %s | %s | %s | %.2fx | %.2f s | %.2f s | %s | %.2fx | memory %s, CPU %s |\n",
		listing.name, n, byteSize(served), byteSize(plugin.peak*1024), byteSize(few.peak*1024), memory,
		plugin.cpu.Seconds(), stdlib.cpu.Seconds(), byteSize(stdlib.peak*1024), cpu,
		verdict(memory <= memoryTarget), verdict(cpu <= scaleCPU))}, nil
}

// scalePlan plans listing reading n records from a fake of its own.
func scalePlan(ctx context.Context, cli, cliConfig, provider, work string, listing scaleListing, n int) (scaleRun, error) {
	fake := fakeapi.Start()
	defer fake.Close()
	listing.fill(fake, n)
	run, _, err := scalePlanOn(ctx, fake, cli, cliConfig, provider, work, listing, n)
	return run, err
}

// scalePlanOn plans listing reading the n records fake holds, and returns
// what the provider measured and the configuration.
func scalePlanOn(ctx context.Context, fake *fakeapi.Server, cli, cliConfig, provider, work string, listing scaleListing, n int) (scaleRun, *planConfig, error) {
	c := &planConfig{
		name:     fmt.Sprintf("%s, %d records", listing.name, n),
		dir:      filepath.Join(work, fmt.Sprintf("scale-%s-%d", listing.dataSource, n)),
		peakFile: filepath.Join(work, fmt.Sprintf("peak-%s-%d", listing.dataSource, n)),
	}
	// The wrapper appends to the file, and peakOf takes the largest of it:
	// a read planned again (the three-record base) starts a file anew.
	if err := os.Remove(c.peakFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return scaleRun{}, nil, err
	}
	config := fmt.Sprintf(scaleConfig, scaleConcurrency, listing.dataSource, listing.arguments, listing.dataSource, listing.output)
	if err := writeConfigs([]*planConfig{c}, map[*planConfig]map[string][]byte{c: {"main.tf": []byte(config)}}); err != nil {
		return scaleRun{}, nil, err
	}
	r, err := plan(ctx, cli, c, planEnv(cliConfig, fake, provider), []string{"result = " + listing.want(n)})
	if err != nil {
		return scaleRun{}, nil, err
	}
	peak, err := peakOf(c.peakFile)
	return scaleRun{peak: peak, cpu: r.pluginCPU}, c, err
}

const scaleConfig = `terraform {
  required_providers {
    billing = {
      source = "billingtf/billing"
    }
  }
}

provider "billing" {
  max_concurrency = %d
}

data "%s" "all" {
  %s
  include_rows = false
}

output "result" {
  value = data.%s.all.%s
}
`

// stdlibSpec is what the standard-library client reads: every page, with
// these headers (and, when Form is set, POSTed with this form), and where
// in each page its records are.
type stdlibSpec struct {
	URLs    []string
	Header  map[string]string
	Form    map[string]string
	Token   talkdeskToken // when URL is set, a bearer token from there is sent
	Records []string      // the keys leading to the page's array of records
}

// talkdeskToken is where the standard-library client gets its token, by
// the fake's client credentials, for scope.
type talkdeskToken struct{ URL, Scope string }

func (t talkdeskToken) get(ctx context.Context) (string, error) {
	token, err := (&clientcredentials.Config{
		ClientID: fakeapi.TalkdeskClientID, ClientSecret: fakeapi.TalkdeskClientSecret, TokenURL: t.URL, Scopes: []string{t.Scope},
	}).Token(ctx)
	if err != nil {
		return "", err
	}
	return token.AccessToken, nil
}

// runStdlibClient runs this binary as the standard-library client on spec
// and checks that it read want records.
func runStdlibClient(ctx context.Context, self, work string, spec stdlibSpec, want int) (scaleRun, error) {
	file := filepath.Join(work, "stdlib-spec.json")
	content, err := json.Marshal(spec)
	if err != nil {
		return scaleRun{}, err
	}
	if err := os.WriteFile(file, content, 0o600); err != nil {
		return scaleRun{}, err
	}
	cmd := exec.CommandContext(ctx, self) //nolint:gosec // this benchmark's own binary
	cmd.Env = append(os.Environ(), stdlibClientEnv+"="+file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return scaleRun{}, fmt.Errorf("the standard-library client failed: %w\n%s", err, out)
	}
	run := scaleRun{cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	var records int
	if _, err := fmt.Sscan(string(out), &records, &run.peak); err != nil || records != want {
		return scaleRun{}, fmt.Errorf("the standard-library client read %q records and peak, want %d records", out, want)
	}
	return run, nil
}

// stdlibClient is a plain Go client: it fetches every page of the spec in
// file with scaleConcurrency workers, decodes each into map[string]any with
// encoding/json, and prints how many records it read and its peak memory.
func stdlibClient(file string) error {
	content, err := os.ReadFile(file) //nolint:gosec // the benchmark's own temp file
	if err != nil {
		return err
	}
	var spec stdlibSpec
	if err := json.Unmarshal(content, &spec); err != nil {
		return err
	}
	ctx := context.Background()
	if spec.Token.URL != "" {
		token, err := spec.Token.get(ctx)
		if err != nil {
			return err
		}
		spec.Header = map[string]string{"Authorization": "Bearer " + token}
	}
	var records atomic.Int64
	pages, ctx := errgroup.WithContext(ctx)
	pages.SetLimit(scaleConcurrency)
	for _, url := range spec.URLs {
		pages.Go(func() error {
			n, err := stdlibPage(ctx, url, spec.Header, spec.Form, spec.Records)
			records.Add(int64(n))
			return err
		})
	}
	if err := pages.Wait(); err != nil {
		return err
	}
	// Its own high-water mark: the rusage of a child started by a process
	// as large as this benchmark's fake would count the parent's pages.
	fmt.Println(records.Load(), ownPeak())
	return nil
}

// ownPeak is this process's peak resident memory in KiB (VmHWM), or 0
// where /proc does not tell.
func ownPeak() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if value, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			_, _ = fmt.Sscan(value, &kib)
			return kib
		}
	}
	return 0
}

func stdlibPage(ctx context.Context, url string, header, form map[string]string, path []string) (int, error) {
	method, payload := http.MethodGet, io.Reader(nil)
	if form != nil {
		values := neturl.Values{}
		for k, v := range form {
			values.Set(k, v)
		}
		method, payload = http.MethodPost, strings.NewReader(values.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, url, payload)
	if err != nil {
		return 0, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s: %s", url, resp.Status, body)
	}
	var page map[string]any
	if err := json.Unmarshal(body, &page); err != nil {
		return 0, err
	}
	var at any = page
	for _, key := range path {
		object, ok := at.(map[string]any)
		if !ok {
			return 0, errors.New(url + ": no " + strings.Join(path, "."))
		}
		at = object[key]
	}
	rows, ok := at.([]any)
	if !ok {
		return 0, errors.New(url + ": " + strings.Join(path, ".") + " is not an array")
	}
	for _, row := range rows {
		if _, ok := row.(map[string]any); !ok {
			return 0, errors.New(url + ": a record is not an object")
		}
	}
	return len(rows), nil
}
