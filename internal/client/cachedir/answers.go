package cachedir

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// Key names one request with one credential: a SHA-256 the client makes of
// the vendor, the method, the URL with its query, the body and the
// credentials.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// An entry is one answer, or every page of one listing read whole, in one
// file: a header line, then the bodies one after another. The pages of a
// listing are kept and read back together, so that a read never mixes
// pages the vendor sent at different times (a listing that changed in
// between could lose a record to the shift, without any count noticing).
//
// entryFormat starts every header; an entry in another format is not read.
const entryFormat = "terraform-provider-billing answers 1"

// header is the first line of an entry file.
type header struct {
	Format   string    `json:"format"`
	Provider string    `json:"provider"` // the version that wrote it
	Written  time.Time `json:"written"`
	Expires  time.Time `json:"expires"` // Written plus the writer's ttl: when the sweep may remove it
	Pages    []span    `json:"pages"`
	Length   int64     `json:"length"` // of the bodies together
	SHA256   string    `json:"sha256"` // of the bodies together: a cut or altered entry is not read
}

// span is one answer's place among the bodies.
type span struct {
	Key    string `json:"key"`
	Status int    `json:"status"`
	Offset int64  `json:"offset"`
	Length int64  `json:"length"`
}

// maxHeader bounds the header line: an index of some hundred thousand
// pages.
const maxHeader = 32 << 20

// Answers are asked for and kept one at a time per key stripe: a process
// that holds a stripe is asking the vendor for the answer and keeping it,
// and those that want it wait, then read it. (A kept answer is read
// without waiting.) 4096 stripes, by the key's first 12 bits, keep the lock
// files fixed in number, and two keys asked for at once rarely share one:
// those that do wait for each other.
const stripeCount = 1 << 12

// stripeOf is the stripe of key.
func stripeOf(key Key) int { return int(key[0])<<4 | int(key[1]>>4) }

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

// Lock waits for the key's turn, or until ctx is done, and returns the
// function that ends it. Until then no other goroutine or process holds
// the key's turn.
func (d *Dir) Lock(ctx context.Context, key Key) (unlock func(), err error) {
	s := &d.stripes[stripeOf(key)]
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := tryLock(ctx, s.lock); err != nil {
		<-s.turn
		return nil, err
	}
	return func() {
		_ = s.lock.Unlock()
		<-s.turn
	}, nil
}

func (d *Dir) entryPath(key Key) string { return filepath.Join(d.answersDir(), key.String()) }

// Entry is an entry opened for reading: written by this version of the
// provider within ttl, and whole (its checksum verified when opened, and
// the file kept open, so that a newer entry replacing it does not change
// what is read).
type Entry struct {
	file  *os.File
	base  int64 // where the bodies start
	pages map[string]span
}

// Open opens the entry of key, if there is one to use. Any other entry is
// ignored, with a debug log line saying why, and is replaced when the
// answer is next kept.
func (d *Dir) Open(ctx context.Context, key Key) (*Entry, bool) {
	entry, err := d.open(key)
	switch {
	case err == nil:
		return entry, true
	case !errors.Is(err, os.ErrNotExist):
		debug(ctx, "Ignoring an entry of the cache directory", map[string]any{"entry": d.entryPath(key), "reason": err.Error()})
	}
	return nil, false
}

func (d *Dir) open(key Key) (*Entry, error) {
	file, err := os.Open(d.entryPath(key))
	if err != nil {
		return nil, err
	}
	entry, err := d.verify(file)
	if err != nil {
		file.Close()
		return nil, err
	}
	return entry, nil
}

// verify reads an entry's header and checks it and its bodies.
func (d *Dir) verify(file *os.File) (*Entry, error) {
	h, base, err := readHeader(file)
	if err != nil {
		return nil, err
	}
	if h.Provider != d.version {
		return nil, fmt.Errorf("provider version %q wrote it, not this one (%q)", h.Provider, d.version)
	}
	if age := d.now().Sub(h.Written); age >= d.ttl || age < -time.Minute {
		return nil, fmt.Errorf("it was written %s ago, and ttl is %s", age.Round(time.Millisecond), d.ttl)
	}
	sum := sha256.New()
	n, err := io.Copy(sum, file)
	if err != nil {
		return nil, err
	}
	if n != h.Length {
		return nil, fmt.Errorf("its bodies are %d bytes, not the %d written: it is cut short or altered", n, h.Length)
	}
	if hex.EncodeToString(sum.Sum(nil)) != h.SHA256 {
		return nil, errors.New("its bodies do not match their checksum")
	}
	pages := make(map[string]span, len(h.Pages))
	for _, p := range h.Pages {
		if p.Status < 200 || p.Status > 299 || p.Offset < 0 || p.Length < 0 || p.Offset+p.Length > h.Length {
			return nil, errors.New("its index is not an answer's")
		}
		pages[p.Key] = p
	}
	return &Entry{file: file, base: base, pages: pages}, nil
}

