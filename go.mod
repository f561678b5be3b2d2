module forkroom

go 1.22

require (
	github.com/fatih/color v1.18.0
	github.com/stretchr/testify v1.12.1
	golang.org/x/net v0.35.0
	golang.org/x/sys v0.30.0
	golang.org/x/term v0.29.0
	golang.org/x/text v0.22.0
)

require (
	github.com/mattn/go-colorable v0.1.13 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
