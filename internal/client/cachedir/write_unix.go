//go:build !windows

package cachedir

import (
	"io"
	"path/filepath"

	"github.com/google/renameio/v2"
)

// OpenEntriesStay is true where an entry is replaced by a rename: an entry
// opened stays as it was however it is replaced, so it is read without
// the key's lock.
const OpenEntriesStay = true

// writeWhole replaces path with data, 0600 whatever the file it replaces
// had, atomically: a reader sees the old file or the new one, and a crash
// leaves no half file. The temporary file is made beside it (renameio
// names it with a leading dot; the sweep removes those a crash left).
func writeWhole(path string, data io.Reader) error {
	pending, err := renameio.NewPendingFile(path, renameio.WithTempDir(filepath.Dir(path)), renameio.WithStaticPermissions(fileMode))
	if err != nil {
		return err
	}
	defer func() { _ = pending.Cleanup() }()
	if _, err := io.Copy(pending, data); err != nil {
		return err
	}
	return pending.CloseAtomicallyReplace()
}
