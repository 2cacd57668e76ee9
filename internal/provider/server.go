package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/billingtf/terraform-provider-billing/internal/functions"
	"github.com/billingtf/terraform-provider-billing/internal/wire"
)

// Server is the protocol 6 server main.go serves and the acceptance tests
// run: the framework's, with the states data sources encode themselves
// sent as they are (wire.Server) and OpenTofu's null function arguments
// repaired (functions.NullArguments).
func Server(version string, options ...Option) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return functions.NullArguments(wire.Server(providerserver.NewProtocol6(New(version, options...)())()))
	}
}
