// Command terraform-provider-billing serves the billing provider to
// Terraform and OpenTofu over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	var options []provider.Option
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
		// Its logs go to this terminal, whatever TF_LOG says.
		options = append(options, provider.WithExchangeLogs())
	}
	// What providerserver.Serve does, with the provider's own server
	// (provider.Server) around the framework's.
	err := tf6server.Serve(provider.Address, provider.Server(version, options...), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
