package acctest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// Failure is one case of a table of failures: a configuration against a
// fake of the case's own, and the error text a user sees.
type Failure struct {
	Name string
	// Setup, when set, prepares the case's fake before any step runs.
	Setup func(*fakeapi.Server)
	// Config is the case's provider "billing" block, if any, and its data
	// blocks; nothing else (Failures serves each case a provider of its
	// own, and names its blocks apart).
	Config func(*fakeapi.Server) string
	// Invalid: the configuration is refused as written, when the CLI
	// validates it, before any provider is configured or anything read.
	Invalid bool
	// Want are the fragments of the error text, in order (ErrorText);
	// WantFor, when set, makes them from the case's fake instead.
	Want    []string
	WantFor func(*fakeapi.Server) []string
	// After, when set, checks what the case's fake saw, once every step
	// has run.
	After func(*testing.T, *fakeapi.Server)
}

// Failures runs a table of failures in two plans, however many cases it
// has: one for the cases whose configuration is refused as written
// (Invalid), one for the others, whose providers or reads fail. The CLI stops
// at the first of those two phases that fails, so they cannot share a
// plan; within a phase it reports every error, so each case still shows
// its own.
//
// Each case has a fake of its own and a provider of its own: its provider
// block is served under the local name billing-caseN (a provider's
// aliases would share one in-process instance, and with it the last
// configuration) and its data blocks, renamed caseN-<name>, select it.
// Each case's error text is matched (ErrorText) against only the
// diagnostics that name its blocks; a diagnostic that names no case fails
// the table. Each case's After runs as a subtest named after it.
func Failures(t *testing.T, cases []Failure, options ...provider.Option) {
	t.Helper()
	phases := []*failurePhase{{invalid: true}, {}}
	fakes := make([]*fakeapi.Server, len(cases))
	names := make([]string, 0, len(cases))
	for i, c := range cases {
		fakes[i] = Fake(t)
		if c.Setup != nil {
			c.Setup(fakes[i])
		}
		want := c.Want
		if c.WantFor != nil {
			want = c.WantFor(fakes[i])
		}
		id := fmt.Sprintf("case%d", i+1)
		config, err := caseConfig(c.Config(fakes[i]), id)
		if err != nil {
			t.Fatalf("failure %q: %v", c.Name, err)
		}
		phase := phases[1]
		if c.Invalid {
			phase = phases[0]
		}
		phase.config.WriteString(config)
		phase.cases = append(phase.cases, failureCase{name: c.Name, marker: regexp.MustCompile(`\b` + id + `\b`), want: ErrorText(want...)})
		names = append(names, caseProvider(id))
	}

	var steps []resource.TestStep
	var running *failurePhase
	for _, phase := range phases {
		if len(phase.cases) == 0 {
			continue
		}
		steps = append(steps, resource.TestStep{
			PreConfig: func() { running = phase },
			Config:    phase.config.String(),
			PlanOnly:  phase.invalid,
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesNamed(names, options...),
		// Called for a step that failed: the step passes when every case of
		// its phase failed as it should.
		ErrorCheck: func(err error) error {
			running.failed = true
			return running.check(err.Error())
		},
		Steps: steps,
	})
	for _, phase := range phases {
		if len(phase.cases) > 0 && !phase.failed {
			t.Errorf("the plan of %s succeeded; every one of them should have failed", phase.caseNames())
		}
	}
	for i, c := range cases {
		if c.After != nil {
			t.Run(c.Name, func(t *testing.T) { c.After(t, fakes[i]) })
		}
	}
}

type failurePhase struct {
	invalid bool
	config  strings.Builder
	cases   []failureCase
	failed  bool
}

type failureCase struct {
	name   string
	marker *regexp.Regexp // the case's id, which every block of its names
	want   *regexp.Regexp
}

// diagnosticStart is where the CLI begins each diagnostic it prints.
var diagnosticStart = regexp.MustCompile(`(?m)^(Error|Warning): `)

// check matches every case of the phase against the diagnostics that name
// it, in the order the CLI printed them.
func (p *failurePhase) check(output string) error {
	starts := diagnosticStart.FindAllStringIndex(output, -1)
	diagnostics := make([]string, len(starts))
	for i, start := range starts {
		end := len(output)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		diagnostics[i] = output[start[0]:end]
	}
	var problems []string
	claimed := make([]bool, len(diagnostics))
	for _, c := range p.cases {
		var own []string
		for i, d := range diagnostics {
			if c.marker.MatchString(d) {
				own = append(own, d)
				claimed[i] = true
			}
		}
		switch text := strings.Join(own, "\n"); {
		case len(own) == 0:
			problems = append(problems, fmt.Sprintf("case %q: no diagnostic names it", c.name))
		case !c.want.MatchString(text):
			problems = append(problems, fmt.Sprintf("case %q: want an error matching\n%s\ngot:\n%s", c.name, c.want, text))
		}
	}
	for i, d := range diagnostics {
		if !claimed[i] && strings.HasPrefix(d, "Error: ") {
			problems = append(problems, "an error that names no case:\n"+d)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s\n\nthe whole output:\n%s", strings.Join(problems, "\n\n"), output)
	}
	return nil
}

func (p *failurePhase) caseNames() string {
	names := make([]string, len(p.cases))
	for i, c := range p.cases {
		names[i] = fmt.Sprintf("%q", c.name)
	}
	return "cases " + strings.Join(names, ", ")
}

// caseProvider is the local name a case's provider is served under.
func caseProvider(id string) string { return "billing-" + id }

// caseConfig gives the case's provider block the case's own provider and
// its data blocks names of the case's own, which select that provider.
func caseConfig(config, id string) (string, error) {
	file, diags := hclwrite.ParseConfig([]byte(config), "case.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return "", diags
	}
	local := caseProvider(id)
	for _, block := range file.Body().Blocks() {
		labels := block.Labels()
		switch {
		case block.Type() == "provider" && len(labels) == 1 && labels[0] == "billing":
			block.SetLabels([]string{local})
		case block.Type() == "data" && len(labels) == 2:
			block.SetLabels([]string{labels[0], id + "-" + labels[1]})
			block.Body().SetAttributeTraversal("provider", hcl.Traversal{hcl.TraverseRoot{Name: local}})
		default:
			return "", fmt.Errorf("a failure's configuration holds only a provider \"billing\" block and data blocks; this one has %s %q", block.Type(), labels)
		}
	}
	return string(file.Bytes()), nil
}

// factoriesNamed serves the provider under "billing" and under each of
// names, each name an instance of its own.
func factoriesNamed(names []string, options ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	factories := Factories(options...)
	for _, name := range names {
		factories[name] = factories["billing"]
	}
	return factories
}
