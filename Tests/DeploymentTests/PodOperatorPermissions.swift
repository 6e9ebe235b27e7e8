import Foundation

/// The RBAC permissions `KubernetesPodOperator` needs: one per call of `KubernetesHook`, the protocol through which
/// the operator reaches the API server (`CurlKubernetesHook` makes the HTTP requests named here).
enum PodOperatorPermissions {
    struct Permission: Hashable, Comparable, CustomStringConvertible {
        var resource: String
        var verb: String
        static func < (a: Self, b: Self) -> Bool { (a.resource, a.verb) < (b.resource, b.verb) }
        var description: String { "\(resource):\(verb)" }
    }

    /// Each requirement of `KubernetesHook` and the permission its request needs.
    static let byHookCall: [String: Permission] = [
        "createPod": Permission(resource: "pods", verb: "create"),  // POST …/pods
        "readPod": Permission(resource: "pods", verb: "get"),  // GET …/pods/{name}
        "listPods": Permission(resource: "pods", verb: "list"),  // GET …/pods?labelSelector=…
        "watchPod": Permission(resource: "pods", verb: "watch"),  // GET …/pods?watch=true&fieldSelector=…
        "deletePod": Permission(resource: "pods", verb: "delete"),  // DELETE …/pods/{name}
        "labelPod": Permission(resource: "pods", verb: "patch"),  // PATCH …/pods/{name} (merge patch of labels)
        "podLogs": Permission(resource: "pods/log", verb: "get"),  // GET …/pods/{name}/log
        "listEvents": Permission(resource: "events", verb: "list"),  // GET …/events?fieldSelector=involvedObject…
    ]

    static var all: Set<Permission> { Set(byHookCall.values) }

    /// The requirements `KubernetesHook` declares, read from its source: a call added there without a permission
    /// here makes the test fail instead of a pod operator failing with 403 in production.
    static func hookRequirements(inSource source: String) -> Set<String> {
        guard let start = source.range(of: "public protocol KubernetesHook"),
            let end = source.range(of: "\n}", range: start.upperBound..<source.endIndex)
        else { return [] }
        let body = source[start.upperBound..<end.lowerBound]
        var names: Set<String> = []
        for line in body.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("func ") else { continue }
            names.insert(String(trimmed.dropFirst(5).prefix { $0.isLetter || $0.isNumber }))
        }
        return names
    }
}
