package agent_test

import (
	"testing"

	"example.com/t2owner/agent"
)

// TestServeExternal calls Serve from the package's external test package,
// which imports the test variant of agent.
func TestServeExternal(t *testing.T) {
	a := &agent.AgentServer{}
	sock, err := a.Serve("")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := agent.Client(sock)
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}
