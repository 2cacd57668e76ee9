//go:build unix

package multiprocess

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDebugReattach starts the provider with -debug, as someone debugging
// it would, and has the CLI attach to it through the TF_REATTACH_PROVIDERS
// value the provider prints. The CLI's configuration names no plugin
// directory, so init and plan succeed only if the provider's address is one
// this CLI resolves to the configuration's source.
func TestDebugReattach(t *testing.T) {
	provider := exec.CommandContext(t.Context(), build, "-debug") //nolint:gosec // the provider's own build
	stdout, err := provider.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := provider.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = provider.Process.Signal(os.Interrupt)
		_ = provider.Wait()
	})
	reattach := make(chan string, 1)
	go func() {
		value := regexp.MustCompile(`TF_REATTACH_PROVIDERS='(.*)'`)
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if m := value.FindStringSubmatch(lines.Text()); m != nil {
				reattach <- m[1]
			}
		}
	}()
	var providers string
	select {
	case providers = <-reattach:
	case <-time.After(30 * time.Second):
		t.Fatal("the provider printed no TF_REATTACH_PROVIDERS value within 30 s")
	}

	dir := t.TempDir()
	config := `terraform {
  required_providers {
    billing = { source = "billingtf/billing" }
  }
}

output "october" {
  value = provider::billing::billing_period("2026-11-15T00:00:00Z", -1).start_date
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyConfig := filepath.Join(dir, "empty.tfrc")
	if err := os.WriteFile(emptyConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-input=false", "-no-color"}, {"apply", "-auto-approve", "-input=false", "-no-color"}} {
		cmd := exec.CommandContext(t.Context(), cli, args...) //nolint:gosec // the CLI the tests drive
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+emptyConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_REATTACH_PROVIDERS="+providers)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s with TF_REATTACH_PROVIDERS=%s: %v\n%s", filepath.Base(cli), args[0], providers, err, out)
		}
		if args[0] == "apply" && !strings.Contains(string(out), `october = "2026-10-01"`) {
			t.Fatalf("apply through the attached provider printed no october output:\n%s", out)
		}
	}
}
