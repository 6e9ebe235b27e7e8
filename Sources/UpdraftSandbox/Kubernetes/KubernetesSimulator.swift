import Foundation
public import Logging
import Synchronization

/// A stand-in for the Kubernetes API server and its cluster, for the pod-operator subset: discovery, pods
/// (create, get, list, watch, patch, delete), pod logs (incl. follow), events and namespaces, with the real
/// status codes and `Status` bodies (per the project reference kubernetes-api.md, sections 1-3 and 7).
/// ``start(configuration:port:certificateDirectory:requireClientCertificate:clock:logger:)`` serves it over HTTPS
/// on loopback with throwaway certificates (HTTPS matters: `kubectl` only sends its token over TLS); tests of the
/// API semantics may also call ``handle(_:)`` directly.
///
/// Each pod runs a scripted ``KubernetesPodBehavior`` picked by its container image (see
/// ``KubernetesPodBehavior/defaultTable``) and paced by the configured tick on the injected
/// ``KubernetesSimulatorClock``. Tests can also switch faults on (``inject(_:)``, ``cutStreams(_:)``,
/// ``compactHistory(answering:)``, ``slowDown(_:)``, ``interruptStreams()``) and rotate the token
/// (``rotateBearerToken(to:)``); the demo switches none on.
public final class KubernetesSimulator: SandboxHTTPHandler {
    /// The simulator's configuration.
    public let configuration: KubernetesSimulatorConfiguration
    let store: KubernetesStore
    let scheduler: KubernetesScheduler
    let lifecycle: KubernetesPodLifecycle
    let logger: Logger
    let faults = KubernetesFaultInjector()
    private let requestLog = Mutex<[KubernetesRequestRecord]>([])
    private let acceptedToken: Mutex<String?>

    /// Creates a simulated cluster; its kubelet starts working as soon as pods are created.
    /// - Parameters:
    ///   - configuration: Token, namespaces, behaviour table and pace.
    ///   - clock: Time source; pass a ``KubernetesManualClock`` to step the cluster by hand.
    ///   - logger: Where request handling is logged (never with credentials).
    public init(
        configuration: KubernetesSimulatorConfiguration = KubernetesSimulatorConfiguration(),
        clock: any KubernetesSimulatorClock = KubernetesSystemClock(),
        logger: Logger = Logger(label: "updraft.sandbox.kubernetes")
    ) {
        self.configuration = configuration
        self.logger = logger
        acceptedToken = Mutex(configuration.bearerToken)
        store = KubernetesStore(historyCapacity: configuration.watchHistoryCapacity, clock: clock)
        scheduler = KubernetesScheduler(clock: clock)
        lifecycle = KubernetesPodLifecycle(store: store, scheduler: scheduler, configuration: configuration)
    }

    deinit {
        scheduler.shutdown()
    }

    /// Stops the simulated kubelet: pending lifecycle steps and watch timeouts are dropped.
    public func shutdown() {
        scheduler.shutdown()
    }

    /// Every request received so far, in arrival order (method, path, query; never credentials).
    public var requests: [KubernetesRequestRecord] {
        requestLog.withLock { $0 }
    }

    /// Forgets the recorded requests (e.g. between two phases of a test).
    public func clearRequests() {
        requestLog.withLock { $0.removeAll() }
    }

    /// The current global resourceVersion.
    public var resourceVersion: Int { store.resourceVersion }

    /// How many watch and follow-log streams are open right now.
    public var openStreamCount: Int { store.openStreamCount }

    /// Every container that ended so far, in order, with its precise end time (survives the pod's deletion).
    public var terminations: [KubernetesContainerTermination] { store.terminations }

