package walk

import (
	"io/fs"
	"os"
	"path/filepath"
)

func index(path string) error {
	_, err := os.ReadFile(path)
	return err
}

func walkFiles(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		go index(path) // want `goroutine per file walked blocks an OS thread in file I/O \(via index → os.ReadFile\)`
		return nil
	})
}

func walkFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		go index(path) // want `goroutine per file walked`
		return nil
	})
}

func oldWalk(root string) error {
	return filepath.Walk(root, func(path string, info fs.FileInfo, err error) error {
		go index(path) // want `goroutine per file walked`
		return nil
	})
}
