package tfstate

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Reply is where a read leaves the state it wrote as msgpack itself. A read
// finds one in its context only when the server that called it will send
// those bytes (WithReply, then Send).
type Reply struct {
	state []byte
	limit int // the most bytes the state may take (MaxStateBytes)
}

// MaxStateBytes is the most a state may take: the plugin protocol's gRPC
// server (terraform-plugin-go) sends at most 256 MiB in one message, and
// Terraform and OpenTofu take no more; this leaves room for the rest of
// the answer.
const MaxStateBytes = 256<<20 - 64<<10

type replyKey struct{}

// WithReply is ctx with a Reply for the read it is passed to.
func WithReply(ctx context.Context) (context.Context, *Reply) {
	reply := &Reply{limit: MaxStateBytes}
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

// StateTooLargeError is a state larger than Terraform takes from a
// provider in one answer: sent, it would be refused with a bare "message
// larger than max".
type StateTooLargeError struct {
	Limit int
	Rows  int // the rows kept; 0 without rows
}

// Summary is the diagnostic's summary.
func (*StateTooLargeError) Summary() string { return "State too large for Terraform" }

func (e *StateTooLargeError) Error() string {
	limit := fmt.Sprintf("%d bytes", e.Limit)
	if e.Limit >= 1<<20 {
		limit = fmt.Sprintf("%d MiB", (e.Limit+1<<20-1)>>20)
	}
	text := "the state it would send Terraform is more than the " + limit + " Terraform takes from a provider in one answer, "
	if e.Rows > 0 {
		return text + fmt.Sprintf("with the %d rows kept: set include_rows = false, which keeps the rows out of state while every total and breakdown is still computed over all of them", e.Rows)
	}
	return text + "without rows: its breakdowns alone are that large; read less at a time"
}
