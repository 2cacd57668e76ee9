package tfstate

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Reply is where a read leaves the state it wrote as msgpack itself. A read
// finds one in its context only when the server that called it will send
// those bytes (WithReply, then Send).
type Reply struct {
	state []byte
}

type replyKey struct{}

// WithReply is ctx with a Reply for the read it is passed to.
func WithReply(ctx context.Context) (context.Context, *Reply) {
	reply := &Reply{}
	return context.WithValue(ctx, replyKey{}, reply), reply
}

// replyFrom is the read's Reply, or nil when the read's caller does not
// send one (the read must then give the framework its whole state).
func replyFrom(ctx context.Context) *Reply {
	r, _ := ctx.Value(replyKey{}).(*Reply)
	return r
}

// Written is whether the read wrote its state itself.
func (r *Reply) Written() bool { return r.state != nil }

// Send puts the state the read wrote into the framework's response, in
// place of the state the framework encoded (which then only served the
// framework's own checks). A failed read's response is left as it is.
func (r *Reply) Send(resp *tfprotov6.ReadDataSourceResponse) {
	if resp == nil || r.state == nil || resp.State == nil || failed(resp.Diagnostics) {
		return
	}
	resp.State = &tfprotov6.DynamicValue{MsgPack: r.state}
}

func failed(diagnostics []*tfprotov6.Diagnostic) bool {
	for _, d := range diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
