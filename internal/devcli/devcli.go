// Package devcli points a Terraform or OpenTofu CLI at local provider
// builds through dev_overrides, so that nothing is fetched from a
// registry: for the demo and the end-to-end benchmark.
package devcli

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// ProviderSource is the provider's source address. Without a host name
// each CLI expands it to its own default registry, so one dev_overrides
// entry serves both CLIs.
const ProviderSource = "billingtf/billing"

// WriteConfig writes a CLI configuration to path that takes the provider of
// each source address in overrides from the directory it maps to.
func WriteConfig(path string, overrides map[string]string) error {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, source := range slices.Sorted(maps.Keys(overrides)) {
		fmt.Fprintf(&b, "    %q = %q\n", source, overrides[source])
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return os.WriteFile(path, []byte(b.String()), 0o600)
}
