import Foundation

/// `PodLogOptions` from the query of `GET …/pods/{name}/log`, validated as the API server does
/// (kubernetes-api.md §1.6).
struct KubernetesLogOptions: Sendable {
    var container: String?
    var follow = false
    var previous = false
    var timestamps = false
    var sinceSeconds: Int?
    var sinceTime: Date?
    var tailLines: Int?
    var limitBytes: Int?

    /// Reads and validates the options; 400 for unreadable values, 422 (kind `PodLogOptions`) for invalid ones.
    init(podName: String, query: (String) -> String?) throws(KubernetesAPIError) {
        container = query("container").flatMap { $0.isEmpty ? nil : $0 }
        follow = query("follow").map(KubernetesQuery.isTrue) ?? false
        previous = query("previous").map(KubernetesQuery.isTrue) ?? false
        timestamps = query("timestamps").map(KubernetesQuery.isTrue) ?? false
        sinceSeconds = try Self.integer("sinceSeconds", query)
        tailLines = try Self.integer("tailLines", query)
        limitBytes = try Self.integer("limitBytes", query)
        if let text = query("sinceTime") {
            guard let date = KubernetesTime.parse(text) else {
                throw .badRequest("parsing time \"\(text)\" as \"2006-01-02T15:04:05Z07:00\": cannot parse")
            }
            // The API server forwards sinceTime to the kubelet as RFC 3339 without fractions: whole seconds only,
            // so a client resuming from its last timestamp sees that second's lines again and must skip them itself.
            sinceTime = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        }
        var causes: [KubernetesAPIError.Cause] = []
        if let tailLines, tailLines < 0 {
            causes.append(
                .init(
                    reason: "FieldValueInvalid",
                    message: "Invalid value: \(tailLines): must be greater than or equal to 0", field: "tailLines"))
        }
        if let limitBytes, limitBytes < 1 {
            causes.append(
                .init(
                    reason: "FieldValueInvalid", message: "Invalid value: \(limitBytes): must be greater than 0",
                    field: "limitBytes"))
        }
        if sinceSeconds != nil && sinceTime != nil {
            causes.append(
                .init(
                    reason: "FieldValueForbidden",
                    message: "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified", field: ""))
        }
        if let sinceSeconds, sinceSeconds < 1 {
            causes.append(
                .init(
                    reason: "FieldValueInvalid", message: "Invalid value: \(sinceSeconds): must be greater than 0",
                    field: "sinceSeconds"))
        }
        if !causes.isEmpty { throw .invalid(kind: "PodLogOptions", name: podName, causes: causes) }
    }

    /// The lines these options select, formatted (timestamps prefix, newline) and cut to `limitBytes`.
    func render(_ lines: [KubernetesPodRuntime.LogLine], now: Date) -> [UInt8] {
        var selected = lines[...]
        let since = sinceTime ?? sinceSeconds.map { now.addingTimeInterval(-Double($0)) }
        if let since { selected = selected.drop { $0.time < since } }
        if let tailLines { selected = selected.suffix(tailLines) }
        let bytes = selected.flatMap { format($0) }
        return limitBytes.map { Array(bytes.prefix($0)) } ?? bytes
    }

    /// One line as the kubelet writes it: optional `RFC3339NanoFixed` timestamp and a space, text, newline.
    func format(_ line: KubernetesPodRuntime.LogLine) -> [UInt8] {
        Self.format(line, timestamps: timestamps)
    }

    /// One line as the kubelet writes it, with or without the timestamp prefix.
    static func format(_ line: KubernetesPodRuntime.LogLine, timestamps: Bool) -> [UInt8] {
        Array(((timestamps ? KubernetesTime.nano(line.time) + " " : "") + line.text + "\n").utf8)
    }

    private static func integer(_ name: String, _ query: (String) -> String?) throws(KubernetesAPIError) -> Int? {
        guard let text = query(name) else { return nil }
        guard let value = Int(text) else { throw .badRequest("invalid value \"\(text)\" for \(name): not an integer") }
        return value
    }
}

/// Query-string conventions of the API server.
enum KubernetesQuery {
    /// Boolean parameters: `false`/`0` (any case) are false, anything else, even empty, is true.
    static func isTrue(_ value: String) -> Bool {
        !["false", "0"].contains(value.lowercased())
    }
}
