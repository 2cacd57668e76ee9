package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

const (
	// cannedDirEnv makes the wrapped provider this binary serving
	// recorded replies (cannedServer) from that directory.
	cannedDirEnv = "BILLING_BENCH_CANNED"
	// cpuProfileDirEnv makes the wrapped provider this binary serving the
	// real provider, each process writing its CPU profile to that directory.
	cpuProfileDirEnv = "BILLING_BENCH_CPU_PROFILE"
	// wrappedEnv is set by the wrapper for the process it starts.
	wrappedEnv = "BILLING_BENCH_WRAPPED"
)

// serveProfiled serves the real provider under the CPU profiler, to a file
// of this process's own in dir (Terraform may start the provider more than
// once in a plan).
func serveProfiled(dir string) error {
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid()))) //nolint:gosec // the benchmark's own temp directory
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	return tf6server.Serve(provider.Address, provider.Server("bench"))
}

// serveCanned serves the provider with every data source read answered
// with the state a real read returned the first time (the warm-up plan),
// recorded in dir: a provider that does no work at read time, so that
// what remains is Terraform's own cost of a state of that size.
func serveCanned(dir string) error {
	server := provider.Server("bench")
	return tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer {
		return cannedServer{ProviderServer: server(), dir: dir}
	})
}

type cannedServer struct {
	tfprotov6.ProviderServer
	dir string
}

func (s cannedServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	file := filepath.Join(s.dir, req.TypeName+".msgpack")
	if state, err := os.ReadFile(file); err == nil { //nolint:gosec // the benchmark's own temp file
		return &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: state}}, nil
	}
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if err == nil && resp.State != nil && len(resp.Diagnostics) == 0 {
		err = os.WriteFile(file, resp.State.MsgPack, 0o600)
	}
	return resp, err
}
