package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	pd "github.com/billingtf/terraform-provider-billing/internal/providerdata"
)

// A cache.dir, or a whole cache block, known only at apply is told as
// that alone: a ttl beside it, or in BILLING_CACHE_TTL, is not said to
// keep answers in a cache.dir that is not set.
func TestUnknownCacheDirIsTheOnlyCacheError(t *testing.T) {
	blockType := map[string]attr.Type{"dir": types.StringType, "ttl": types.StringType}
	// As the configuration reads them: what is inside an unknown block
	// reads as null.
	for want, configured := range map[string]map[pd.Setting]attr.Value{
		"Unknown cache.dir": {
			pd.CacheObject: types.ObjectValueMust(blockType, map[string]attr.Value{"dir": types.StringUnknown(), "ttl": types.StringValue("10m")}),
			pd.CacheDir:    types.StringUnknown(),
			pd.CacheTTL:    types.StringValue("10m"),
		},
		"Unknown cache": {pd.CacheObject: types.ObjectUnknown(blockType)},
	} {
		r := resolver{
			configured: func(s pd.Setting) attr.Value { return configured[s] },
			getenv:     func(name string) string { return map[string]string{"BILLING_CACHE_TTL": "10m"}[name] },
		}
		r.cache()
		if len(r.diags) != 1 || r.diags[0].Summary() != want {
			for _, d := range r.diags {
				t.Errorf("%s: %s", d.Summary(), d.Detail())
			}
			t.Errorf("%d diagnostics; want one, %s", len(r.diags), want)
		}
	}
}

// A vendor object known only at apply is the one setting its reads name:
// the settings inside it read as left out, not as known only at apply too.
func TestUnknownVendorObjectIsNamedAlone(t *testing.T) {
	ctx := t.Context()
	objectType, ok := providerSchema().Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	values := map[string]tftypes.Value{}
	for name, attributeType := range objectType.AttributeTypes {
		values[name] = tftypes.NewValue(attributeType, nil)
	}
	values["truewatch"] = tftypes.NewValue(objectType.AttributeTypes["truewatch"], tftypes.UnknownValue)
	config := tfsdk.Config{Schema: providerSchema(), Raw: tftypes.NewValue(objectType, values)}

	var diags diag.Diagnostics
	r := resolver{configured: configuredIn(ctx, config, &diags), getenv: func(string) string { return "" }}
	_, vendors := r.resolve()
	if diags.HasError() || r.diags.HasError() {
		t.Fatalf("diagnostics: %v %v", diags, r.diags)
	}
	if len(vendors.TrueWatch.Unknown) != 1 || vendors.TrueWatch.Unknown[0] != pd.TrueWatchObject {
		t.Errorf("unknown TrueWatch settings: %v; want only truewatch", vendors.TrueWatch.Unknown)
	}
	if vendors.TrueWatch.APIKey != "" || vendors.Ocamba.Unknown != nil {
		t.Errorf("TrueWatch API key %q, unknown Ocamba settings %v; want none", vendors.TrueWatch.APIKey, vendors.Ocamba.Unknown)
	}
}
