//go:build tools

// Package tools pins the kube-apiserver command so `go mod tidy` keeps its
// dependencies; nothing here is compiled into a program of this project.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
