// Package devcli finds a Terraform or OpenTofu CLI, points it at local
// provider builds through dev_overrides, so that nothing is fetched from a
// registry, and runs it: for the demo, the benchmarks, and the tests that
// run real CLI processes.
package devcli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ProviderSource is the provider's source address. Without a host name
// each CLI expands it to its own default registry, so one dev_overrides
// entry serves both CLIs.
const ProviderSource = "billingtf/billing"

// WriteConfig writes a CLI configuration to path that takes the provider of
// each source address in overrides from the directory it maps to.
func WriteConfig(path string, overrides map[string]string) error {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, source := range slices.Sorted(maps.Keys(overrides)) {
		fmt.Fprintf(&b, "    %q = %q\n", source, overrides[source])
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// Find is the CLI name names (terraform, tofu, or a path to either) as
// found on PATH, or an error that says how to get one.
func Find(name string) (string, error) {
	cli, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("the %q CLI is not on PATH (%w); install Terraform or OpenTofu, or pass -cli <path>", name, err)
	}
	return cli, nil
}

// Install builds the provider of the module in root into dir
// (BuildProvider), and writes a CLI configuration there that takes it
// from the build; it returns the configuration's path, for
// TF_CLI_CONFIG_FILE, and the build's.
func Install(ctx context.Context, root, dir string) (cliConfig, provider string, err error) {
	plugins := filepath.Join(dir, "plugins")
	provider = filepath.Join(plugins, "terraform-provider-billing")
	if err := BuildProvider(ctx, root, provider); err != nil {
		return "", "", err
	}
	cliConfig = filepath.Join(dir, "dev.tfrc")
	return cliConfig, provider, WriteConfig(cliConfig, map[string]string{ProviderSource: plugins})
}

// Run runs name with args in dir, with env added to this process's
// environment and its output on this process's; a command that fails
// says so with its exit status.
func Run(ctx context.Context, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // the caller's own commands
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("%s %s failed (exit status %d)", filepath.Base(name), strings.Join(args, " "), exit.ExitCode())
		}
		return err
	}
	return nil
}

// BuildEnv names a provider binary built once for the steps of a run that
// each serve one to a CLI (`make test` sets it), so that each does not
// link its own.
const BuildEnv = "BILLING_PROVIDER_BUILD"

// BuildProvider puts the provider's binary at path: a copy of the one
// BuildEnv names, or else a build of the module in root.
func BuildProvider(ctx context.Context, root, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	built := os.Getenv(BuildEnv)
	if built == "" {
		build := exec.CommandContext(ctx, "go", "build", "-o", path, ".")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %w\n%s", err, out)
		}
		return nil
	}
	binary, err := os.ReadFile(built) //nolint:gosec // the build the run names
	if err != nil {
		return fmt.Errorf("%s: %w", BuildEnv, err)
	}
	return os.WriteFile(path, binary, 0o700) //nolint:gosec // an executable, the caller's own
}

// TooOldError is a CLI that cannot call provider functions.
type TooOldError struct {
	CLI, Product, Version string
}

func (e *TooOldError) Error() string {
	return fmt.Sprintf("%s is %s %s; provider functions need Terraform 1.8 or later, or OpenTofu 1.7 or later "+
		"(an older CLI reads a function call as a syntax error, \"Missing newline after argument\")", e.CLI, e.Product, e.Version)
}

// RequireFunctions fails unless cli can call provider functions: Terraform
// 1.8 or later, OpenTofu 1.7 or later; a *TooOldError when it is older. An
// older CLI reads a function call as a syntax error ("Missing newline after
// argument"), which does not say why.
func RequireFunctions(ctx context.Context, cli string) error {
	version := exec.CommandContext(ctx, cli, "version") //nolint:gosec // the CLI the caller is given
	// Without a CLI configuration: OpenTofu writes a warning before its
	// version when the user's (TF_CLI_CONFIG_FILE) does not exist.
	version.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
	out, err := version.Output()
	if err != nil {
		return fmt.Errorf("%s version: %w", cli, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	product, number, _ := strings.Cut(strings.TrimSpace(first), " v")
	minor := map[string]int{"Terraform": 8, "OpenTofu": 7}[product]
	major, rest, _ := strings.Cut(number, ".")
	minorText, _, _ := strings.Cut(rest, ".")
	m, errMajor := strconv.Atoi(major)
	n, errMinor := strconv.Atoi(minorText)
	if minor == 0 || errMajor != nil || errMinor != nil {
		return fmt.Errorf("%s version says %q, which is neither Terraform nor OpenTofu with a version", cli, strings.TrimSpace(first))
	}
	if m < 1 || m == 1 && n < minor {
		return &TooOldError{CLI: cli, Product: product, Version: number}
	}
	return nil
}
