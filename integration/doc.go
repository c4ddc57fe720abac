// Package integration holds the end-to-end tests of syscallvet's
// integrations, each run the way users run it: golangci-lint with the module
// plugin (built from tools/golangci-custom, and through 'golangci-lint
// custom' with .custom-gcl.yml), the output editors read from it, gopls
// built with syscallvet's analyzers (tools/gopls-syscallvet) driven over
// LSP, 'go tool syscallvet', and the contract nogo relies on.
//
// The golangci-lint and gopls tests build those programs from the Go module
// proxy: minutes on a cold cache, seconds once Go's build cache is warm.
// They are skipped under -short.
package integration
