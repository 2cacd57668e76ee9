// Command terraform-provider-billing serves the billing provider to
// Terraform and OpenTofu over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/billingtf/terraform-provider-billing/internal/provider"
	"github.com/billingtf/terraform-provider-billing/internal/wire"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	// Served through wire.Server, which sends the states data sources
	// encode themselves; the framework serves everything else.
	err := wire.Serve(providerserver.ServeOpts{
		Address: "registry.terraform.io/billingtf/billing",
		Debug:   debug,
	}, provider.New(version))
	if err != nil {
		log.Fatal(err.Error())
	}
}
