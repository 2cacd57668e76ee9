package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

// defined is a provider function made of its name, its definition and its
// run: the framework's methods, written once for every function.
type defined struct {
	name       string
	definition function.Definition
	run        func(context.Context, function.RunRequest, *function.RunResponse)
}

var _ function.Function = (*defined)(nil)

// newFunction is the constructor the provider registers for a function.
func newFunction(name string, definition function.Definition,
	run func(context.Context, function.RunRequest, *function.RunResponse),
) func() function.Function {
	return func() function.Function { return &defined{name: name, definition: definition, run: run} }
}

func (f *defined) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f *defined) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = f.definition
}

func (f *defined) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	f.run(ctx, req, resp)
}
