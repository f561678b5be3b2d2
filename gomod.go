// Package forkroom is the root of the workbook's module. It holds the
// module's go.mod and go.sum, embedded in the checker so that it builds
// every submission with the course's own module definition, never with the
// one a student's copy carries.
package forkroom

import _ "embed" // for go:embed

// GoMod is the module's go.mod.
//
//go:embed go.mod
var GoMod []byte

// GoSum is the module's go.sum.
//
//go:embed go.sum
var GoSum []byte
