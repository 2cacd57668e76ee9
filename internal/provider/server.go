package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/billingtf/terraform-provider-billing/internal/functions"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// Address is the provider's source address as it serves itself. Without a
// host name each CLI reads it as its own default registry's, so one address
// serves Terraform and OpenTofu alike, debug reattachment included.
const Address = "billingtf/billing"

// Server is the protocol 6 server main.go serves and the acceptance tests
// run: the framework's, answering every RPC the framework answers, with two
// changes, both here:
//   - a read whose data source wrote its state as msgpack itself
//     (tfstate's direct way) sends those bytes;
//   - OpenTofu's null function arguments are sent on as Terraform sends
//     them (functions.RepairNullArguments).
func Server(version string, options ...Option) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		framework := providerserver.NewProtocol6(New(version, options...)())()
		full, ok := framework.(frameworkServer)
		if !ok {
			// The pinned framework answers all of them; a test pins it.
			panic(fmt.Sprintf("provider bug: the framework's server %T no longer answers every RPC the provider serves", framework))
		}
		return server{full}
	}
}

// frameworkServer is every RPC the framework's protocol 6 server answers.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

type server struct{ frameworkServer }

func (s server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	ctx, reply := tfstate.WithReply(ctx)
	resp, err := s.frameworkServer.ReadDataSource(ctx, req)
	if err == nil {
		reply.Send(resp)
	}
	return resp, err
}

func (s server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	functions.RepairNullArguments(req)
	return s.frameworkServer.CallFunction(ctx, req)
}
