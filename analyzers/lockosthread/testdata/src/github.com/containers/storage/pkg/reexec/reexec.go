// Package reexec is a stub of github.com/containers/storage/pkg/reexec.
package reexec

var registered = map[string]func(){}

// Register adds an initialization func under the specified name.
func Register(name string, initializer func()) { registered[name] = initializer }

// Init runs the initializer registered as os.Args[0], if any.
func Init() bool { return false }
