package functions

import (
	"context"
	"embed"
	"strings"

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

// All are the provider's functions, for it to register.
func All() []func() function.Function {
	return []func() function.Function{
		newSum,
		newSumBy,
		newBillingPeriod,
		newForecast,
		newAnomalies,
		newConvert,
	}
}

// newFunction is the constructor the provider registers for a function.
// Its Markdown description is descriptions/<name>.md.
func newFunction(name string, definition function.Definition,
	run func(context.Context, function.RunRequest, *function.RunResponse),
) func() function.Function {
	definition.MarkdownDescription = description(name)
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

// descriptions holds each function's Markdown description, one file per
// function named after it: prose reads and diffs better there than in Go
// strings.
//
//go:embed descriptions/*.md
var descriptions embed.FS

// description is the Markdown description of the function named name. A
// missing file is a build mistake that every test of the provider shows.
func description(name string) string {
	text, err := descriptions.ReadFile("descriptions/" + name + ".md")
	if err != nil {
		panic(err)
	}
	return strings.TrimSpace(string(text))
}
