/// JSON merge patch (RFC 7386): objects merge recursively, `null` removes a member, anything else replaces.
enum KubernetesMergePatch {
    static func apply(_ patch: KubernetesJSON, to target: KubernetesJSON) -> KubernetesJSON {
        guard case .object(let members) = patch else { return patch }
        var result: KubernetesJSON = target.object == nil ? [:] : target
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
