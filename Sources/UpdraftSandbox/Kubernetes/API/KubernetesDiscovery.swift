/// Discovery documents: `/version`, `/api`, `/apis`, `/api/v1`, and the health probes (kubernetes-api.md §7).
enum KubernetesDiscovery {
    /// The response for a discovery or health path, or `nil` for any other path.
    static func response(
        for segments: [String], configuration: KubernetesSimulatorConfiguration, request: SandboxHTTPRequest
    ) -> SandboxHTTPResponse? {
        guard request.method == "GET" else { return nil }
        switch segments {
        case ["healthz"], ["livez"], ["readyz"]:
            return SandboxHTTPResponse(
                status: 200, headers: [("Content-Type", "text/plain")], body: .bytes(Array("ok".utf8)))
        case ["version"]:
            return KubernetesSimulator.jsonResponse(200, version(configuration.kubernetesVersion))
        case ["api"]:
            let address = request.header("Host") ?? "127.0.0.1"
            return KubernetesSimulator.jsonResponse(
                200,
                [
                    "kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(address)]],
                ])
        case ["apis"]:
            return KubernetesSimulator.jsonResponse(200, ["kind": "APIGroupList", "apiVersion": "v1", "groups": []])
        case ["api", "v1"]:
            return KubernetesSimulator.jsonResponse(200, coreResources)
        case ["openapi", "v3"]:
            return KubernetesSimulator.jsonResponse(
                200, ["paths": ["api/v1": ["serverRelativeURL": .string("/openapi/v3/api/v1?hash=" + openAPIHash)]]])
        case ["openapi", "v3", "api", "v1"]:
            return KubernetesSimulator.jsonResponse(200, openAPICore)
        default:
            return nil
        }
    }

    private static let openAPIHash = "0D1A5E7C0FFEE0000000000000000000000000000000000000000000000000000"

    /// A minimal OpenAPI v3 document for `api/v1`: no schemas, only the pod operations and their `fieldValidation`
    /// parameter. kubectl (≥ 1.27) reads it to learn that the server validates fields itself, so `kubectl create -f`
    /// sends `?fieldValidation=Strict` instead of downloading schemas for client-side validation.
    private static let openAPICore: SandboxJSON = {
        let gvk: SandboxJSON = ["group": "", "version": "v1", "kind": "Pod"]
        let fieldValidation: SandboxJSON = [
            "name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true],
        ]
        let operation = { (action: String) -> SandboxJSON in
            [
                "x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": .string(action),
                "parameters": [fieldValidation], "responses": ["200": ["description": "OK"]],
            ]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.4"],
            "paths": [
                "/api/v1/namespaces/{namespace}/pods": ["post": operation("post")],
                "/api/v1/namespaces/{namespace}/pods/{name}": ["patch": operation("patch")],
            ],
            "components": ["schemas": [:]],
        ]
    }()

    private static func version(_ gitVersion: String) -> SandboxJSON {
        let numbers = gitVersion.drop { $0 == "v" }.split(separator: ".")
        return [
            "major": .string(numbers.first.map(String.init) ?? "1"),
            "minor": .string(numbers.dropFirst().first.map(String.init) ?? "32"),
            "gitVersion": .string(gitVersion), "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean", "buildDate": "2024-01-01T00:00:00Z", "goVersion": "go1.23.6", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }

    /// The `APIResourceList` of the core group, limited to what the simulator serves.
    private static let coreResources: SandboxJSON = [
        "kind": "APIResourceList", "groupVersion": "v1",
        "resources": [
            [
                "name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
                "verbs": ["create", "delete", "get", "list", "patch", "watch"], "shortNames": ["po"],
                "categories": ["all"],
            ],
            ["name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]],
            [
                "name": "events", "singularName": "event", "namespaced": true, "kind": "Event",
                "verbs": ["get", "list", "watch"], "shortNames": ["ev"],
            ],
            [
                "name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace",
                "verbs": ["get", "list"], "shortNames": ["ns"],
            ],
        ],
    ]
}
