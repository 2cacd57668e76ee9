//go:build windows

package cachedir

import (
	"io"
	"os"
)

// OpenEntriesStay is false where an entry is rewritten in place: it is
// read only under the key's lock, so that no writer changes it under a
// reader.
const OpenEntriesStay = false

// writeWhole replaces path with data, 0600. Windows cannot replace a file
// atomically (renameio does not build there); an entry cut short by a
// crash fails its length and checksum and is not read.
func writeWhole(path string, data io.Reader) error {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fileMode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(file, data); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
