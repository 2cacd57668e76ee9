package devcli

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// A CLI too old for provider functions is named, with the version each
// needs; one new enough passes.
func TestRequireFunctions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in CLIs are shell scripts")
	}
	for says, want := range map[string]string{
		"Terraform v1.5.7":                  `is Terraform 1.5.7; provider functions need Terraform 1.8 or later, or OpenTofu 1.7 or later (an older CLI reads a function call as a syntax error, "Missing newline after argument")`,
		"OpenTofu v1.6.2":                   `is OpenTofu 1.6.2; provider functions need Terraform 1.8 or later, or OpenTofu 1.7 or later (an older CLI reads a function call as a syntax error, "Missing newline after argument")`,
		"Terraform v1.8.0":                  "",
		"Terraform v1.11.4\non linux_amd64": "",
		"OpenTofu v1.7.0":                   "",
		"Terraform v0.15.5":                 `is Terraform 0.15.5; provider functions need Terraform 1.8 or later, or OpenTofu 1.7 or later (an older CLI reads a function call as a syntax error, "Missing newline after argument")`,
		"Vendored v1.0":                     `version says "Vendored v1.0", which is neither Terraform nor OpenTofu with a version`,
	} {
		cli := filepath.Join(t.TempDir(), "cli")
		if err := os.WriteFile(cli, []byte("#!/bin/sh\nprintf '%s\\n' '"+says+"'\n"), 0o700); err != nil { //nolint:gosec // a test's own script
			t.Fatal(err)
		}
		err := RequireFunctions(t.Context(), cli)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", says, err)
		case want != "" && (err == nil || err.Error() != cli+" "+want):
			t.Errorf("%q: got %v, want %s %s", says, err, cli, want)
		}
	}
}
