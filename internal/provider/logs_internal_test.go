package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestLogsAreRead(t *testing.T) {
	for _, c := range []struct {
		environ []string
		read    bool
	}{
		{environ: nil},
		{environ: []string{"HOME=/root", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=/tmp/dev.tfrc"}},
		{environ: []string{"TF_LOG="}},
		{environ: []string{"TF_LOG=off", "TF_LOG_PROVIDER=OFF"}},
		{environ: []string{"TF_LOG=off", "TF_LOG_PROVIDER=debug"}, read: true},
		{environ: []string{"TF_LOGGING=trace"}},
		{environ: []string{"TF_LOG=trace"}, read: true},
		{environ: []string{"TF_LOG=json"}, read: true},
		{environ: []string{"TF_LOG_PROVIDER=debug"}, read: true},
		{environ: []string{"TF_LOG_PROVIDER_BILLING=trace"}, read: true},
		{environ: []string{"TF_LOG_SDK_FRAMEWORK=debug"}, read: true},
		{environ: []string{"TF_LOG_PATH=/tmp/terraform.log"}, read: true},
		{environ: []string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, read: true},
	} {
		if got := logsAreRead(c.environ); got != c.read {
			t.Errorf("logsAreRead(%q) = %v, want %v", c.environ, got, c.read)
		}
	}
}

// A provider whose environment names no logging variable logs no HTTP
// exchange, even where a log sink would keep it (the test harness's, at
// trace level with TF_ACC_LOG_PATH); one that does, or one told to (as
// main.go tells it under -debug), logs each.
func TestExchangesAreLoggedOnlyWhenLogsAreRead(t *testing.T) {
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	config := fmt.Sprintf(`provider "billing" {
  truewatch = { endpoint = %q }
}

data "billing_truewatch_balance" "test" {}
`, fake.URL)
	t.Setenv("TRUEWATCH_API_KEY", fakeapi.TrueWatchAPIKey)
	for name, c := range map[string]struct {
		environ []string
		options []Option
		logged  bool
	}{
		"no logging variable":                  {environ: []string{"HOME=/root"}},
		"TF_LOG":                               {environ: []string{"TF_LOG=trace"}, logged: true},
		"no logging variable, but told to log": {environ: []string{"HOME=/root"}, options: []Option{WithExchangeLogs()}, logged: true},
	} {
		t.Run(name, func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "trace.log")
			t.Setenv("TF_ACC_LOG_PATH", logFile)
			billing := &billingProvider{version: "test", getenv: os.Getenv, environ: func() []string { return c.environ }, options: c.options}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
					"billing": providerserver.NewProtocol6WithError(billing),
				},
				Steps: []resource.TestStep{{Config: config}},
			})
			logs, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			text := string(logs)
			if !strings.Contains(text, "Configured billing provider") {
				t.Fatalf("the trace log lacks the provider's own lines:\n%s", text)
			}
			if logged := strings.Contains(text, "Sending HTTP request"); logged != c.logged {
				t.Errorf("exchanges logged: %v, want %v", logged, c.logged)
			}
		})
	}
}
