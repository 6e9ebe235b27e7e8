/// JSON merge patch (RFC 7386): objects merge recursively, `null` removes a member, anything else replaces.
enum KubernetesMergePatch {
    static func apply(_ patch: SandboxJSON, to target: SandboxJSON) -> SandboxJSON {
        guard case .object(let members) = patch else { return patch }
        var result: SandboxJSON = target.object == nil ? [:] : target
        for (key, value) in members {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return result
    }
}
