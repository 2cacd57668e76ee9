package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Targets of the decode-and-map path, shown beside the figures.
const (
	decodeTarget = 2.0 // decode-and-map time within 2× of the encoding/json floor
	pagingTarget = 1.3 // paging within 1.3× of the ideal at max_concurrency 4
)

// result is one benchmark line: its package, name and metrics by unit.
type result struct {
	pkg, name string
	metrics   map[string]float64
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.+)$`)

// runGoBenchmarks runs every Go benchmark, one package at a time so that
// packages do not compete for the CPUs, shows their output, and returns
// the tables made from it.
func runGoBenchmarks(ctx context.Context, benchtime string) ([]string, error) {
	fmt.Println("==> Go benchmarks (-benchtime " + benchtime + ")")
	cmd := exec.CommandContext(ctx, "go", "test", "-p", "1", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime, "./internal/...") //nolint:gosec // fixed arguments
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(os.Stdout, &out)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go test -bench: %w", err)
	}
	results := parseBenchmarks(&out)
	return []string{decodeTable(results), pagingTable(results)}, nil
}

func parseBenchmarks(r io.Reader) []result {
	var results []result
	pkg := ""
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		line := scanner.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = path.Base(strings.TrimSpace(p))
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		res := result{pkg: pkg, name: m[1], metrics: map[string]float64{}}
		fields := strings.Fields(m[2])
		for i := 0; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				res.metrics[fields[i+1]] = v
			}
		}
		results = append(results, res)
	}
	return results
}

func find(results []result, pkg, name string) (result, bool) {
	for _, r := range results {
		if r.pkg == pkg && r.name == name {
			return r, true
		}
	}
	return result{}, false
}

// dataSources maps the benchmarks' packages to the data sources.
var dataSources = []struct{ pkg, name string }{
	{"truewatchdetails", "billing_truewatch_details"},
	{"accounthistory", "billing_account_history"},
	{"ocambausage", "billing_ocamba_usage"},
	{"accountsusage", "billing_accounts_usage"},
}

func decodeTable(results []result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Decode and map one page, body bytes to the reply's state (target: within %.0fx of encoding/json into maps).\n"+
		"\"Of which state\" is the last step alone, records to the state's msgpack as the provider writes it (internal/tfstate); "+
		"\"framework state\" is the same step on the framework's path, records to tftypes values encoded by terraform-plugin-go.\n\n", decodeTarget)
	b.WriteString("| data source | rows | provider ms | provider MB/s | provider allocs | of which state ms | framework state ms | encoding/json ms | encoding/json MB/s | encoding/json allocs | ratio | state alone, ratio | target |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, ds := range dataSources {
		for _, rows := range []string{"1000", "10000"} {
			provider, ok1 := find(results, ds.pkg, "BenchmarkDecodeAndMap/rows="+rows+"/provider")
			state, ok2 := find(results, ds.pkg, "BenchmarkDecodeAndMap/rows="+rows+"/state_only")
			floor, ok3 := find(results, ds.pkg, "BenchmarkDecodeAndMap/rows="+rows+"/encoding_json")
			framework, _ := find(results, ds.pkg, "BenchmarkDecodeAndMap/rows="+rows+"/framework_state")
			if !ok1 || !ok2 || !ok3 {
				continue
			}
			ratio := provider.metrics["ns/op"] / floor.metrics["ns/op"]
			fmt.Fprintf(&b, "| `%s` | %s | %.1f | %.1f | %.0f | %.1f | %.1f | %.1f | %.1f | %.0f | %.2fx | %.2fx | %s |\n",
				ds.name, rows,
				provider.metrics["ns/op"]/1e6, provider.metrics["MB/s"], provider.metrics["allocs/op"], state.metrics["ns/op"]/1e6, framework.metrics["ns/op"]/1e6,
				floor.metrics["ns/op"]/1e6, floor.metrics["MB/s"], floor.metrics["allocs/op"],
				ratio, state.metrics["ns/op"]/floor.metrics["ns/op"], verdict(ratio <= decodeTarget))
		}
	}
	return b.String()
}

func pagingTable(results []result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Paging: 100 Ocamba pages of 10 records, 20 ms per request (target: within %.1fx of the ideal at max_concurrency 4)\n\n", pagingTarget)
	b.WriteString("| max_concurrency | ms per read | ideal ms, ceil(100 / c) x 20 | ratio | MB per read | target |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---|\n")
	for _, c := range []int{1, 4, 8} {
		r, ok := find(results, "ocamba", fmt.Sprintf("BenchmarkUsage100Pages/max_concurrency=%d", c))
		if !ok {
			continue
		}
		target := "-"
		if c == 4 {
			target = verdict(r.metrics["x-ideal"] <= pagingTarget)
		}
		fmt.Fprintf(&b, "| %d | %.0f | %.0f | %.2fx | %.1f | %s |\n",
			c, r.metrics["ns/op"]/1e6, r.metrics["ideal-ms"], r.metrics["x-ideal"], r.metrics["B/op"]/1e6, target)
	}
	return b.String()
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "**not met**"
}
