package cachedir

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Key names one request with one credential: a SHA-256 the client makes of
// the vendor, the method, the URL with its query, the body and the
// credentials.
type Key [sha256.Size]byte

// entryFormat starts every answer's header; an answer in another format is
// not read.
const entryFormat = "terraform-provider-billing answer 1"

// header is the first line of an answer file; the body follows it.
type header struct {
	Format   string    `json:"format"`
	Provider string    `json:"provider"` // the version that wrote it
	Written  time.Time `json:"written"`
	Expires  time.Time `json:"expires"` // Written plus the writer's ttl: when the sweep may remove it
	Status   int       `json:"status"`
	Length   int       `json:"length"`
	SHA256   string    `json:"sha256"` // of the body: a cut or altered body is not read
}

// maxHeader bounds the header line a reader or the sweep looks at.
const maxHeader = 4 << 10

// Answers are held one at a time per key stripe: a process that holds a
// stripe is looking the answer up, or asking the vendor for it and writing
// it. 256 stripes, by the key's first byte, keep the lock files few and
// fixed; two keys that share one merely wait for each other.
const stripeCount = 256

// stripe is one stripe's lock: turn admits one goroutine of this process
// (a lock is not exclusive between the goroutines of one process on every
// system), and lock excludes the other processes.
type stripe struct {
	turn chan struct{}
	lock *flock.Flock
}

func newStripe(path string) stripe {
	return stripe{turn: make(chan struct{}, 1), lock: flock.New(path, flock.SetPermissions(fileMode))}
}

// Flight is one request's turn at its key: until End, no other goroutine
// or process looks up or asks for the same answer, so that they wait for
// this one's instead of each asking the vendor.
type Flight struct {
	dir    *Dir
	key    Key
	stripe *stripe
}

// Begin waits for the key's turn, or until ctx is done.
func (d *Dir) Begin(ctx context.Context, key Key) (*Flight, error) {
	s := &d.stripes[key[0]]
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := tryLock(ctx, s.lock); err != nil {
		<-s.turn
		return nil, err
	}
	return &Flight{dir: d, key: key, stripe: s}, nil
}

// End gives the key's turn to whoever waits for it.
func (f *Flight) End() {
	_ = f.stripe.lock.Unlock()
	<-f.stripe.turn
}

func (f *Flight) path() string {
	return filepath.Join(f.dir.answersDir(), hex.EncodeToString(f.key[:]))
}

// Cached returns the kept answer's status and body, if there is one this
// provider wrote within ttl whose body is whole. Any other entry is
// ignored, with a debug log line saying why, and is replaced when the
// answer is next kept.
func (f *Flight) Cached(ctx context.Context) (status int, body []byte, ok bool) {
	data, err := os.ReadFile(f.path())
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil, false
	}
	if err == nil {
		var h header
		h, body, err = f.dir.parse(data)
		if err == nil {
			return h.Status, body, true
		}
	}
	debug(ctx, "Ignoring an answer in the cache directory", map[string]any{"entry": f.path(), "reason": err.Error()})
	return 0, nil, false
}

// parse reads an answer file, and says why it cannot be used if it cannot.
func (d *Dir) parse(data []byte) (header, []byte, error) {
	line, body, found := bytes.Cut(data, []byte("\n"))
	if !found {
		return header{}, nil, errors.New("it has no header line: it is cut short or not an answer")
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil || h.Format != entryFormat {
		return header{}, nil, errors.New("its header is not an answer's")
	}
	if h.Provider != d.version {
		return header{}, nil, fmt.Errorf("provider version %q wrote it, not this one (%q)", h.Provider, d.version)
	}
	if len(body) != h.Length {
		return header{}, nil, fmt.Errorf("its body is %d bytes, not the %d written: it is cut short or altered", len(body), h.Length)
	}
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != h.SHA256 {
		return header{}, nil, errors.New("its body does not match its checksum")
	}
	if h.Status < 200 || h.Status > 299 {
		return header{}, nil, fmt.Errorf("its status %d is not a success", h.Status)
	}
	if age := d.now().Sub(h.Written); age >= d.ttl || age < -time.Minute {
		return header{}, nil, fmt.Errorf("it was written %s ago, and ttl is %s", age.Round(time.Millisecond), d.ttl)
	}
	return h, body, nil
}

// Keep writes the answer whole, replacing any entry of the key. The caller
// has checked that it is a complete, well-formed success with no secret in
// it.
func (f *Flight) Keep(status int, body []byte) error {
	now := f.dir.now().UTC()
	sum := sha256.Sum256(body)
	line, err := json.Marshal(header{
		Format: entryFormat, Provider: f.dir.version, Written: now, Expires: now.Add(f.dir.ttl),
		Status: status, Length: len(body), SHA256: hex.EncodeToString(sum[:]),
	})
	if err != nil {
		return err
	}
	data := make([]byte, 0, len(line)+1+len(body))
	data = append(append(append(data, line...), '\n'), body...)
	return writeWhole(f.path(), data)
}

// strayAge is how old a temporary file must be before the sweep takes it
// for one a crash left behind, rather than one being written.
const strayAge = time.Hour

// sweep removes the answers past their writer's ttl, those that cannot be
// read, and temporary files a crash left, so that the directory does not
// grow for ever. Another process may be reading an answer as it goes: it
// has the file open and reads it whole; at worst an answer kept a moment
// ago is asked for again.
func (d *Dir) sweep(ctx context.Context) {
	entries, err := os.ReadDir(d.answersDir())
	if err != nil {
		return
	}
	now := d.now()
	removed := 0
	for _, entry := range entries {
		if !entry.Type().IsRegular() {
			continue
		}
		path := filepath.Join(d.answersDir(), entry.Name())
		if strings.HasPrefix(entry.Name(), ".") {
			if info, err := entry.Info(); err == nil && now.Sub(info.ModTime()) > strayAge {
				removed += removeFile(path)
			}
			continue
		}
		if h, err := readHeader(path); err != nil || !now.Before(h.Expires) {
			removed += removeFile(path)
		}
	}
	if removed > 0 {
		debug(ctx, "Swept the cache directory", map[string]any{"removed": removed})
	}
}

func readHeader(path string) (header, error) {
	file, err := os.Open(path) //nolint:gosec // a file of the cache directory
	if err != nil {
		return header{}, err
	}
	defer file.Close()
	buf := make([]byte, maxHeader)
	n, err := io.ReadFull(file, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return header{}, err
	}
	line, _, found := bytes.Cut(buf[:n], []byte("\n"))
	if !found {
		return header{}, errors.New("no header line")
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil || h.Format != entryFormat {
		return header{}, errors.New("not an answer")
	}
	return h, nil
}

func removeFile(path string) int {
	if os.Remove(path) != nil {
		return 0
	}
	return 1
}
