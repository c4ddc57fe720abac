// Package mid adds a third package to the chain: a → mid → store → os.
package mid

import "example.com/store"

func Process(path string) error {
	_, err := store.Load(path)
	return err
}
