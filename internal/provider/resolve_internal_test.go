package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A cache.dir, or a whole cache block, known only at apply is told as
// that alone: a ttl beside it, or in BILLING_CACHE_TTL, is not said to
// keep answers in a cache.dir that is not set.
func TestUnknownCacheDirIsTheOnlyCacheError(t *testing.T) {
	blockType := map[string]attr.Type{"dir": types.StringType, "ttl": types.StringType}
	for want, block := range map[string]types.Object{
		"Unknown cache.dir": types.ObjectValueMust(blockType, map[string]attr.Value{"dir": types.StringUnknown(), "ttl": types.StringValue("10m")}),
		"Unknown cache":     types.ObjectUnknown(blockType),
	} {
		r := resolver{getenv: func(name string) string { return map[string]string{"BILLING_CACHE_TTL": "10m"}[name] }}
		r.cache(t.Context(), block)
		if len(r.diags) != 1 || r.diags[0].Summary() != want {
			for _, d := range r.diags {
				t.Errorf("%s: %s", d.Summary(), d.Detail())
			}
			t.Errorf("%d diagnostics; want one, %s", len(r.diags), want)
		}
	}
}
