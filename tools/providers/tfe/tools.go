//go:build tools

// Package tools pins the provider release this wrapper module builds; see ../README.md.
package tools

import _ "github.com/hashicorp/terraform-provider-tfe"
