package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd, args string
}

// parseDockerfile reads the instructions of a Dockerfile. Only the few
// instructions checked below matter here, so a line reader is enough: a
// full parser (moby/buildkit's) would bring a large module for it.
func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	var cur string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cur += line
		if strings.HasSuffix(cur, `\`) {
			cur = strings.TrimSuffix(cur, `\`) + " "
			continue
		}
		cmd, args, _ := strings.Cut(cur, " ")
		out = append(out, instruction{strings.ToUpper(cmd), strings.TrimSpace(args)})
		cur = ""
	}
	return out
}

// The image must stay multi-stage, minimal and non-root, with a health
// check that needs no shell, built by the script CI runs.
func TestDockerfile(t *testing.T) {
	ins := parseDockerfile(t, filepath.Join(indextest.ModuleRoot(), "Dockerfile"))
	var stages [][]instruction
	for _, in := range ins {
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) > 0 {
			stages[len(stages)-1] = append(stages[len(stages)-1], in)
		}
	}
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a build stage and a final one", len(stages))
	}
	if ins[0].cmd != "ARG" || !strings.HasPrefix(ins[0].args, "GO_VERSION=") {
		t.Errorf("first instruction = %v, want ARG GO_VERSION=… (the Go version as a build argument)", ins[0])
	}
	if !strings.Contains(stages[0][0].args, "${GO_VERSION}") {
		t.Errorf("build stage FROM %s does not use GO_VERSION", stages[0][0].args)
	}
	var buildRuns string
	for _, in := range stages[0] {
		if in.cmd == "RUN" {
			buildRuns += in.args + "\n"
		}
	}
	if !strings.Contains(buildRuns, ".ci/build") {
		t.Errorf("the build stage does not run .ci/build, the script CI also runs:\n%s", buildRuns)
	}

	final := stages[len(stages)-1]
	if from := final[0].args; from != "scratch" {
		t.Errorf("final stage FROM %s, want scratch (only the binary and the index)", from)
	}
	got := map[string][]string{}
	for _, in := range final {
		got[in.cmd] = append(got[in.cmd], in.args)
	}
	users := got["USER"]
	if len(users) == 0 {
		t.Fatal("the final stage has no USER: it would run as root")
	}
	user := users[len(users)-1]
	if uid, _, _ := strings.Cut(user, ":"); uid == "0" || uid == "root" || uid == "" {
		t.Errorf("final USER %q is root", user)
	}
	if len(got["RUN"]) > 0 {
		t.Errorf("the final stage runs %v; a scratch image has no shell", got["RUN"])
	}
	if strings.Join(got["EXPOSE"], " ") != "8080" {
		t.Errorf("EXPOSE %v, want 8080", got["EXPOSE"])
	}
	if len(got["HEALTHCHECK"]) != 1 {
		t.Fatalf("HEALTHCHECK %v, want one", got["HEALTHCHECK"])
	}
	_, cmd, ok := strings.Cut(got["HEALTHCHECK"][0], "CMD ")
	var argv []string
	if !ok || json.Unmarshal([]byte(cmd), &argv) != nil || len(argv) < 2 || argv[0] != "/archive" || argv[1] != "health" {
		t.Errorf("HEALTHCHECK %q, want the exec form [\"/archive\", \"health\"] (no shell)", got["HEALTHCHECK"][0])
	}
	for _, copy := range []string{"--from=build /out/archive /archive", "--from=build /out/index /index"} {
		found := false
		for _, c := range got["COPY"] {
			found = found || c == copy
		}
		if !found {
			t.Errorf("final stage lacks COPY %s", copy)
		}
	}
}
