package cachedir

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// QuotaState is what a vendor last announced of its rate-limit window, as
// every process on the machine has counted it down since.
type QuotaState struct {
	Remaining int       `json:"remaining"` // requests left in the window
	Resets    time.Time `json:"resets"`    // when the window ends; zero: unknown
}

// Quota is one vendor account's announced quota, shared by the processes
// on the machine.
type Quota struct {
	mu   sync.Mutex // one goroutine of this process at a time holds the lock
	lock *flock.Flock
	file string
}

// Quota returns the shared quota of the vendor's account whose
// credentials have the SHA-256 whose; the file is named by a part of it.
func (d *Dir) Quota(vendor string, whose [sha256.Size]byte) *Quota {
	name := filepath.Join(d.path, "quota", fileName(vendor)+"."+hex.EncodeToString(whose[:8]))
	return &Quota{lock: flock.New(name+".lock", flock.SetPermissions(fileMode)), file: name + ".json"}
}

// Update reads the quota under its lock, lets change alter it, and writes
// it back whole. A quota file that cannot be read is an unknown window.
func (q *Quota) Update(ctx context.Context, change func(*QuotaState)) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := tryLock(ctx, q.lock); err != nil {
		return err
	}
	defer func() { _ = q.lock.Unlock() }()
	var state QuotaState
	if data, err := os.ReadFile(q.file); err == nil {
		if json.Unmarshal(data, &state) != nil {
			state = QuotaState{}
		}
	}
	before := state
	change(&state)
	if state == before {
		return nil
	}
	data, err := json.Marshal(state)
	if err != nil {
		return err
	}
	return writeWhole(q.file, bytes.NewReader(data))
}
