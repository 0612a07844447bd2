//go:build tools

// Package tools pins the OpenTofu release `npm run providers` builds when no terraform
// of at least 1.7 is on PATH; see tools/providers/build.ts.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
