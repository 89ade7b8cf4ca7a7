//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockIngest takes the index's ingest lock, so that two ingests into one
// path never remove each other's generations. The kernel releases it when
// the process dies, so a killed ingest never leaves the index locked.
func lockIngest(root string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(root, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock the index folder %s (%w): check that the user running ingest can write there", root, unwrapPathError(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: another ingest is writing this index: wait for it to finish, then run this one again", root)
		}
		return nil, fmt.Errorf("lock the index folder %s (%w): check that its file system supports locks, or give another folder", root, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
