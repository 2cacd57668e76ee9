//go:build windows

package cachedir

import "github.com/google/renameio/v2/maybe"

// writeWhole replaces path with data, 0600. Windows cannot replace a file
// atomically (renameio/maybe writes it in place); an answer cut short by a
// crash fails its length and checksum and is not read.
func writeWhole(path string, data []byte) error {
	return maybe.WriteFile(path, data, fileMode)
}