// Answer returns the status and body kept for key in the entry.
func (e *Entry) Answer(key Key) (status int, body []byte, err error) {
	p, ok := e.pages[key.String()]
	if !ok {
		return 0, nil, errors.New("the entry has no answer for this request")
	}
	body = make([]byte, p.Length)
	if _, err := e.file.ReadAt(body, e.base+p.Offset); err != nil {
		return 0, nil, err
	}
	return p.Status, body, nil
}

// Close closes the entry.
func (e *Entry) Close() { e.file.Close() }

// Writer collects answers for one entry, and writes it whole when asked:
// the bodies go to a temporary file as they come (a listing's pages are
// not held in memory), the entry is written when the read is whole.
type Writer struct {
	dir *Dir

	mu     sync.Mutex
	bodies *os.File
	length int64
	sum    hash.Hash
	pages  []span
}

// NewWriter starts an entry.
func (d *Dir) NewWriter() (*Writer, error) {
	bodies, err := os.CreateTemp(d.answersDir(), ".bodies-*")
	if err != nil {
		return nil, err
	}
	return &Writer{dir: d, bodies: bodies, sum: sha256.New()}, nil
}

// Add adds the answer of key. The caller has checked that it is a
// complete, well-formed success with no secret in it.
func (w *Writer) Add(key Key, status int, body []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := io.MultiWriter(w.bodies, w.sum).Write(body); err != nil {
		return err
	}
	w.pages = append(w.pages, span{Key: key.String(), Status: status, Offset: w.length, Length: int64(len(body))})
	w.length += int64(len(body))
	return nil
}

// Commit writes the entry under key, whole, replacing any entry of the
// key, and ends the writer.
func (w *Writer) Commit(key Key) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer w.discard()
	now := w.dir.now().UTC()
	line, err := json.Marshal(header{
		Format: entryFormat, Provider: w.dir.version, Written: now, Expires: now.Add(w.dir.ttl),
		Pages: w.pages, Length: w.length, SHA256: hex.EncodeToString(w.sum.Sum(nil)),
	})
	if err != nil {
		return err
	}
	if _, err := w.bodies.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return writeWhole(w.dir.entryPath(key), io.MultiReader(bytes.NewReader(line), strings.NewReader("\n"), w.bodies))
}

// Discard ends the writer without writing anything.
func (w *Writer) Discard() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.discard()
}

func (w *Writer) discard() {
	if w.bodies == nil {
		return
	}
	w.bodies.Close()
	os.Remove(w.bodies.Name())
	w.bodies = nil
}

// strayAge is how old a temporary file must be before the sweep takes it
// for one a crash left behind, rather than one being written.
const strayAge = 24 * time.Hour

// sweep removes the entries past their writer's ttl, those that cannot be
// read, and temporary files a crash left, so that the directory does not
// grow for ever. Another process may be reading an entry as it goes: it
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
		if h, err := readHeaderOf(path); err != nil || !now.Before(h.Expires) {
			removed += removeFile(path)
		}
	}
	if removed > 0 {
		debug(ctx, "Swept the cache directory", map[string]any{"removed": removed})
	}
}

func readHeaderOf(path string) (header, error) {
	file, err := os.Open(path) //nolint:gosec // a file of the cache directory
	if err != nil {
		return header{}, err
	}
	defer file.Close()
	h, _, err := readHeader(file)
	return h, err
}

// readHeader reads an entry's header line, leaving file at the first body,
// and returns the header and where the bodies start.
func readHeader(file *os.File) (header, int64, error) {
	line, err := bufio.NewReader(io.LimitReader(file, maxHeader)).ReadBytes('\n')
	if err != nil {
		return header{}, 0, errors.New("it has no header line: it is cut short or not an entry")
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil || h.Format != entryFormat {
		return header{}, 0, errors.New("its header is not an entry's")
	}
	base := int64(len(line))
	if _, err := file.Seek(base, io.SeekStart); err != nil {
		return header{}, 0, err
	}
	return h, base, nil
}

func removeFile(path string) int {
	if os.Remove(path) != nil {
		return 0
	}
	return 1
}
