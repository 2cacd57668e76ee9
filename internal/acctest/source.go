package acctest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
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
