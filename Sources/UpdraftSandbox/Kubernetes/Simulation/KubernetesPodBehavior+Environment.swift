extension KubernetesPodBehavior {
    /// The behaviour with `$(NAME)` references in its printed lines and messages replaced by the container's
    /// `env` values, with Kubernetes' own rules for `command`/`args`: `$$(NAME)` stays a literal `$(NAME)` and an
    /// unknown name is left as written. This lets a test have a pod print, say, a secret it was given.
    func expandingEnvironment(_ environment: [String: String]) -> KubernetesPodBehavior {
        guard !environment.isEmpty else { return self }
        let expand = { (text: String) in Self.expand(text, environment) }
        return switch self {
        case .succeed(let lines): .succeed(lines: lines.map(expand))
        case .succeedSlowly(let lines, let everyTicks): .succeedSlowly(lines: lines.map(expand), everyTicks: everyTicks)
        case .fail(let lines, let exitCode, let message):
            .fail(lines: lines.map(expand), exitCode: exitCode, terminationMessage: expand(message))
        case .runUntilDeleted(let line, let everyTicks): .runUntilDeleted(line: expand(line), everyTicks: everyTicks)
        case .runIgnoringTermination(let line, let everyTicks):
            .runIgnoringTermination(line: expand(line), everyTicks: everyTicks)
        case .imagePullFailure, .createContainerConfigError, .unschedulable: self
        }
    }

    /// The container's plain `env` entries (`valueFrom` ones cannot be resolved by the simulator and are skipped).
    static func environment(of container: SandboxJSON) -> [String: String] {
        var environment: [String: String] = [:]
        for entry in container["env"]?.array ?? [] {
            if let name = entry["name"]?.string, let value = entry["value"]?.string { environment[name] = value }
        }
        return environment
    }

    private static func expand(_ text: String, _ environment: [String: String]) -> String {
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("$(") {
                result += "$("  // escaped reference: literal
                rest = after.dropFirst(2)
            } else if after.hasPrefix("("), let close = after.firstIndex(of: ")"),
                let value = environment[String(after[after.index(after: after.startIndex)..<close])]
            {
                result += value
                rest = after[after.index(after: close)...]
            } else {
                result += "$"
                rest = after
            }
        }
        return result + rest
    }
}
