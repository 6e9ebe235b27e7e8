import Foundation

extension KubernetesSimulator {
    /// Server-chosen watch duration when the client sends no `timeoutSeconds` (the API server picks 30–60 min).
    static let defaultWatchSeconds = 1800

    /// `GET` on a collection: a list (`limit`/`continue` honoured), or a watch stream with `watch=true`.
    func listOrWatch(_ request: SandboxHTTPRequest, resource: KubernetesStore.Resource, namespace: String?)
        throws(KubernetesAPIError) -> SandboxHTTPResponse
    {
        let labels = try KubernetesLabelSelector(parsing: request.queryValue("labelSelector") ?? "")
        let fields = try KubernetesFieldSelector(
            parsing: request.queryValue("fieldSelector") ?? "",
            supported: resource == .pods ? KubernetesFieldSelector.podFields : KubernetesFieldSelector.eventFields)
        if request.queryValue("watch").map(KubernetesQuery.isTrue) ?? false {
            return try watch(request, resource: resource, namespace: namespace, labels: labels, fields: fields)
        }
        let (items, version) = store.list(resource, namespace: namespace, labels: labels, fields: fields)
        if KubernetesTable.isRequested(request) {
            return Self.jsonResponse(
                200, KubernetesTable.table(items, kind: resource.kind, resourceVersion: version, now: store.clock.now())
            )
        }
        return Self.jsonResponse(
            200, try Self.page(items, kind: resource.kind + "List", resourceVersion: version, request: request))
    }

    /// `GET /api/v1/namespaces`.
    func listNamespaces(_ request: SandboxHTTPRequest) throws(KubernetesAPIError) -> SandboxHTTPResponse {
        let fields = try KubernetesFieldSelector(
            parsing: request.queryValue("fieldSelector") ?? "", supported: KubernetesFieldSelector.namespaceFields)
        let items = configuration.namespaces.sorted().map(namespaceObject).filter(fields.matches)
        if KubernetesTable.isRequested(request) {
            return Self.jsonResponse(
                200, KubernetesTable.table(items, kind: "Namespace", resourceVersion: 1, now: store.clock.now()))
        }
        return Self.jsonResponse(
            200, try Self.page(items, kind: "NamespaceList", resourceVersion: store.resourceVersion, request: request))
    }

    /// `GET /api/v1/namespaces/{ns}`.
    func getNamespace(_ name: String) throws(KubernetesAPIError) -> SandboxHTTPResponse {
        guard configuration.namespaces.contains(name) else { throw .notFound("namespaces", name) }
        return Self.jsonResponse(200, namespaceObject(name))
    }

    private func namespaceObject(_ name: String) -> SandboxJSON {
        [
            "kind": "Namespace", "apiVersion": "v1",
            "metadata": [
                "name": .string(name), "uid": .string(UUID(namespace: name).uuidString.lowercased()),
                "resourceVersion": "1", "creationTimestamp": "2024-01-01T00:00:00Z",
                "labels": ["kubernetes.io/metadata.name": .string(name)],
            ],
            "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
        ]
    }

    private func watch(
        _ request: SandboxHTTPRequest, resource: KubernetesStore.Resource, namespace: String?,
        labels: KubernetesLabelSelector, fields: KubernetesFieldSelector
    ) throws(KubernetesAPIError) -> SandboxHTTPResponse {
        var since: Int?
        if let text = request.queryValue("resourceVersion"), !text.isEmpty, text != "0" {
            guard let value = Int(text) else {
                throw .badRequest("resourceVersion: Invalid value: \"\(text)\": must be a number")
            }
            since = value
            if faults.watchExpiry == .httpStatus, let expired = store.expiredWatch(from: value) { throw expired }
        }
        var seconds = Self.defaultWatchSeconds
        if let text = request.queryValue("timeoutSeconds") {
            guard let value = Int(text), value >= 0 else { throw .badRequest("invalid timeoutSeconds \"\(text)\"") }
            if value > 0 { seconds = value }
        }
        let watchRequest = KubernetesStore.WatchRequest(
            resource: resource, namespace: namespace, labels: labels, fields: fields, resourceVersion: since,
            sendsBookmarks: request.queryValue("allowWatchBookmarks").map(KubernetesQuery.isTrue) ?? false,
            marksInitialEventsEnd: request.queryValue("sendInitialEvents").map(KubernetesQuery.isTrue) ?? false,
            rendersTable: KubernetesTable.isRequested(request))
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let cut = SandboxStreamCut()
        if let id = store.openWatch(watchRequest, continuation: continuation, cut: cut) {
            let store = store
            KubernetesStore.remove(whenFinished: continuation) { store.removeWatcher(id) }
            scheduler.schedule(after: .seconds(seconds)) { store.closeWatch(id) }
        }
        var response = SandboxHTTPResponse(
            status: 200, headers: [("Content-Type", "application/json")], body: .stream(stream))
        response.cut = cut
        return response
    }

    /// A `…List` object, cut to `limit` items with an opaque `continue` token for the rest.
    private static func page(
        _ items: [SandboxJSON], kind: String, resourceVersion: Int, request: SandboxHTTPRequest
    ) throws(KubernetesAPIError) -> SandboxJSON {
        var offset = 0
        if let token = request.queryValue("continue"), !token.isEmpty {
            guard let data = Data(base64Encoded: token), let value = Int(String(decoding: data, as: UTF8.self)) else {
                throw .badRequest("continue key is not valid: illegal base64 data")
            }
            offset = value
        }
        var metadata: SandboxJSON = ["resourceVersion": .string(String(resourceVersion))]
        var selected = Array(items.dropFirst(offset))
        if let limit = request.queryValue("limit").flatMap({ Int($0) }), limit > 0, selected.count > limit {
            metadata["continue"] = .string(Data(String(offset + limit).utf8).base64EncodedString())
            metadata["remainingItemCount"] = .int(selected.count - limit)
            selected = Array(selected.prefix(limit))
        }
        return ["kind": .string(kind), "apiVersion": "v1", "metadata": metadata, "items": .array(selected)]
    }
}

extension UUID {
    /// A stable UUID derived from a name, so a namespace keeps its uid across requests.
    init(namespace name: String) {
        var bytes = [UInt8](repeating: 0, count: 16)
        for (index, byte) in name.utf8.enumerated() { bytes[index % 16] = bytes[index % 16] &* 31 &+ byte }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        self.init(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
