// Package errors is a stub of github.com/cockroachdb/errors: its wrappers
// return nil when the error they wrap is nil.
package errors

import "fmt"

func WithMessage(err error, message string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", message, err)
}
