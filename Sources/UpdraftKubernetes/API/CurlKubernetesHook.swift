import Foundation
public import Updraft
public import UpdraftCurl

/// The live ``KubernetesHook``: the Kubernetes REST API over libcurl (`CurlClient`), authenticated per its
/// ``ClusterConfiguration``, with retries of 429/5xx on the run's clock and one re-authentication after a 401.
public struct CurlKubernetesHook: KubernetesHook {
    /// The cluster this hook talks to.
    public let configuration: ClusterConfiguration
    /// The retry policy.
    public let retryPolicy: KubernetesRetryPolicy
    let client: CurlClient
    let clock: any UpdraftClock
    let authenticator: KubernetesAuthenticator

    /// Creates a hook.
    /// - Parameters:
    ///   - configuration: Server, TLS, proxy and credentials.
    ///   - clock: The clock retry delays wait on (the task's `context.clock`).
    ///   - masker: Receives tokens the hook learns (token files, exec plugins), so they never reach a log.
    ///   - retryPolicy: How 429 and 5xx answers are retried.
    ///   - client: The libcurl client.
    public init(configuration: ClusterConfiguration, clock: any UpdraftClock = SystemClock(),
                masker: SecretMasker? = nil, retryPolicy: KubernetesRetryPolicy = KubernetesRetryPolicy(),
                client: CurlClient = .shared) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        self.client = client
        self.clock = clock
        self.authenticator = KubernetesAuthenticator(
            credentials: configuration.credentials, tls: configuration.tls, masker: masker,
            execTimeout: configuration.execPluginTimeout, clock: clock)
    }

    public var defaultNamespace: String? { configuration.namespace }

    public func createPod(_ pod: Pod, namespace: String) async throws -> Pod {
        try await decode(Pod.self, try await send(.post, podsPath(namespace), body: try Self.encoder.encode(pod)))
    }

    public func readPod(name: String, namespace: String) async throws -> Pod {
        try await decode(Pod.self, try await send(.get, podsPath(namespace, name)))
    }

    public func listPods(namespace: String, labelSelector: String, fieldSelector: String?) async throws -> PodList {
        var query = [("labelSelector", labelSelector)]
        if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
        return try await decode(PodList.self, try await send(.get, podsPath(namespace), query: query))
    }

    @discardableResult
    public func deletePod(name: String, namespace: String, gracePeriodSeconds: Int?) async throws -> Pod? {
        var options: [String: Int] = [:]
        options["gracePeriodSeconds"] = gracePeriodSeconds
        let body = try JSONSerialization.data(withJSONObject: options, options: [.sortedKeys])
        let response: HTTPResponse
        do {
            response = try await send(.delete, podsPath(namespace, name), body: body)
        } catch let error as KubernetesAPIError where error.isNotFound {
            return nil
        }
        // The API answers with the pod (marked for deletion); a `Status` means it is gone already.
        guard let pod = try? JSONDecoder().decode(Pod.self, from: Data(response.body)), pod.kind != "Status" else {
            return Pod(metadata: ObjectMeta(name: name, namespace: namespace))
        }
        return pod
    }

    @discardableResult
    public func labelPod(name: String, namespace: String, labels: [String: String]) async throws -> Pod {
        let body = try Self.encoder.encode(["metadata": ["labels": labels]])
        return try await decode(
            Pod.self, try await send(.patch, podsPath(namespace, name), body: body,
                                     contentType: "application/merge-patch+json"))
    }

    public func listEvents(podName: String, namespace: String) async throws -> [KubernetesEvent] {
        let path = "/api/v1/namespaces/\(Self.escape(namespace))/events"
        let response = try await send(.get, path, query: [("fieldSelector", "involvedObject.name=\(podName)")])
        return try await decode(KubernetesEventList.self, response).items
    }

    public func watchPod(name: String, namespace: String, resourceVersion: String?) async throws
        -> AsyncThrowingStream<PodWatchEvent, any Error>
    {
        var query = [("watch", "true"), ("fieldSelector", "metadata.name=\(name)"), ("timeoutSeconds", "290")]
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        let request = "GET \(podsPath(namespace)) (watch of \(name))"
        let lines = try await openLines(podsPath(namespace), query: query, request: request, endsMidLineAsCut: true)
        let iterator = PullIterator(lines.makeAsyncIterator())
        return AsyncThrowingStream {
            while let line = try await iterator.next() {
                if !line.isEmpty { return try WatchLine.decode(line, request: request) }
            }
            return nil
        }
    }

    public func podLogs(name: String, namespace: String, options: PodLogOptions) async throws
        -> AsyncThrowingStream<String, any Error>
    {
        var query = [("container", options.container)]
        if options.follow { query.append(("follow", "true")) }
        if options.timestamps { query.append(("timestamps", "true")) }
        if let sinceTime = options.sinceTime { query.append(("sinceTime", sinceTime)) }
        if let tailLines = options.tailLines { query.append(("tailLines", String(tailLines))) }
        let path = podsPath(namespace, name) + "/log"
        let lines = try await openLines(path, query: query, request: "GET \(path)", endsMidLineAsCut: false)
        let iterator = PullIterator(lines.makeAsyncIterator())
        return AsyncThrowingStream { try await iterator.next() }
    }

    // MARK: Requests

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private func podsPath(_ namespace: String, _ name: String? = nil) -> String {
        "/api/v1/namespaces/\(Self.escape(namespace))/pods" + (name.map { "/\(Self.escape($0))" } ?? "")
    }

    /// Sends a request with retries and re-authentication; returns a 2xx response.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
              contentType: String = "application/json") async throws
        -> HTTPResponse
    {
        try await withRetries(method, path) { request in
            var request = request
            request.body = body.map(Array.init)
            if body != nil { request.headers.replaceOrAdd(name: "Content-Type", value: contentType) }
            request.timeouts = Timeouts(connect: .seconds(10), request: .seconds(60))
            let response = try await client.execute(request)
            return (response.status, response.headers, response.body, response)
        } build: { buildRequest(method, path, query: query) }
    }

    /// Opens a streaming GET (with the same retries before the head arrives) and splits its body into lines.
    private func openLines(_ path: String, query: [(String, String)], request description: String,
                           endsMidLineAsCut: Bool) async throws -> HTTPLineSequence
    {
        let response: HTTPStreamingResponse = try await withRetries(.get, path) { request in
            var request = request
            // A stream is usually abandoned mid-response (the watch outlives the pod's end); its connection must
            // never go back to the pool, where the next request would queue behind the unfinished response.
            request.headers.replaceOrAdd(name: "Connection", value: "close")
            request.timeouts = Timeouts(
                connect: .seconds(10), lowSpeed: .init(bytesPerSecond: 1, duration: .seconds(330)))
            let response = try await client.stream(request)
            guard (200...299).contains(response.status) else {
                var body: [UInt8] = []
                for try await chunk in response.body {
                    body += chunk
                    if body.count > 4096 { break }
                }
                return (response.status, response.headers, body, nil)
            }
            return (response.status, response.headers, [], response)
        } build: { buildRequest(.get, path, query: query) }
        return HTTPLineSequence(body: response.body, request: description, endsMidLineAsCut: endsMidLineAsCut)
    }

    private func buildRequest(_ method: HTTPMethod, _ path: String, query: [(String, String)]) -> HTTPRequest {
        var url = configuration.server + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
        }
        return HTTPRequest(method: method, url: url, headers: ["Accept": "application/json"],
                           proxy: configuration.proxy)
    }

    /// Runs `attempt` until it gives a 2xx answer, retrying per policy; 401 re-authenticates once.
    private func withRetries<R: Sendable>(
        _ method: HTTPMethod, _ path: String,
        _ attempt: (HTTPRequest) async throws -> (Int, HTTPHeaders, [UInt8], R?),
        build: () -> HTTPRequest
    ) async throws -> R {
        let description = "\(method) \(path)"
        var reauthenticated = false
        var tryNumber = 1
        while true {
            var request = build()
            try await authenticator.authorize(&request)
            let failure: KubernetesAPIError
            do {
                let (status, headers, body, result) = try await attempt(request)
                if (200...299).contains(status), let result { return result }
                failure = Self.apiError(status: status, headers: headers, body: body, request: description)
            } catch let error as CurlError where KubernetesFailure.transientTransportErrors.contains(error.code)
                && tryNumber < retryPolicy.maximumAttempts && method != .post
            {
                try Task.checkCancellation()
                try await clock.sleep(for: retryPolicy.delay(beforeRetry: tryNumber, retryAfterSeconds: nil))
                tryNumber += 1
                continue
            }
            if failure.statusCode == 401, !reauthenticated, authenticator.credentials.isRenewable {
                authenticator.invalidate()
                reauthenticated = true
                continue
            }
            guard failure.isRetryable, tryNumber < retryPolicy.maximumAttempts,
                method != .post || failure.statusCode == 429 || failure.statusCode == 503
            else { throw failure }
            try await clock.sleep(for: retryPolicy.delay(beforeRetry: tryNumber, retryAfterSeconds: failure.retryAfterSeconds))
            tryNumber += 1
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse) async throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw KubernetesAPIError(statusCode: response.status, reason: "UndecodableBody",
                                     message: "cannot decode a \(T.self): \(error)", request: "\(T.self) response")
        }
    }

    /// The typed error of a non-2xx answer: its `Status` body when it has one, else an excerpt of the text.
    static func apiError(status: Int, headers: HTTPHeaders, body: [UInt8], request: String) -> KubernetesAPIError {
        let retryAfter = headers["Retry-After"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let decoded = try? JSONDecoder().decode(KubernetesAPIError.StatusBody.self, from: Data(body)),
            decoded.kind == "Status" || decoded.message != nil
        {
            return KubernetesAPIError(
                statusCode: status, reason: decoded.reason, message: decoded.message ?? "",
                request: request, retryAfterSeconds: retryAfter ?? decoded.details?.retryAfterSeconds)
        }
        let excerpt = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return KubernetesAPIError(statusCode: status, reason: nil, message: excerpt.isEmpty ? "(empty body)" : excerpt,
                                  request: request, retryAfterSeconds: retryAfter)
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension KubernetesCredentials {
    /// Whether re-reading or re-running may give a different credential after a 401.
    var isRenewable: Bool {
        switch self {
        case .tokenFile, .exec: true
        default: false
        }
    }
}
