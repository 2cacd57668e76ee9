package tfstate

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// A state of exactly the limit is sent; one byte less and it is refused.
func TestAStateOfExactlyTheLimitIsSent(t *testing.T) {
	shape := testShape(rowOfRecord)
	var records []record
	for i := range 20 {
		records = append(records, recordsOf(t, fmt.Sprintf("key-%03d", i), "1.5")...)
	}
	store := func(limit int) (*Reply, error) {
		ctx, reply := WithReply(context.Background())
		reply.limit = limit
		read := shape.NewRead(ctx, true)
		read.Add(records)
		var state tfsdk.State
		return reply, read.Store(ctx, filter, &state)
	}
	reply, err := store(MaxStateBytes)
	if err != nil {
		t.Fatal(err)
	}
	size := len(reply.state)
	if reply, err := store(size); err != nil || len(reply.state) != size {
		t.Errorf("a state of exactly the limit (%d bytes): %v", size, err)
	}
	if _, err := store(size - 1); err == nil {
		t.Errorf("a state one byte over the limit (%d bytes) is sent", size-1)
	}
}

// The limit is told in MiB, rounded up, from 1 MiB: Terraform's own is 256.
func TestStateTooLargeTellsTheLimitInMiB(t *testing.T) {
	for limit, want := range map[int]string{
		MaxStateBytes: "more than the 256 MiB Terraform takes",
		1 << 20:       "more than the 1 MiB Terraform takes",
		1<<20 - 1:     "more than the 1048575 bytes Terraform takes",
	} {
		if got := (&StateTooLargeError{Limit: limit}).Error(); !strings.Contains(got, want) {
			t.Errorf("limit %d: %q, want %q in it", limit, got, want)
		}
	}
	if MaxStateBytes >= 256<<20 {
		t.Errorf("MaxStateBytes %d leaves no room under Terraform's 256 MiB for the rest of the answer", MaxStateBytes)
	}
}
