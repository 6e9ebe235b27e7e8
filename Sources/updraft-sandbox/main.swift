import UpdraftSandbox

print("updraft-sandbox would listen on \(SandboxDefaults.host)")
