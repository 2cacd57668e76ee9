package livetest

import (
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// noCLI is set when neither TF_ACC nor a CLI is there: the live tests skip
// without one, and the tests against the fakes say they need one.
var noCLI bool

// TestMain prepares the CLI's environment as every acceptance suite does
// (acctest.Main), which stops the run when there is no CLI. Without TF_ACC
// nothing here reaches a vendor, so without a CLI the tests still run, and
// skip.
func TestMain(m *testing.M) {
	if os.Getenv(resource.EnvTfAcc) == "" && !cliFound() {
		noCLI = true
		os.Exit(m.Run())
	}
	acctest.Main(m)
}

// cliFound is whether acctest.Main would find a CLI.
func cliFound() bool {
	if cli := os.Getenv("TF_ACC_TERRAFORM_PATH"); cli != "" {
		_, err := os.Stat(cli) //nolint:gosec // the tester names the CLI to run
		return err == nil
	}
	_, err := exec.LookPath("terraform")
	return err == nil
}

// The live tests: each reads one data source from its vendor over the
// previous calendar month, with the provider configured from the
// environment only.

func TestLiveTrueWatchDetails(t *testing.T)        { readLive(t, trueWatchDetails) }
func TestLiveTrueWatchBalance(t *testing.T)        { readLive(t, trueWatchBalance) }
func TestLiveVirtuozzoAccountHistory(t *testing.T) { readLive(t, accountHistory) }
func TestLiveVirtuozzoAccount(t *testing.T)        { readLive(t, virtuozzoAccount) }
func TestLiveOcambaUsage(t *testing.T)             { readLive(t, ocambaUsage) }
func TestLiveOcambaInvoices(t *testing.T)          { readLive(t, ocambaInvoices) }
func TestLiveTalkdeskAccountsUsage(t *testing.T)   { readLive(t, accountsUsage) }
func TestLiveTalkdeskAccounts(t *testing.T)        { readLive(t, talkdeskAccounts) }
func TestLiveTalkdeskInvoices(t *testing.T)        { readLive(t, talkdeskInvoices) }

// readLive runs the data source's test case against its vendor. The
// harness skips it without TF_ACC; with TF_ACC, the pre-check skips it
// when the vendor's variables are not set, naming them.
func readLive(t *testing.T, ds dataSource) {
	t.Helper()
	resource.Test(t, ds.testCase(liveFactories(), previousMonth(time.Now().UTC()), func() {
		if missing := ds.vendor.missing(os.Getenv); missing != "" {
			t.Skipf("TF_ACC is set, but %s", missing)
		}
	}))
}

// liveFactories serve the provider in-process as main.go does, with its
// own retry waits: real vendors answer 429s that deserve them.
func liveFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	server := provider.Server("live-test")
	return map[string]func() (tfprotov6.ProviderServer, error){
		"billing": func() (tfprotov6.ProviderServer, error) { return server(), nil },
	}
}
