// Command bench runs the benchmark suite and prints its table (`make bench`):
//
//   - the Go benchmarks: each data source's decode-and-map path beside the
//     encoding/json floor, and paging against the fake with 20 ms latency;
//   - an end-to-end `plan` of a configuration that reads 20 000 Ocamba and
//     12 000 Talkdesk records from the fake APIs through the provider,
//     alternated with a configuration that reads the same records as one
//     JSON document each with jsondecode(file(...)), Terraform's own floor.
//     The provider's peak memory is measured by a wrapper around it;
//   - the monorepo case: 20 root modules planned at once, each reading the
//     same Ocamba listing, without cache.dir and with it, counting the
//     requests the vendor saw and the 429s it answered;
//   - the listings at scale: each listing read whole with include_rows =
//     false at each -scale size, the provider's peak memory and CPU beside
//     the same read of three records and beside a plain client that
//     decodes the same pages into maps with encoding/json.
//
// Nothing here asserts a target; the table says which are met.
//
//	go run ./internal/cmd/bench [-cli terraform] [-runs 3] [-benchtime 5x] [-go=false] [-plan=false] [-monorepo 20] [-scale 20000,100000,1000000] [-scale-only billing_ocamba_usage,...]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/billingtf/terraform-provider-billing/internal/devcli"
)

func main() {
	// Terraform starts the provider through this same binary (see
	// wrapProvider) with these variables set.
	if os.Getenv(wrappedEnv) == "1" {
		var err error
		switch {
		case os.Getenv(cannedDirEnv) != "":
			err = serveCanned(os.Getenv(cannedDirEnv))
		case os.Getenv(cpuProfileDirEnv) != "":
			err = serveProfiled(os.Getenv(cpuProfileDirEnv))
		default:
			err = errors.New("started as the provider without " + cannedDirEnv + " or " + cpuProfileDirEnv)
		}
		if err != nil {
			fail(err)
		}
		return
	}
	if spec := os.Getenv(stdlibClientEnv); spec != "" {
		if err := stdlibClient(spec); err != nil {
			fail(err)
		}
		return
	}
	if provider := os.Getenv(wrappedProviderEnv); provider != "" {
		os.Exit(wrapProvider(provider, os.Getenv(peakMemoryFileEnv)))
	}
	cli := flag.String("cli", "terraform", "the CLI to plan with: terraform, tofu, or a path")
	runs := flag.Int("runs", 3, "timed plans of each configuration, alternated")
	benchtime := flag.String("benchtime", "5x", "-benchtime of the Go benchmarks")
	goBench := flag.Bool("go", true, "run the Go benchmarks")
	planBench := flag.Bool("plan", true, "run the end-to-end plan benchmark")
	monorepo := flag.Int("monorepo", 20, "root modules the monorepo case plans at once; 0 leaves it out")
	ocambaRecords := flag.Int("ocamba", 20000, "Ocamba records the plan reads")
	talkdeskAccounts := flag.Int("talkdesk-accounts", 1000, "Talkdesk accounts; the plan reads 12 months of each")
	scale := flag.String("scale", "20000,100000,1000000", "records per listing in the scale table, comma-separated; empty leaves it out")
	scaleOnly := flag.String("scale-only", "", "the data sources whose listings the scale table reads, comma-separated; empty reads every listing")
	scaleProfile := flag.String("scale-profile", "", "a directory: the largest read of each listing is planned once more with the provider's CPU profile written there")
	flag.Parse()
	sizes, err := parseSizes(*scale)
	if err != nil {
		fail(err)
	}
	// The CLI is looked for before anything runs, not after the Go
	// benchmarks' minutes.
	if *planBench || *monorepo > 0 || len(sizes) > 0 {
		if _, err := devcli.Find(*cli); err != nil {
			fail(err)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var report []string
	if *goBench {
		tables, err := runGoBenchmarks(ctx, *benchtime)
		if err != nil {
			fail(err)
		}
		report = append(report, tables...)
	}
	if *planBench {
		table, err := runPlanBenchmark(ctx, planSetup{
			cli: *cli, runs: *runs, ocambaRecords: *ocambaRecords, talkdeskAccounts: *talkdeskAccounts,
		})
		if err != nil {
			fail(err)
		}
		report = append(report, table)
	}
	if *monorepo > 0 {
		table, err := runMonorepoBenchmark(ctx, *cli, *monorepo)
		if err != nil {
			fail(err)
		}
		report = append(report, table)
	}
	if len(sizes) > 0 {
		table, err := runScaleBenchmark(ctx, *cli, sizes, *scaleOnly, *scaleProfile)
		if err != nil {
			fail(err)
		}
		report = append(report, table)
	}
	fmt.Println()
	fmt.Println(machine())
	for _, table := range report {
		fmt.Println()
		fmt.Print(table)
	}
}

// parseSizes reads the -scale flag.
func parseSizes(flagValue string) ([]int, error) {
	var sizes []int
	for _, field := range strings.FieldsFunc(flagValue, func(c rune) bool { return c == ',' }) {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-scale %q: want positive record counts separated by commas", flagValue)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// machine describes where the figures come from.
func machine() string {
	model := "unknown CPU"
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	return fmt.Sprintf("Machine: %s, %d CPUs, %s", model, runtime.NumCPU(), runtime.Version())
}
