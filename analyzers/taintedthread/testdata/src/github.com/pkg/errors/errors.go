// Package errors is a stub of github.com/pkg/errors: its wrappers return
// nil when the error they wrap is nil.
package errors

import "fmt"

func New(message string) error { return fmt.Errorf("%s", message) }

func WithStack(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w", err)
}

func Wrap(err error, message string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", message, err)
}

func Wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
