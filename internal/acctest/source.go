package acctest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// Source is one data block of a data source type in a test's
// configuration, and the checks on its state.
type Source struct {
	Type    string // the data source type, billing_…
	Name    string // the block's name
	Address string // data.<Type>.<Name>
}

// For is the data block named "test" of the data source type typeName.
func For(typeName string) Source { return Source{Type: typeName}.Named("test") }

// Named is the data block of the same type named name.
func (s Source) Named(name string) Source {
	return Source{Type: s.Type, Name: name, Address: fmt.Sprintf("data.%s.%s", s.Type, name)}
}

// Config is the data block with these arguments (HCL, one per line).
func (s Source) Config(arguments string) string {
	return fmt.Sprintf("\ndata %q %q {\n  %s\n}\n", s.Type, s.Name, arguments)
}

// Expect checks the value at attribute (then map keys and list indexes in
// steps) of the block's state.
func (s Source) Expect(check knownvalue.Check, attribute string, steps ...any) statecheck.StateCheck {
	return Expect(s.Address, check, attribute, steps...)
}

// FieldsInOrder checks that the block's list attribute holds objects whose
// field has exactly these string values, in this order.
func (s Source) FieldsInOrder(list, field string, values ...string) statecheck.StateCheck {
	return FieldsInOrder(s.Address, list, field, values...)
}

// OcambaProvider is a provider block with Ocamba configured; extra goes
// inside the block (other settings).
func OcambaProvider(endpoint, token, extra string) string {
	return Provider("ocamba", map[string]string{"token": token, "endpoint": endpoint}, extra)
}

// TalkdeskProvider is a provider block with client credentials against the
// fake's token endpoint; extra goes inside the block (other settings).
func TalkdeskProvider(fake *fakeapi.Server, extra string) string {
	return Provider("talkdesk", map[string]string{
		"client_id":     fakeapi.TalkdeskClientID,
		"client_secret": fakeapi.TalkdeskClientSecret,
		"token_url":     fake.URL + fakeapi.TalkdeskTokenPath,
		"endpoint":      fake.URL,
	}, extra)
}

// VirtuozzoProvider is a provider block with Virtuozzo configured; extra
// goes inside the block (other settings).
func VirtuozzoProvider(apiURL, token, extra string) string {
	return Provider("virtuozzo", map[string]string{"api_url": apiURL, "token": token}, extra)
}

// Failure is one case of a table of failures: a configuration against a
// fake of the case's own, and the error text a user sees.
type Failure struct {
	Name string
	// Setup, when set, prepares the case's fake before any step runs.
	Setup  func(*fakeapi.Server)
	Config func(*fakeapi.Server) string
	// PlanOnly: the error must come from a plan, before anything is read.
	PlanOnly bool
	// Want are the fragments of the error text, in order (ErrorText);
	// WantFor, when set, makes them from the case's fake instead.
	Want    []string
	WantFor func(*fakeapi.Server) []string
	// After, when set, checks what the case's fake saw, once every step
	// has run.
	After func(*testing.T, *fakeapi.Server)
}

// Failures runs each case as one step of a single test case, against a
// fake of its own: a failing step costs one CLI run, a test case of its
// own three. Each step still asserts its own error text; the log names
// the case of each step, and each case's After runs as a subtest named
// after it.
func Failures(t *testing.T, cases []Failure, options ...provider.Option) {
	t.Helper()
	fakes := make([]*fakeapi.Server, len(cases))
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		fakes[i] = Fake(t)
		if c.Setup != nil {
			c.Setup(fakes[i])
		}
		want := c.Want
		if c.WantFor != nil {
			want = c.WantFor(fakes[i])
		}
		t.Logf("step %d/%d: %s", i+1, len(cases), c.Name)
		steps[i] = resource.TestStep{Config: c.Config(fakes[i]), PlanOnly: c.PlanOnly, ExpectError: ErrorText(want...)}
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: Factories(options...), Steps: steps})
	for i, c := range cases {
		if c.After != nil {
			t.Run(c.Name, func(t *testing.T) { c.After(t, fakes[i]) })
		}
	}
}
