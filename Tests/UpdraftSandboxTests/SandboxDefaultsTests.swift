import Testing
import UpdraftSandbox

@Test func bindsToLoopbackOnly() {
    #expect(SandboxDefaults.host == "127.0.0.1")
}
