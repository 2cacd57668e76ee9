package acctest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// Part is one part of a configuration read in one step, against a fake of
// its own: Setup prepares the fake, Config is the part's provider
// "billing" block and data blocks (each with provider = the local name it
// is given, and a name no other part's has), Checks the checks on its
// state.
type Part struct {
	Name   string // the part's provider is served as billing-<Name>
	Setup  func(*fakeapi.Server)
	Config func(fake *fakeapi.Server, provider string) string
	Checks []statecheck.StateCheck
}

// ReadParts reads every part in one step, each from its fake, and returns
// the fakes in the parts' order: one apply instead of one a part.
func ReadParts(t *testing.T, parts ...Part) []*fakeapi.Server {
	t.Helper()
	fakes := make([]*fakeapi.Server, len(parts))
	locals := make([]string, len(parts))
	var config strings.Builder
	var checks []statecheck.StateCheck
	for i, part := range parts {
		fakes[i] = Fake(t)
		if part.Setup != nil {
			part.Setup(fakes[i])
		}
		locals[i] = "billing-" + part.Name
		config.WriteString(ServedAs(part.Config(fakes[i], locals[i]), locals[i]))
		checks = append(checks, part.Checks...)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: FactoriesAlso(locals...),
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
	return fakes
}

// ServedAs is config with its provider "billing" block renamed local, a
// provider of its own when served by FactoriesAlso(local): the way one
// configuration reads two fakes (a provider's aliases would share one
// in-process instance). Its data blocks select it with provider = local.
func ServedAs(config, local string) string {
	file, diags := hclwrite.ParseConfig([]byte(config), "served.tf", hcl.InitialPos)
	if diags.HasErrors() {
		panic(fmt.Sprintf("acctest.ServedAs: %v", diags))
	}
	for _, block := range file.Body().Blocks() {
		if block.Type() == "provider" && slices.Equal(block.Labels(), []string{"billing"}) {
			block.SetLabels([]string{local})
		}
	}
	return string(file.Bytes())
}

// FactoriesAlso serves the provider under "billing" and under each of
// locals, each name an instance of its own.
func FactoriesAlso(locals ...string) map[string]func() (tfprotov6.ProviderServer, error) {
	return factoriesNamed(locals)
}

// factoriesNamed serves the provider under "billing" and under each of
// names, each name an instance of its own.
func factoriesNamed(names []string, options ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	factories := Factories(options...)
	for _, name := range names {
		factories[name] = factories["billing"]
	}
	return factories
}
