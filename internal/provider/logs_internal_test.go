package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
// plan, each as a provider of its own from a fake of its own, so that the
// address in an exchange's line tells whose it is.
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
	text := string(logs)
	if got := strings.Count(text, "Configured billing provider"); got < len(instances) {
		t.Fatalf("the trace log has %d of the providers' own lines, want one for each of %d at least:\n%s", got, len(instances), text)
	}
	exchanges := regexp.MustCompile(`Sending HTTP request.*`).FindAllString(text, -1)
	for name, c := range instances {
		host := strings.TrimPrefix(c.fake.URL, "http://")
		logged := slices.ContainsFunc(exchanges, func(line string) bool { return strings.Contains(line, host) })
		if logged != c.logged {
			t.Errorf("%s: exchanges with %s logged: %v, want %v", name, host, logged, c.logged)
		}
	}
}
