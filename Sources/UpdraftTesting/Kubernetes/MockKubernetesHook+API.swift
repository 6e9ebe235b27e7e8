import Foundation
import UpdraftKubernetes

// What the mock answers as the API server would.
extension MockKubernetesHook {
    /// Whether `labels` satisfy one term of a label selector (`a=b`, `a!=b`, `a`, `!a`).
    static func matches(_ term: String, labels: [String: String]) -> Bool {
        if let range = term.range(of: "!=") {
            return labels[String(term[..<range.lowerBound])] != String(term[range.upperBound...])
        }
        if let range = term.range(of: "=") {
            return labels[String(term[..<range.lowerBound])] == String(term[range.upperBound...])
        }
        if term.hasPrefix("!") { return labels[String(term.dropFirst())] == nil }
        return labels[term] != nil
    }

    /// The API's 404 for pod `name`.
    static func notFound(_ name: String) -> KubernetesAPIError {
        KubernetesAPIError(statusCode: 404, reason: "NotFound", message: "pods \"\(name)\" not found", request: "pods/\(name)")
    }
}
