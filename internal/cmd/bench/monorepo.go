package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/devcli"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// The monorepo case: many root modules planned at once (Terragrunt
// run-all, Atlantis, a CI matrix), each reading the same Ocamba listing
// with the same token, from a fake that, as Ocamba does, refuses more than
// a few requests in parallel (429, Retry-After: -1) and more than its
// rate limit per second (429, Retry-After), announcing what is left.
const (
	monorepoPageSize    = 250
	monorepoPages       = 20
	monorepoMaxParallel = 4  // requests the vendor takes in parallel, per account
	monorepoRatePerSec  = 20 // requests the vendor takes per second, per account
)

const monorepoConfig = `terraform {
  required_providers {
    billing = {
      source = "billingtf/billing"
    }
  }
}

data "billing_ocamba_usage" "all" {
  page_size    = %d
  include_rows = false
}

output "ocamba_records" {
  value = data.billing_ocamba_usage.all.total
}
`

// monorepoResult is one wave of plans.
type monorepoResult struct {
	name              string
	requests, refused int
	failed            int
	wall              time.Duration
}

func runMonorepoBenchmark(ctx context.Context, cliName string, modules int) (string, error) {
	cli, err := devcli.Find(cliName)
	if err != nil {
		return "", err
	}
	work, err := os.MkdirTemp("", "billing-monorepo-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	fmt.Printf("==> Monorepo: %d root modules planned at once, building the provider\n", modules)
	cliConfig, _, err := devcli.Install(ctx, ".", work)
	if err != nil {
		return "", err
	}
	waves := []struct {
		name string
		env  []string
	}{
		{"without cache", nil},
		{"cache, ttl 0s (the budget alone)", []string{"BILLING_CACHE_TTL=0s"}},
		{"cache, ttl 15m", []string{"BILLING_CACHE_TTL=15m"}},
	}
	var results []monorepoResult
	for _, w := range waves {
		env := append([]string{"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}, w.env...)
		if w.env != nil {
			env = append(env, "BILLING_CACHE_DIR="+filepath.Join(work, "cache-"+fmt.Sprint(len(results))))
		}
		result, err := monorepoWave(ctx, cli, filepath.Join(work, fmt.Sprint(len(results))), modules, env)
		if err != nil {
			return "", err
		}
		result.name = w.name
		results = append(results, result)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Monorepo: %d root modules planned at once, each reading the same Ocamba listing (%d pages of %d records; the vendor takes %d requests in parallel and %d a second)\n\n",
		modules, monorepoPages, monorepoPageSize, monorepoMaxParallel, monorepoRatePerSec)
	b.WriteString("| provider settings | vendor requests | 429 answers | plans failed | wall time |\n|---|---:|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %d | %d | %d of %d | %.1f s |\n", r.name, r.requests, r.refused, r.failed, modules, r.wall.Seconds())
	}
	return b.String(), nil
}

// monorepoWave plans modules root modules at once against a fake of its
// own, and counts what the vendor saw.
func monorepoWave(ctx context.Context, cli, dir string, modules int, env []string) (monorepoResult, error) {
	fake := fakeapi.Start()
	defer fake.Close()
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(monorepoPages * monorepoPageSize)...)
	fake.Ocamba.SetMaxParallel(monorepoMaxParallel)
	fake.Ocamba.SetRateLimit(monorepoRatePerSec, time.Second)
	env = append(env, "OCAMBA_ENDPOINT="+fake.URL, "OCAMBA_TOKEN="+fakeapi.OcambaToken)
	want := fmt.Sprintf("ocamba_records = %d", monorepoPages*monorepoPageSize)

	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
	)
	start := time.Now()
	for i := range modules {
		module := filepath.Join(dir, fmt.Sprintf("module-%02d", i+1))
		if err := os.MkdirAll(module, 0o750); err != nil {
			return monorepoResult{}, err
		}
		if err := os.WriteFile(filepath.Join(module, "main.tf"), fmt.Appendf(nil, monorepoConfig, monorepoPageSize), 0o600); err != nil {
			return monorepoResult{}, err
		}
		wg.Go(func() {
			cmd := exec.CommandContext(ctx, cli, "plan", "-input=false", "-no-color", "-lock=false") //nolint:gosec // the CLI the benchmark is given
			cmd.Dir = module
			cmd.Env = append(os.Environ(), env...)
			out, err := cmd.CombinedOutput()
			if err != nil || !bytes.Contains(out, []byte(want)) {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return monorepoResult{
		requests: len(fake.Ocamba.Requests()),
		refused:  len(fake.Ocamba.RateLimitedPages()) + fake.Ocamba.ParallelRefusals(),
		failed:   failed,
		wall:     time.Since(start),
	}, ctx.Err()
}
