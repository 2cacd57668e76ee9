package devcli

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// The version is read as the CLI writes it without the user's CLI
// configuration: OpenTofu writes a warning before its version when
// TF_CLI_CONFIG_FILE names a file that does not exist. A CLI too old is
// told apart from one that cannot be read.
func TestRequireFunctionsReadsTheVersionWithoutTheUsersConfiguration(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in CLIs are shell scripts")
	}
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(t.TempDir(), "missing.tfrc"))
	for says, tooOld := range map[string]bool{"OpenTofu v1.12.6": false, "OpenTofu v1.6.2": true} {
		cli := filepath.Join(t.TempDir(), "cli")
		script := "#!/bin/sh\n" +
			"if [ -n \"$TF_CLI_CONFIG_FILE\" ] && [ ! -e \"$TF_CLI_CONFIG_FILE\" ]; then\n" +
			"  printf '\\nWarning: Unable to open CLI configuration file\\n\\n'\n" +
			"fi\n" +
			"printf '%s\\non linux_amd64\\n' '" + says + "'\n"
		if err := os.WriteFile(cli, []byte(script), 0o700); err != nil { //nolint:gosec // a test's own script
			t.Fatal(err)
		}
		err := RequireFunctions(t.Context(), cli)
		var old *TooOldError
		if got := errors.As(err, &old); got != tooOld || (err != nil && !tooOld) {
			t.Errorf("%q: got %v, too old %t; want too old %t", says, err, got, tooOld)
		}
	}
}

// A CLI that is not on PATH is named, with how to get one.
func TestFindNamesAMissingCLI(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Find("terraform")
	if err == nil || !strings.HasPrefix(err.Error(), `the "terraform" CLI is not on PATH (`) ||
		!strings.HasSuffix(err.Error(), "); install Terraform or OpenTofu, or pass -cli <path>") {
		t.Errorf("Find: %v", err)
	}
}

// A command that fails is named with its arguments and exit status.
func TestRunSaysHowACommandFailed(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sh is a Unix shell")
	}
	if err := Run(t.Context(), t.TempDir(), []string{"BILLING_EXIT=3"}, "sh", "-c", `exit "$BILLING_EXIT"`); err == nil ||
		err.Error() != `sh -c exit "$BILLING_EXIT" failed (exit status 3)` {
		t.Errorf("Run: %v", err)
	}
	if err := Run(t.Context(), t.TempDir(), nil, "true"); err != nil {
		t.Errorf("Run true: %v", err)
	}
}

// Install builds the provider and a CLI configuration that serves it.
func TestInstall(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(BuildEnv, writeFile(t, filepath.Join(t.TempDir(), "built"), "#!/bin/sh\n"))
	cliConfig, provider, err := Install(t.Context(), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	if provider != filepath.Join(dir, "plugins", "terraform-provider-billing") {
		t.Errorf("provider at %s", provider)
	}
	if content, err := os.ReadFile(provider); err != nil || string(content) != "#!/bin/sh\n" {
		t.Errorf("provider holds %q (%v); want the build %s names", content, err, BuildEnv)
	}
	config, err := os.ReadFile(cliConfig) //nolint:gosec // the test's own file
	if err != nil {
		t.Fatal(err)
	}
	if want := `"billingtf/billing" = "` + filepath.Join(dir, "plugins") + `"`; !strings.Contains(string(config), want) {
		t.Errorf("the CLI configuration is\n%s\nwant it to hold %s", config, want)
	}
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