    /// Answers one API request.
    public func handle(_ request: SandboxHTTPRequest) async -> SandboxHTTPResponse {
        let receivedAt = store.clock.now()
        logger.debug("request", metadata: ["method": "\(request.method)", "path": "\(request.path)"])
        var response: SandboxHTTPResponse
        do throws(KubernetesAPIError) {
            try authenticate(request)
            if let failure = faults.takeFailure(for: request) {
                response = failure.response
            } else {
                response = try route(request)
            }
        } catch {
            logger.debug("request failed", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
            response = Self.statusResponse(error)
        }
        if let slowBody = faults.takeSlowBody(for: request) { response = slowBody.apply(to: response, scheduler: scheduler) }
        // Routing never suspends, so recording after it keeps the log in arrival order.
        let record = KubernetesRequestRecord(
            method: request.method, path: request.path,
            query: request.query.map { KubernetesRequestRecord.QueryItem(name: $0.name, value: $0.value) },
            status: response.status, receivedAt: receivedAt)
        requestLog.withLock { $0.append(record) }
        return response
    }

    /// The bearer token requests must carry now (`nil`: any request is accepted).
    public var bearerToken: String? { acceptedToken.withLock { $0 } }

    /// Replaces the accepted bearer token at once, as when a service-account token is rotated: the old one gets
    /// 401 from now on (clients must re-read their token file and retry).
    public func rotateBearerToken(to token: String) {
        acceptedToken.withLock { $0 = token }
    }

    /// Checks the bearer token or the basic credentials (health probes are open, as on a real API server).
    private func authenticate(_ request: SandboxHTTPRequest) throws(KubernetesAPIError) {
        let basic = configuration.basicAuth
        guard bearerToken != nil || basic != nil, !["/healthz", "/livez", "/readyz"].contains(request.path)
        else { return }
        let authorization = request.header("Authorization") ?? ""
        if let token = bearerToken, authorization.hasPrefix("Bearer "),
            authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces) == token
        {
            return
        }
        if let basic, authorization.hasPrefix("Basic "),
            authorization.dropFirst("Basic ".count).trimmingCharacters(in: .whitespaces) == basic.headerValue
        {
            return
        }
        throw .unauthorized
    }

    private func route(_ request: SandboxHTTPRequest) throws(KubernetesAPIError) -> SandboxHTTPResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        if let response = KubernetesDiscovery.response(for: segments, configuration: configuration, request: request) {
            return response
        }
        guard segments.count >= 3, segments[0] == "api", segments[1] == "v1" else { throw .unknownPath }
        let rest = Array(segments.dropFirst(2))
        switch rest.count {
        case 1 where rest[0] == "pods" || rest[0] == "events":
            try requireMethod(request, "GET", resource: rest[0])
            return try listOrWatch(request, resource: rest[0] == "pods" ? .pods : .events, namespace: nil)
        case 1 where rest[0] == "namespaces":
            try requireMethod(request, "GET", resource: "namespaces")
            return try listNamespaces(request)
        case 2 where rest[0] == "namespaces":
            try requireMethod(request, "GET", resource: "namespaces")
            return try getNamespace(rest[1])
        case 3 where rest[0] == "namespaces" && rest[2] == "pods":
            if request.method == "POST" { return try createPod(request, namespace: rest[1]) }
            try requireMethod(request, "GET", resource: "pods")
            return try listOrWatch(request, resource: .pods, namespace: rest[1])
        case 3 where rest[0] == "namespaces" && rest[2] == "events":
            try requireMethod(request, "GET", resource: "events")
            return try listOrWatch(request, resource: .events, namespace: rest[1])
        case 4 where rest[0] == "namespaces" && rest[2] == "pods":
            switch request.method {
            case "GET": return try getPod(request, namespace: rest[1], name: rest[3])
            case "DELETE": return try deletePod(request, namespace: rest[1], name: rest[3])
            case "PATCH": return try patchPod(request, namespace: rest[1], name: rest[3])
            default: throw .methodNotAllowed(request.method, "pods")
            }
        case 5 where rest[0] == "namespaces" && rest[2] == "pods" && rest[4] == "log":
            try requireMethod(request, "GET", resource: "pods/log")
            return try podLog(request, namespace: rest[1], name: rest[3])
        default:
            throw .unknownPath
        }
    }

    private func requireMethod(_ request: SandboxHTTPRequest, _ method: String, resource: String)
        throws(KubernetesAPIError)
    {
        guard request.method == method else { throw .methodNotAllowed(request.method, resource) }
    }

    /// A JSON response.
    static func jsonResponse(_ status: Int, _ value: SandboxJSON) -> SandboxHTTPResponse {
        SandboxHTTPResponse(
            status: status, headers: [("Content-Type", "application/json")], body: .bytes(value.encoded()))
    }

    /// The `Status` response for a failed call.
    static func statusResponse(_ error: KubernetesAPIError) -> SandboxHTTPResponse {
        jsonResponse(error.code, error.status)
    }
}
