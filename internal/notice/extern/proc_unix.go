//go:build unix

package extern

import (
	"os/exec"
	"syscall"
)

// killGroup makes the command the leader of its own process group and has
// a cancellation kill the whole group: soffice and tesseract start
// children that would otherwise outlive the deadline.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil || cmd.Process.Pid <= 1 {
			return nil
		}
		// The group, then the process itself, in case it left the group.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		return cmd.Process.Kill()
	}
}
