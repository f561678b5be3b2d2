package sandbox

import "forkroom/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"the sandbox is turned off (%s is set)": "沙箱已关闭（设置了 %s）",
		"the sandbox cannot be made: AppArmor forbids unprivileged user namespaces (%v); allow them with `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, or grade inside the course's dev container": "无法建立沙箱：AppArmor 禁止非特权用户命名空间（%v）；可用 `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` 放开，或在课程的开发容器中评分",
		"the sandbox cannot be made: the kernel forbids unprivileged user namespaces (%v); allow them with `sudo sysctl -w kernel.unprivileged_userns_clone=1`, or grade inside the course's dev container":           "无法建立沙箱：内核禁止非特权用户命名空间（%v）；可用 `sudo sysctl -w kernel.unprivileged_userns_clone=1` 放开，或在课程的开发容器中评分",
		"the sandbox cannot be made: %v; allow unprivileged user namespaces (on Ubuntu 24.04: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`), or grade inside the course's dev container":           "无法建立沙箱：%v；请允许非特权用户命名空间（Ubuntu 24.04 上：`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`），或在课程的开发容器中评分",
		"the sandbox needs Linux namespaces, which %s does not have: grade inside the course's dev container":                                                                                                         "沙箱需要 Linux 的命名空间，而 %s 没有：请在课程的开发容器中评分",
	})
}
