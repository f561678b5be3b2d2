package grade

import "fmt"

var fmtSscan = fmt.Sscan
