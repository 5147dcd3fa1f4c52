//go:build !unix

package extern

import "os/exec"

// killGroup leaves the default: a cancellation kills the process.
func killGroup(*exec.Cmd) {}
