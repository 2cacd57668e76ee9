// Command demo shows the provider end to end on a fresh machine: it builds
// the provider, starts the fake vendor APIs on loopback, points a temporary
// Terraform CLI configuration at the build (dev_overrides, so nothing is
// downloaded), and runs `apply` on examples/demo, which prints cost outputs
// and evaluates a spend check. Everything it starts stops when it ends.
//
//	go run ./internal/cmd/demo [-cli terraform|tofu|<path>] [-budget N]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/billingtf/terraform-provider-billing/internal/devcli"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func main() {
	cli := flag.String("cli", "terraform", "the CLI to run: terraform, tofu, or a path to either")
	budget := flag.String("budget", "", "monthly TrueWatch budget for the spend check (default: the example's)")
	example := flag.String("example", "examples/demo", "the configuration to apply")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *cli, *example, *budget); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, cliName, example, budget string) error {
	cli, err := devcli.Find(cliName)
	if err != nil {
		return err
	}
	// The example calls provider functions.
	if err := devcli.RequireFunctions(ctx, cli); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "billing-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	step("Building the provider")
	cliConfig, _, err := devcli.Install(ctx, ".", work)
	if err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}

	step("Starting the fake vendor APIs on loopback")
	fake := fakeapi.Start()
	defer fake.Close()
	fmt.Println("  listening at", fake.URL)

	config := filepath.Join(work, "config")
	if err := copyConfig(example, config); err != nil {
		return err
	}

	step(fmt.Sprintf("Running %s apply on %s", filepath.Base(cli), example))
	args := []string{"apply", "-auto-approve", "-input=false"}
	if budget != "" {
		args = append(args, "-var", "budget="+budget)
	}
	if info, err := os.Stdout.Stat(); err == nil && info.Mode()&os.ModeCharDevice == 0 {
		args = append(args, "-no-color") // piped into a log: no escape codes
	}
	env := append([]string{"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}, fake.Env()...)
	if err := devcli.Run(ctx, config, env, cli, args...); err != nil {
		return err
	}
	step("Done: the fake APIs are stopped and the temporary files removed")
	return nil
}

// copyConfig copies the example's .tf files, so that state and lock files
// land in the temporary directory, not in the repository.
func copyConfig(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no .tf files in %s (run the demo from the repository root)", from)
	}
	if err := os.MkdirAll(to, 0o750); err != nil {
		return err
	}
	for _, f := range files {
		content, err := os.ReadFile(f) //nolint:gosec // the demo's own example files
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), content, 0o600); err != nil { //nolint:gosec // into our own temp dir
			return err
		}
	}
	return nil
}

func step(text string) { fmt.Printf("\n==> %s\n", text) }
