package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/functions"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// Address is the provider's source address as it serves itself. Without a
// host name each CLI reads it as its own default registry's, so one address
// serves Terraform and OpenTofu alike, debug reattachment included.
const Address = "billingtf/billing"

// Server is the protocol 6 server main.go serves and the acceptance tests
// run: the framework's, answering every RPC the framework answers, with
// three changes, all here:
//   - a read whose data source wrote its state as msgpack itself
//     (tfstate's direct way) sends those bytes;
//   - a function's result has its numbers written as that state's are
//     (tfstate.ExactNumbers), so that a sum of a data source's rows is the
//     number its total is;
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
		return server{frameworkServer: full, returns: returnTypes(full)}
	}
}

// returnTypes are the type of each function's result, by name.
func returnTypes(s tfprotov6.FunctionServer) map[string]tftypes.Type {
	resp, err := s.GetFunctions(context.Background(), &tfprotov6.GetFunctionsRequest{})
	if err != nil || resp == nil {
		return nil // CallFunction then passes results on as they are
	}
	types := make(map[string]tftypes.Type, len(resp.Functions))
	for name, f := range resp.Functions {
		if f != nil && f.Return != nil {
			types[name] = f.Return.Type
		}
	}
	return types
}

// frameworkServer is every RPC the framework's protocol 6 server answers.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

type server struct {
	frameworkServer
	returns map[string]tftypes.Type // each function's result type
}

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
	resp, err := s.frameworkServer.CallFunction(ctx, req)
	if err != nil || resp == nil || resp.Error != nil || resp.Result == nil {
		return resp, err
	}
	if typ, ok := s.returns[req.Name]; ok {
		exact, err := tfstate.ExactNumbers(typ, resp.Result.MsgPack)
		if err != nil {
			resp.Error = &tfprotov6.FunctionError{Text: fmt.Sprintf("provider bug: the result of %s could not be written: %v", req.Name, err)}
			resp.Result = nil
			return resp, nil
		}
		resp.Result.MsgPack = exact
	}
	return resp, nil
}
