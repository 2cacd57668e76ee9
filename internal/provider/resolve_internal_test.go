package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A cache.dir known only at apply is told as that alone: a ttl beside it
// is not said to keep answers in a cache.dir that is not set.
func TestUnknownCacheDirIsTheOnlyCacheError(t *testing.T) {
	block := types.ObjectValueMust(
		map[string]attr.Type{"dir": types.StringType, "ttl": types.StringType},
		map[string]attr.Value{"dir": types.StringUnknown(), "ttl": types.StringValue("10m")},
	)
	r := resolver{getenv: func(string) string { return "" }}
	r.cache(t.Context(), block)
	if len(r.diags) != 1 || r.diags[0].Summary() != "Unknown cache.dir" {
		for _, d := range r.diags {
			t.Errorf("%s: %s", d.Summary(), d.Detail())
		}
		t.Fatalf("%d diagnostics; want one, Unknown cache.dir", len(r.diags))
	}
}
