//go:build unix

package multiprocess

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// TestDebugReattach starts the provider with -debug, as someone debugging
// it would, and has the CLI attach to it through the TF_REATTACH_PROVIDERS
// value the provider prints. The CLI may install providers only from an
// empty directory, so init and apply succeed only if the provider's address
// is one this CLI resolves to the configuration's source; the fake then
// shows that the attached process did the read.
func TestDebugReattach(t *testing.T) {
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	provider, providers := startDebug(t, fake.Env())

	dir := t.TempDir()
	config := `terraform {
  required_providers {
    billing = { source = "billingtf/billing" }
  }
}

data "billing_truewatch_balance" "now" {}

output "cash" {
  value = data.billing_truewatch_balance.now.cash_balance
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	noInstall := filepath.Join(dir, "no-install.tfrc")
	empty := filepath.Join(dir, "empty-mirror")
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	mirrorOnly := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", empty)
	if err := os.WriteFile(noInstall, []byte(mirrorOnly), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-input=false", "-no-color"}, {"apply", "-auto-approve", "-input=false", "-no-color"}} {
		cmd := exec.CommandContext(t.Context(), cli, args...) //nolint:gosec // the CLI the tests drive
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+noInstall, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_REATTACH_PROVIDERS="+providers)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s with TF_REATTACH_PROVIDERS=%s: %v\n%s\nthe provider's log:\n%s", filepath.Base(cli), args[0], providers, err, out, provider.log())
		}
		if args[0] == "apply" && !strings.Contains(string(out), "cash = 86.4") {
			t.Fatalf("apply through the attached provider printed no cash output:\n%s", out)
		}
	}
	if got := len(fake.TrueWatch.Requests()); got != 1 {
		t.Errorf("the fake saw %d TrueWatch requests, want the attached provider's 1", got)
	}
}

// debugProvider is a provider process started with -debug.
type debugProvider struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
}

func (p *debugProvider) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.Write(b)
}

func (p *debugProvider) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// startDebug starts the build with -debug and environ added to this
// process's environment, and returns it with the TF_REATTACH_PROVIDERS
// value it printed. It is interrupted when the test ends, as a user would
// stop it, so that it removes its socket.
func startDebug(t *testing.T, environ []string) (*debugProvider, string) {
	p := &debugProvider{}
	p.cmd = exec.Command(build, "-debug") //nolint:gosec,noctx // the provider's own build, stopped by the cleanup below
	p.cmd.Env = append(os.Environ(), environ...)
	p.cmd.Stderr = p
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Signal(syscall.SIGKILL)
			<-done
		}
	})
	reattach := make(chan string, 1)
	go func() {
		defer close(reattach)
		value := regexp.MustCompile(`TF_REATTACH_PROVIDERS='(.*)'`)
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if m := value.FindStringSubmatch(lines.Text()); m != nil {
				reattach <- m[1]
				break
			}
		}
		// Keep reading, so that the provider never blocks on a full pipe.
		for lines.Scan() {
		}
	}()
	select {
	case providers, ok := <-reattach:
		if !ok {
			t.Fatalf("the provider ended its output without a TF_REATTACH_PROVIDERS value; its log:\n%s", p.log())
		}
		return p, providers
	case <-time.After(30 * time.Second):
		t.Fatalf("the provider printed no TF_REATTACH_PROVIDERS value within 30 s; its log:\n%s", p.log())
	}
	return nil, ""
}
