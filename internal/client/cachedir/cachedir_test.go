package cachedir

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func open(t *testing.T, path string, ttl time.Duration, version string) *Dir {
	t.Helper()
	d, err := Open(t.Context(), path, ttl, version)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOpenCreatesOnlyWhatItsOwnerReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "cache")
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	d := open(t, path, time.Hour, "1.0.0")
	keep(t, d, Key{1}, `{"ok":true}`)
	if err := d.Quota("Ocamba", [32]byte{}).Update(t.Context(), func(q *QuotaState) { q.Remaining = 3 }); err != nil {
		t.Fatal(err)
	}
	release, err := d.Slots("Ocamba", 1).Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	release()
	err = filepath.WalkDir(path, func(p string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := entry.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if entry.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesWhatItCannotUse(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(t.Context(), file, 0, "1.0.0"); err == nil || err.Error() != file+" is not a directory" {
		t.Errorf("a file: error %v", err)
	}
	if _, err := Open(t.Context(), filepath.Join(file, "cache"), 0, "1.0.0"); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("under a file: error %v", err)
	}
}

// keep writes body as the answer of key, in its turn.
func keep(t *testing.T, d *Dir, key Key, body string) {
	t.Helper()
	unlock, err := d.Lock(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	w, err := d.NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(key, 200, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(key); err != nil {
		t.Fatal(err)
	}
}

// cached reads the answer of key, if there is one to use.
func cached(t *testing.T, d *Dir, key Key) (string, bool) {
	t.Helper()
	entry, ok := d.Open(t.Context(), key)
	if !ok {
		return "", false
	}
	defer entry.Close()
	status, body, err := entry.Answer(key)
	if err != nil {
		t.Fatal(err)
	}
	if status != 200 {
		t.Errorf("status %d, want 200", status)
	}
	return string(body), true
}

func TestAnswersAreReadOnlyWholeFreshAndOfThisVersion(t *testing.T) {
	path := t.TempDir()
	// The clock starts at the real time: opening a directory sweeps it
	// by the real clock, which must not find the entry expired.
	start := time.Now().UTC().Truncate(time.Second)
	now := start
	written := func(at time.Time) []byte { return []byte(`"written":"` + at.Format(time.RFC3339) + `"`) }
	d := open(t, path, 15*time.Minute, "1.0.0")
	d.now = func() time.Time { return now }
	const body = `{"total":2,"items":[{"id":"1","amount":0.1},{"id":"2","amount":0.2}]}`
	keep(t, d, Key{1}, body)
	if got, ok := cached(t, d, Key{1}); !ok || got != body {
		t.Fatalf("kept answer: %q, %v", got, ok)
	}
	if _, ok := cached(t, d, Key{2}); ok {
		t.Error("another key read an answer")
	}

	// Another version of the provider ignores it.
	other := open(t, path, 15*time.Minute, "1.1.0")
	other.now = d.now
	if _, ok := cached(t, other, Key{1}); ok {
		t.Error("another version read the answer")
	}

	// At ttl it is too old.
	now = now.Add(15 * time.Minute)
	if _, ok := cached(t, d, Key{1}); ok {
		t.Error("an answer ttl old was read")
	}
	now = now.Add(-time.Second)
	if _, ok := cached(t, d, Key{1}); !ok {
		t.Error("an answer under ttl old was not read")
	}

	entry := filepath.Join(path, "answers", "01"+strings.Repeat("00", 31))
	whole, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	damaged := map[string][]byte{
		"cut short":         whole[:len(whole)-1],
		"altered":           bytes.Replace(whole, []byte("0.2"), []byte("0.3"), 1),
		"no header":         []byte(body),
		"empty":             nil,
		"grown":             append(bytes.Clone(whole), ' '),
		"header not JSON":   append([]byte("not json\n"), body...),
		"another format":    bytes.Replace(whole, []byte(entryFormat), []byte("something else"), 1),
		"not a success":     bytes.Replace(whole, []byte(`"status":200`), []byte(`"status":500`), 1),
		"index beyond body": bytes.Replace(whole, []byte(`"offset":0`), []byte(`"offset":9`), 1),
		"from the future":   bytes.Replace(whole, written(start), written(start.Add(24*time.Hour)), 1),
		"header only":       whole[:bytes.IndexByte(whole, '\n')+1],
		"the body of other": append(whole[:bytes.IndexByte(whole, '\n')+1], []byte(strings.Replace(body, "1", "7", 1))...),
	}
	for name, data := range damaged {
		if err := os.WriteFile(entry, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if got, ok := cached(t, d, Key{1}); ok {
			t.Errorf("%s: an entry was read: %q", name, got)
		}
	}
	// A damaged entry is replaced when the answer is kept again.
	keep(t, d, Key{1}, body)
	if got, ok := cached(t, d, Key{1}); !ok || got != body {
		t.Errorf("after replacing a damaged entry: %q, %v", got, ok)
	}
}

func TestSweepRemovesWhatIsPastItsTime(t *testing.T) {
	path := t.TempDir()
	now := time.Now()
	d := open(t, path, time.Minute, "1.0.0")
	d.now = func() time.Time { return now.Add(-2 * time.Minute) }
	keep(t, d, Key{1}, `{"old":true}`) // expired a minute ago
	d.now = func() time.Time { return now }
	keep(t, d, Key{2}, `{"new":true}`)
	answers := filepath.Join(path, "answers")
	write := func(name string, age time.Duration) {
		t.Helper()
		file := filepath.Join(answers, name)
		if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	write(".stray-temp", 25*time.Hour)
	write(".being-written", time.Second)
	write("unreadable", time.Second)

	open(t, path, time.Minute, "1.0.0")
	var left []string
	entries, err := os.ReadDir(answers)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{".being-written", "02" + strings.Repeat("00", 31), "locks"}
	if strings.Join(left, " ") != strings.Join(want, " ") {
		t.Errorf("after the sweep: %v, want %v", left, want)
	}
}

func TestWaitsEndWithTheRead(t *testing.T) {
	d := open(t, t.TempDir(), time.Hour, "1.0.0")

	slots := d.Slots("Ocamba", 1)
	release, err := slots.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := slots.Acquire(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting for a slot: %v, want the read's deadline", err)
	}
	// Another process's budget (another Slots on the same files) waits too.
	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := d.Slots("Ocamba", 1).Acquire(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting for a slot another budget holds: %v, want the read's deadline", err)
	}
	release()
	if release, err = d.Slots("Ocamba", 1).Acquire(t.Context()); err != nil {
		t.Fatalf("a freed slot: %v", err)
	}
	release()

	unlock, err := d.Lock(t.Context(), Key{7})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := d.Lock(ctx, Key{7, 1}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting for a key's turn: %v, want the read's deadline", err)
	}
	unlock()
	if unlock, err = d.Lock(t.Context(), Key{7, 1}); err != nil {
		t.Fatalf("a key whose turn is free: %v", err)
	}
	unlock()
}

func TestQuotaIsCountedDownTogether(t *testing.T) {
	path := t.TempDir()
	resets := time.Date(2026, 12, 5, 10, 0, 1, 0, time.UTC)
	first, second := open(t, path, 0, "1.0.0").Quota("Ocamba", [32]byte{}), open(t, path, 0, "1.0.0").Quota("Ocamba", [32]byte{})
	if err := first.Update(t.Context(), func(q *QuotaState) { *q = QuotaState{Remaining: 5, Resets: resets} }); err != nil {
		t.Fatal(err)
	}
	var seen QuotaState
	if err := second.Update(t.Context(), func(q *QuotaState) { q.Remaining--; seen = *q }); err != nil {
		t.Fatal(err)
	}
	if !seen.Resets.Equal(resets) || seen.Remaining != 4 {
		t.Errorf("the other process saw %+v", seen)
	}
	if err := os.WriteFile(first.file, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := first.Update(t.Context(), func(q *QuotaState) { seen = *q }); err != nil {
		t.Fatal(err)
	}
	if seen != (QuotaState{}) {
		t.Errorf("a quota file that cannot be read: %+v, want an unknown window", seen)
	}
}

// A listing's pages are one entry, under its first request's key: read
// back whole, or not at all.
func TestListingPagesAreKeptTogether(t *testing.T) {
	d := open(t, t.TempDir(), time.Hour, "1.0.0")
	w, err := d.NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[Key]string{{1}: `{"page":1}`, {2}: `{"page":2,"more":true}`, {3}: `{}`}
	for _, key := range []Key{{1}, {3}, {2}} { // as the pages arrive
		if err := w.Add(key, 200, []byte(pages[key])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(Key{1}); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Open(t.Context(), Key{2}); ok {
		t.Error("a later page is an entry of its own")
	}
	entry, ok := d.Open(t.Context(), Key{1})
	if !ok {
		t.Fatal("the listing was not kept")
	}
	defer entry.Close()
	for key, want := range pages {
		if _, body, err := entry.Answer(key); err != nil || string(body) != want {
			t.Errorf("page %v: %q, %v; want %q", key[0], body, err, want)
		}
	}
	if _, _, err := entry.Answer(Key{4}); err == nil {
		t.Error("a page the listing does not hold was read")
	}

	// A writer discarded leaves nothing behind.
	w, err = d.NewWriter()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(Key{9}, 200, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	w.Discard()
	files, err := os.ReadDir(filepath.Join(d.path, "answers"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 { // the listing, and locks/
		t.Errorf("after a discarded writer the directory holds %d files, want 2", len(files))
	}
}

func TestOpenRefusesADirectoryWhosePartsCannotBeUsed(t *testing.T) {
	path := t.TempDir()
	if err := os.WriteFile(filepath.Join(path, "quota"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(path, "quota") + " is not a directory"
	if _, err := Open(t.Context(), path, 0, "1.0.0"); err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// A cache.dir whose parents are missing is created with them, each only
// its owner reads; a parent already there keeps its mode.
func TestOpenCreatesMissingParents(t *testing.T) {
	base := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(base, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(base, "ci", "runs", "cache")
	open(t, path, time.Hour, "1.0.0")
	for _, dir := range []string{filepath.Join(base, "ci"), filepath.Join(base, "ci", "runs"), path} {
		info, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, want 0700", dir, info.Mode().Perm())
		}
	}
	if info, err := os.Stat(base); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("the existing parent %s: %v, %v; want its mode kept (0755)", base, info.Mode().Perm(), err)
	}
	// A parent that cannot be made fails, naming it.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	under := filepath.Join(file, "a", "b", "cache")
	if _, err := Open(t.Context(), under, 0, "1.0.0"); err == nil || !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("under a file: error %v, want one naming %s", err, file)
	}
}

// Two keys wait for each other only when they share their first 12 bits:
// keys that differ in their second byte do not.
func TestKeysWaitForEachOtherOnlyInOneStripe(t *testing.T) {
	d := open(t, t.TempDir(), time.Hour, "1.0.0")
	unlock, err := d.Lock(t.Context(), Key{0xab, 0xc0})
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	other, err := d.Lock(ctx, Key{0xab, 0x10})
	if err != nil {
		t.Fatalf("a key of another stripe waited: %v", err)
	}
	other()
	short, cancelShort := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancelShort()
	if _, err := d.Lock(short, Key{0xab, 0xc7}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a key of the same stripe did not wait: %v", err)
	}
}
