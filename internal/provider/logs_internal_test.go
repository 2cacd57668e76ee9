package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
// main.go tells it under -debug), logs each. The three are read in one
// plan, each as a provider of its own from a fake of its own: each line
// names the provider instance it comes from, and an exchange's its fake.
func TestExchangesAreLoggedOnlyWhenLogsAreRead(t *testing.T) {
	t.Setenv("TRUEWATCH_API_KEY", fakeapi.TrueWatchAPIKey)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	type instance struct {
		environ []string
		options []Option
		logged  bool
		fake    *fakeapi.Server
	}
	instances := map[string]*instance{
		"billing-quiet":  {environ: []string{"HOME=/root"}},
		"billing-tf-log": {environ: []string{"TF_LOG=trace"}, logged: true},
		"billing-told":   {environ: []string{"HOME=/root"}, options: []Option{WithExchangeLogs()}, logged: true},
	}
	factories := map[string]func() (tfprotov6.ProviderServer, error){}
	var config strings.Builder
	for name, c := range instances {
		c.fake = fakeapi.Start()
		t.Cleanup(c.fake.Close)
		factories[name] = providerserver.NewProtocol6WithError(&billingProvider{
			version: "test", getenv: os.Getenv, environ: func() []string { return c.environ }, options: c.options,
		})
		fmt.Fprintf(&config, `provider %q {
  truewatch = { endpoint = %q }
}

data "billing_truewatch_balance" %q {
  provider = %s
}
`, name, c.fake.URL, name, name)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps:                    []resource.TestStep{{Config: config.String()}},
	})
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(logs), "\n")
	for name, c := range instances {
		// Each line names the provider instance it comes from.
		own := regexp.MustCompile(`tf_provider_addr=\S*/` + regexp.QuoteMeta(name) + `(\s|$)`)
		exchange := regexp.MustCompile(`Sending HTTP request.*http_host=` + regexp.QuoteMeta(strings.TrimPrefix(c.fake.URL, "http://")) + `(\s|$)`)
		var configured, logged bool
		for _, line := range lines {
			if !own.MatchString(line) {
				continue
			}
			configured = configured || strings.Contains(line, "Configured billing provider")
			logged = logged || exchange.MatchString(line)
		}
		if !configured {
			t.Errorf("%s: the trace log lacks its own lines (Configured billing provider):\n%s", name, logs)
			continue
		}
		if logged != c.logged {
			t.Errorf("%s: exchanges with its fake logged: %v, want %v", name, logged, c.logged)
		}
	}
}
