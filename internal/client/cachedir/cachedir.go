// Package cachedir is what the provider processes on one machine share
// through cache.dir: one request budget per vendor, the rate-limit quota a
// vendor last announced, and vendor answers kept for ttl, read once however
// many processes ask for them at the same time.
//
// Everything that must be exclusive between processes is an
// operating-system file lock (gofrs/flock): a process that dies releases
// what it held at once, and no lock is ever stale. The directory holds:
//
//	slots/<vendor>.<n>.lock   slot n of the vendor's max_concurrency
//	quota/<vendor>.<whose>.json  the quota the vendor last announced to
//	                          the account of credentials whose SHA-256 starts
//	                          with <whose> (16 hex digits)
//	quota/<vendor>.<whose>.lock  held while the quota is read and updated
//	answers/<key>             an answer, written whole (renameio)
//	answers/locks/<xxx>.lock  held while an answer is asked for and kept
//	                          (and read, where an entry is rewritten in place)
//
// Nothing in it is a secret: a key is a SHA-256 of the request and of the
// credentials, and an answer that contains a credential is never written.
package cachedir

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Modes of what the provider creates: only its owner reads the directory.
const (
	dirMode  os.FileMode = 0o700
	fileMode os.FileMode = 0o600
)

// pollInterval is how often a process waiting for a lock another process
// holds tries again (plus up to as much again of jitter, so that waiting
// processes do not try in step).
const pollInterval = 10 * time.Millisecond

// Dir is an open cache directory.
type Dir struct {
	path    string
	ttl     time.Duration
	version string // the provider's: an answer another version wrote is not read
	now     func() time.Time
	stripes [stripeCount]stripe
}

// Open creates the directory (0700), its missing parents (0700 too) and
// its parts if need be, checks that it can be written, and sweeps out
// answers past their time. ttl is how long an answer is reused; 0 keeps
// none. The error names the directory.
func Open(ctx context.Context, path string, ttl time.Duration, version string) (*Dir, error) {
	d := &Dir{path: path, ttl: ttl, version: version, now: time.Now}
	for _, sub := range []string{"", "slots", "quota", "answers", filepath.Join("answers", "locks")} {
		if err := makeDir(filepath.Join(path, sub)); err != nil {
			return nil, err
		}
	}
	for _, sub := range []string{"slots", "quota", "answers"} {
		probe, err := os.CreateTemp(filepath.Join(path, sub), ".probe-*")
		if err != nil {
			return nil, fmt.Errorf("cannot write in it: %w", err)
		}
		probe.Close()
		if err := os.Remove(probe.Name()); err != nil {
			return nil, fmt.Errorf("cannot remove from it: %w", err)
		}
	}
	for i := range d.stripes {
		d.stripes[i] = newStripe(filepath.Join(d.answersDir(), "locks", fmt.Sprintf("%03x.lock", i)))
	}
	d.sweep(ctx)
	return d, nil
}

// makeDir creates a directory only its owner can read, and its missing
// parents alike. A directory that is already there keeps its mode: it may
// be one an administrator made.
func makeDir(path string) error {
	err := os.Mkdir(path, dirMode)
	if errors.Is(err, os.ErrNotExist) {
		if parent := filepath.Dir(path); parent != path {
			if err := makeDir(parent); err != nil {
				return err
			}
			err = os.Mkdir(path, dirMode)
		}
	}
	if errors.Is(err, os.ErrExist) {
		info, statErr := os.Stat(path)
		if statErr != nil {
			return statErr
		}
		if !info.IsDir() {
			return fmt.Errorf("%s is not a directory", path)
		}
		return nil
	}
	if err != nil {
		return err
	}
	// Mkdir's mode passes through the umask; make sure of it.
	return os.Chmod(path, dirMode)
}

// Path is the directory, as configured.
func (d *Dir) Path() string { return d.path }

// KeepsAnswers reports whether answers are kept (ttl above zero).
func (d *Dir) KeepsAnswers() bool { return d.ttl > 0 }

func (d *Dir) answersDir() string { return filepath.Join(d.path, "answers") }

// fileName turns a vendor's name into a file name: "Talkdesk token
// endpoint" is talkdesk-token-endpoint.
func fileName(vendor string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, vendor)
}

// tryLock takes lock, trying again every pollInterval while another
// process holds it, until ctx is done.
func tryLock(ctx context.Context, lock *flock.Flock) error {
	for {
		ok, err := lock.TryLock()
		if err != nil {
			return fmt.Errorf("locking %s: %w", lock.Path(), err)
		}
		if ok {
			return nil
		}
		if err := sleep(ctx, pollInterval+rand.N(pollInterval)); err != nil { //nolint:gosec // jitter, not a secret
			return err
		}
	}
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func debug(ctx context.Context, message string, fields map[string]any) {
	tflog.Debug(ctx, message, fields)
}
