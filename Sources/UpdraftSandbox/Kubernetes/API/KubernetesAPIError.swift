/// A failed API call, rendered as the Kubernetes `Status` object the real API server sends
/// (kubernetes-api.md §3: kind, apiVersion, status Failure, message, reason, details, code).
struct KubernetesAPIError: Error, Sendable {
    /// One entry of `details.causes` (field validation failures).
    struct Cause: Sendable {
        var reason: String
        var message: String
        var field: String
    }

    var code: Int
    var reason: String
    var message: String
    var detailsName: String?
    var detailsKind: String?
    var causes: [Cause] = []
    /// Renders `details: {}` even when empty (the API server does so for unknown paths).
    var includesEmptyDetails = false

    /// The `Status` object.
    var status: SandboxJSON {
        var details: SandboxJSON? = nil
        if detailsName != nil || detailsKind != nil || !causes.isEmpty || includesEmptyDetails {
            var value: SandboxJSON = [:]
            if let detailsName { value["name"] = .string(detailsName) }
            if let detailsKind { value["kind"] = .string(detailsKind) }
            if !causes.isEmpty {
                value["causes"] = .array(
                    causes.map {
                        ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]
                    })
            }
            details = value
        }
        var status: SandboxJSON = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        status["details"] = details
        return status
    }

    /// `pods "NAME" not found`.
    static func notFound(_ resource: String, _ name: String) -> KubernetesAPIError {
        KubernetesAPIError(
            code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found", detailsName: name,
            detailsKind: resource)
    }

    /// The answer for paths the simulator does not serve.
    static let unknownPath = KubernetesAPIError(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource",
        includesEmptyDetails: true)

    /// `pods "NAME" already exists`.
    static func alreadyExists(_ resource: String, _ name: String) -> KubernetesAPIError {
        KubernetesAPIError(
            code: 409, reason: "AlreadyExists", message: "\(resource) \"\(name)\" already exists", detailsName: name,
            detailsKind: resource)
    }

    /// A free-text 400.
    static func badRequest(_ message: String) -> KubernetesAPIError {
        KubernetesAPIError(code: 400, reason: "BadRequest", message: message)
    }

    /// The 401 every request without the configured bearer token gets.
    static let unauthorized = KubernetesAPIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    /// `VERB is not supported on resources of kind "pods"`.
    static func methodNotAllowed(_ method: String, _ resource: String) -> KubernetesAPIError {
        KubernetesAPIError(
            code: 405, reason: "MethodNotAllowed",
            message: "\(method) is not supported on resources of kind \"\(resource)\"")
    }

    /// 415 for a request body in a format the simulator does not read.
    static func unsupportedMediaType(_ accepted: [String]) -> KubernetesAPIError {
        KubernetesAPIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + accepted.joined(separator: ", "))
    }

    /// 422 `Kind "NAME" is invalid: f1: E1` (or `[f1: E1, f2: E2]` for several), with one cause per field.
    static func invalid(kind: String, name: String, causes: [Cause]) -> KubernetesAPIError {
        let rendered = causes.map { "\($0.field): \($0.message)" }
        let summary = rendered.count == 1 ? rendered[0] : "[" + rendered.joined(separator: ", ") + "]"
        return KubernetesAPIError(
            code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(summary)", detailsName: name,
            detailsKind: kind, causes: causes)
    }

    /// The Status carried by a watch ERROR event when the requested resourceVersion was compacted away.
    static func expired(requested: Int, oldest: Int) -> KubernetesAPIError {
        KubernetesAPIError(
            code: 410, reason: "Expired", message: "too old resource version: \(requested) (\(oldest))")
    }
}
