import Foundation

/// A parsed `fieldSelector` query: comma-separated `field=value`, `field==value` or `field!=value` terms over the
/// fields the API server indexes for the resource (kubernetes-api.md §1.3, §1.8).
struct KubernetesFieldSelector: Sendable {
    /// One term of the selector.
    struct Term: Sendable {
        var field: String
        var value: String
        var negated: Bool
    }

    /// Pod fields the API server accepts in a field selector, with where each lives in the object.
    static let podFields: [String: [String]] = [
        "metadata.name": ["metadata", "name"], "metadata.namespace": ["metadata", "namespace"],
        "spec.nodeName": ["spec", "nodeName"], "spec.restartPolicy": ["spec", "restartPolicy"],
        "spec.schedulerName": ["spec", "schedulerName"], "spec.serviceAccountName": ["spec", "serviceAccountName"],
        "spec.hostNetwork": ["spec", "hostNetwork"], "status.phase": ["status", "phase"],
        "status.podIP": ["status", "podIP"], "status.nominatedNodeName": ["status", "nominatedNodeName"],
    ]

    /// Event fields the API server accepts in a field selector.
    static let eventFields: [String: [String]] = [
        "metadata.name": ["metadata", "name"], "metadata.namespace": ["metadata", "namespace"],
        "involvedObject.kind": ["involvedObject", "kind"], "involvedObject.namespace": ["involvedObject", "namespace"],
        "involvedObject.name": ["involvedObject", "name"], "involvedObject.uid": ["involvedObject", "uid"],
        "involvedObject.apiVersion": ["involvedObject", "apiVersion"],
        "involvedObject.resourceVersion": ["involvedObject", "resourceVersion"],
        "involvedObject.fieldPath": ["involvedObject", "fieldPath"], "reason": ["reason"],
        "reportingComponent": ["reportingComponent"], "source": ["source", "component"], "type": ["type"],
    ]

    /// Field selector support of namespaces.
    static let namespaceFields: [String: [String]] = [
        "metadata.name": ["metadata", "name"], "status.phase": ["status", "phase"],
    ]

    let terms: [Term]
    private let paths: [String: [String]]

    /// Parses `text` against the fields `paths` supports; 400 `field label not supported: X` otherwise.
    init(parsing text: String, supported paths: [String: [String]]) throws(KubernetesAPIError) {
        self.paths = paths
        var terms: [Term] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let term: Term
            if let range = part.range(of: "!=") {
                term = Term(
                    field: String(part[..<range.lowerBound]), value: String(part[range.upperBound...]), negated: true)
            } else if let range = part.range(of: "==") ?? part.range(of: "=") {
                term = Term(
                    field: String(part[..<range.lowerBound]), value: String(part[range.upperBound...]), negated: false)
            } else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(part)'")
            }
            guard paths[term.field] != nil else { throw .badRequest("field label not supported: \(term.field)") }
            terms.append(term)
        }
        self.terms = terms
    }

    /// The value `metadata.name` must equal, when the selector pins one (used to name watch targets).
    var pinnedName: String? {
        terms.first { $0.field == "metadata.name" && !$0.negated }?.value
    }

    /// Whether the object satisfies every term (a missing field reads as the empty string).
    func matches(_ object: SandboxJSON) -> Bool {
        terms.allSatisfy { term in
            var value: SandboxJSON? = object
            for key in paths[term.field] ?? [] { value = value?[key] }
            let text: String =
                switch value {
                case .string(let string): string
                case .bool(let bool): bool ? "true" : "false"
                case .int(let int): String(int)
                default: ""
                }
            return (text == term.value) != term.negated
        }
    }
}
