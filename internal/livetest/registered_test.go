package livetest

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	fwdatasource "github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

// Every data source the provider registers has a live test case, and
// every case is a registered data source.
func TestEveryRegisteredDataSourceHasACase(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)
	registered := map[string]bool{}
	for _, newDataSource := range p.DataSources(ctx) {
		var resp fwdatasource.MetadataResponse
		newDataSource().Metadata(ctx, fwdatasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		registered[resp.TypeName] = true
	}
	cases := map[string]bool{}
	for _, ds := range dataSources {
		cases[ds.typeName] = true
		if !registered[ds.typeName] {
			t.Errorf("the live case %s is not a registered data source", ds.typeName)
		}
	}
	for name := range registered {
		if !cases[name] {
			t.Errorf("%s has no live test case (dataSources)", name)
		}
	}
	if len(registered) == 0 {
		t.Fatal("the provider registers no data sources")
	}
}

// Every live case has its TestLive function in live_test.go, which reads
// it with readLive, and every TestLive function reads a case of
// dataSources: a case without its function would never be read from its
// vendor, and nothing else would say so. The two files are read as Go
// source, since a test cannot list its package's test functions.
func TestEveryCaseHasItsLiveTest(t *testing.T) {
	cases := caseNames(t)
	if len(cases) != len(dataSources) {
		t.Fatalf("cases.go lists %d cases in dataSources, but it holds %d", len(cases), len(dataSources))
	}
	readBy := map[string][]string{}
	for test, name := range liveTests(t) {
		readBy[name] = append(readBy[name], test)
	}
	for _, name := range cases {
		switch tests := readBy[name]; len(tests) {
		case 0:
			t.Errorf("the live case %s has no TestLive function in live_test.go that reads it (readLive(t, %s))", name, name)
		case 1:
		default:
			slices.Sort(tests)
			t.Errorf("the live case %s is read by %d TestLive functions: %s", name, len(tests), strings.Join(tests, ", "))
		}
		delete(readBy, name)
	}
	for name, tests := range readBy {
		t.Errorf("%s reads %s, which is not a case in dataSources", strings.Join(tests, ", "), name)
	}
}

// caseNames are the names of the variables listed in dataSources, in
// cases.go.
func caseNames(t *testing.T) []string {
	t.Helper()
	file := parseFile(t, "cases.go")
	var names []string
	found := false
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			value, ok := spec.(*ast.ValueSpec)
			if !ok || len(value.Names) != 1 || value.Names[0].Name != "dataSources" || len(value.Values) != 1 {
				continue
			}
			list, ok := value.Values[0].(*ast.CompositeLit)
			if !ok {
				t.Fatal("dataSources in cases.go is not a list of cases")
			}
			found = true
			for _, element := range list.Elts {
				ident, ok := element.(*ast.Ident)
				if !ok {
					t.Fatalf("dataSources in cases.go holds %T, not a case's variable", element)
				}
				names = append(names, ident.Name)
			}
		}
	}
	if !found {
		t.Fatal("cases.go declares no dataSources")
	}
	return names
}

// liveTests are live_test.go's TestLive functions, each with the case it
// reads.
func liveTests(t *testing.T) map[string]string {
	t.Helper()
	file := parseFile(t, "live_test.go")
	tests := map[string]string{}
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "TestLive") {
			continue
		}
		reads := ""
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if callee, ok := call.Fun.(*ast.Ident); ok && callee.Name == "readLive" && len(call.Args) == 2 {
				if ident, ok := call.Args[1].(*ast.Ident); ok {
					reads = ident.Name
				}
			}
			return true
		})
		if reads == "" {
			t.Errorf("%s reads no case: it does not call readLive(t, <case>)", fn.Name.Name)
			continue
		}
		tests[fn.Name.Name] = reads
	}
	if len(tests) == 0 {
		t.Fatal("live_test.go has no TestLive functions")
	}
	return tests
}

func parseFile(t *testing.T, name string) *ast.File {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	return file
}
