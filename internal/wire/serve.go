package wire

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve serves the provider p makes over protocol 6, as
// providerserver.Serve does, through Server.
func Serve(opts providerserver.ServeOpts, p func() provider.Provider) error {
	var serveOpts []tf6server.ServeOpt
	if opts.Debug {
		serveOpts = append(serveOpts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(opts.Address, func() tfprotov6.ProviderServer {
		return Server(providerserver.NewProtocol6(p())())
	}, serveOpts...)
}
