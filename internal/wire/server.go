package wire

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Reply is where a data source's Read leaves the state it has encoded
// itself. A read finds one in its context only when it is served through
// Server, which sends those bytes as the reply's state.
type Reply struct {
	state []byte
}

// SetState hands over the msgpack of the whole state. The state the Read
// gives the framework then only has to be valid for the framework's own
// checks; Terraform receives these bytes instead.
func (r *Reply) SetState(msgpack []byte) { r.state = msgpack }

// State is what SetState handed over, or nil.
func (r *Reply) State() []byte { return r.state }

type replyKey struct{}

// ReplyFrom is the read's Reply, or nil when the read is not served
// through Server (and must give the framework its whole state).
func ReplyFrom(ctx context.Context) *Reply {
	r, _ := ctx.Value(replyKey{}).(*Reply)
	return r
}

// frameworkServer is every RPC the framework's protocol 6 server answers.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// Server serves the framework's protocol server as it is, except that a
// ReadDataSource whose data source encoded its state itself (Reply) sends
// that state.
func Server(framework tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if full, ok := framework.(frameworkServer); ok {
		return &server{frameworkServer: full}
	}
	return &providerServer{ProviderServer: framework}
}

type server struct{ frameworkServer }

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return readDataSource(ctx, s.frameworkServer, req)
}

// providerServer is Server for a framework server without the optional
// RPCs.
type providerServer struct{ tfprotov6.ProviderServer }

func (s *providerServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return readDataSource(ctx, s.ProviderServer, req)
}

func readDataSource(ctx context.Context, framework tfprotov6.ProviderServer, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	reply := &Reply{}
	resp, err := framework.ReadDataSource(context.WithValue(ctx, replyKey{}, reply), req)
	if err != nil || resp == nil || reply.state == nil || resp.State == nil || failed(resp.Diagnostics) {
		return resp, err
	}
	resp.State = &tfprotov6.DynamicValue{MsgPack: reply.state}
	return resp, nil
}

func failed(diagnostics []*tfprotov6.Diagnostic) bool {
	for _, d := range diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
