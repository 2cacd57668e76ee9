package acctest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
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

// Fixed is a failure's configuration that needs nothing of its fake.
func Fixed(config string) func(*fakeapi.Server) string {
	return func(*fakeapi.Server) string { return config }
}

// Failures runs a table of failures in two plans, however many cases it
// has: one for the cases whose configuration is refused as written
// (Invalid), one for the others, whose providers or reads fail.
//
// Each case has a fake of its own and a provider of its own: its provider
// block is served under the local name billing-caseN (a provider's
// aliases would share one in-process instance, and with it the last
// configuration) and its data blocks, renamed caseN-<name>, select it.
// Each case's After runs as a subtest named after it.
func Failures(t *testing.T, cases []Failure, options ...provider.Option) {
	t.Helper()
	invalid, failing := FailingPlan{Invalid: true}, FailingPlan{}
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
		plan := &failing
		if c.Invalid {
			plan = &invalid
		}
		plan.Config += config
		plan.Parts = append(plan.Parts, FailingPart{Name: c.Name, ID: id, Want: want})
		names = append(names, caseProvider(id))
	}
	FailingPlans(t, resource.TestCase{ProtoV6ProviderFactories: factoriesNamed(names, options...)}, invalid, failing)
	for i, c := range cases {
		if c.After != nil {
			t.Run(c.Name, func(t *testing.T) { c.After(t, fakes[i]) })
		}
	}
}

// FailingPlan is a configuration whose plan must fail, in each of its
// parts, with the error text each part names.
type FailingPlan struct {
	Config string
	// Invalid: the configuration is refused as written, when the CLI
	// validates it; the step then only plans.
	Invalid bool
	Parts   []FailingPart
}

// FailingPart is one part of a FailingPlan's configuration: ID is a word
// that names its blocks (and so every diagnostic about them) and no other
// part's; Want are the fragments of its error text, in order (ErrorText).
type FailingPart struct {
	Name, ID string
	Want     []string
}

// FailingPlans runs each plan with parts as one step of testCase. The CLI
// reports every error of a phase (validation, then the plan), so one plan
// shows each part's error; each part's are matched against only the
// errors that name it (a warning does not count), and an error that names
// no part fails the step.
func FailingPlans(t *testing.T, testCase resource.TestCase, plans ...FailingPlan) {
	t.Helper()
	var running *failingStep
	var steps []*failingStep
	for _, plan := range plans {
		if len(plan.Parts) == 0 {
			continue
		}
		step := &failingStep{plan: plan}
		for _, part := range plan.Parts {
			if len(part.Want) == 0 {
				t.Fatalf("%q: no error text to match; every part names the error it must fail with", part.Name)
			}
			step.parts = append(step.parts, newFailingPart(part))
		}
		steps = append(steps, step)
		testCase.Steps = append(testCase.Steps, resource.TestStep{
			PreConfig: func() { running = step },
			Config:    plan.Config,
			PlanOnly:  plan.Invalid,
		})
	}
	// Called for a step that failed: it passes when every part failed as
	// it should.
	testCase.ErrorCheck = func(err error) error {
		running.failed = true
		return running.check(err.Error())
	}
	resource.UnitTest(t, testCase)
	for _, step := range steps {
		if !step.failed {
			t.Errorf("the plan of %s succeeded; every one of them should have failed", step.partNames())
		}
	}
}

type failingStep struct {
	plan   FailingPlan
	parts  []failingPart
	failed bool
}

type failingPart struct {
	FailingPart
	marker *regexp.Regexp // ID as a word
	want   *regexp.Regexp
}

func newFailingPart(part FailingPart) failingPart {
	return failingPart{FailingPart: part, marker: regexp.MustCompile(`\b` + regexp.QuoteMeta(part.ID) + `\b`), want: ErrorText(part.Want...)}
}

// diagnosticStart is where the CLI begins each diagnostic it prints.
var diagnosticStart = regexp.MustCompile(`(?m)^(Error|Warning): `)

// check matches every part against the diagnostics that name it, in the
// order the CLI printed them.
func (s *failingStep) check(output string) error {
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
	for _, part := range s.parts {
		var own []string
		for i, d := range diagnostics {
			// Only errors: a warning alone must not pass for a part's failure.
			if strings.HasPrefix(d, "Error: ") && part.marker.MatchString(d) {
				own = append(own, d)
				claimed[i] = true
			}
		}
		switch text := strings.Join(own, "\n"); {
		case len(own) == 0:
			problems = append(problems, fmt.Sprintf("%q: no error names it", part.Name))
		case !part.want.MatchString(text):
			problems = append(problems, fmt.Sprintf("%q: want an error matching\n%s\ngot:\n%s", part.Name, part.want, text))
		}
	}
	for i, d := range diagnostics {
		if !claimed[i] && strings.HasPrefix(d, "Error: ") {
			problems = append(problems, "an error that names no part:\n"+d)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s\n\nthe whole output:\n%s", strings.Join(problems, "\n\n"), output)
	}
	return nil
}

func (s *failingStep) partNames() string {
	names := make([]string, len(s.parts))
	for i, part := range s.parts {
		names[i] = fmt.Sprintf("%q", part.Name)
	}
	return strings.Join(names, ", ")
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
