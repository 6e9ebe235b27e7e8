import Foundation
import Testing

@testable import UpdraftSandbox

/// A test failure with context.
struct KubernetesTestError: Error, CustomStringConvertible {
    var description: String
}

/// Calls the simulator's handler directly (no sockets) and decodes JSON answers.
struct KubernetesClient {
    let simulator: KubernetesSimulator
    var token: String? = nil

    func send(
        _ method: String, _ path: String, query: [(name: String, value: String)] = [], json: SandboxJSON? = nil,
        contentType: String? = nil
    ) async -> SandboxHTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return await simulator.handle(
            SandboxHTTPRequest(method: method, path: path, query: query, headers: headers, body: json?.encoded() ?? []))
    }

    /// Sends a request and returns status and decoded JSON body (`.null` for an empty or non-JSON body).
    func call(
        _ method: String, _ path: String, query: [(name: String, value: String)] = [], json: SandboxJSON? = nil,
        contentType: String? = nil
    ) async throws -> (status: Int, body: SandboxJSON) {
        let response = await send(method, path, query: query, json: json, contentType: contentType)
        guard case .bytes(let bytes) = response.body else {
            throw KubernetesTestError(description: "\(method) \(path): unexpected streaming response")
        }
        return (response.status, SandboxJSON.decode(bytes) ?? .null)
    }

    /// The text of a non-streaming response.
    func text(_ path: String, query: [(name: String, value: String)] = []) async throws -> (status: Int, text: String) {
        let response = await send("GET", path, query: query)
        guard case .bytes(let bytes) = response.body else {
            throw KubernetesTestError(description: "GET \(path): unexpected streaming response")
        }
        return (response.status, String(decoding: bytes, as: UTF8.self))
    }

    /// Creates a pod running `image` (container `base`) and returns the stored object.
    @discardableResult
    func createPod(
        _ name: String, image: String, namespace: String = "default", labels: [String: String] = [:]
    ) async throws -> SandboxJSON {
        let pod: SandboxJSON = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "labels": .stringMap(labels)],
            "spec": ["restartPolicy": "Never", "containers": [["name": "base", "image": .string(image)]]],
        ]
        let (status, body) = try await call("POST", "/api/v1/namespaces/\(namespace)/pods", json: pod)
        guard status == 201 else { throw KubernetesTestError(description: "create \(name): \(status) \(body)") }
        return body
    }

    /// Opens a watch stream and returns its line iterator.
    func watch(_ path: String, query: [(name: String, value: String)]) async throws -> KubernetesLines {
        let response = await send("GET", path, query: query + [("watch", "true")])
        guard response.status == 200, case .stream(let stream) = response.body else {
            throw KubernetesTestError(description: "watch \(path): status \(response.status)")
        }
        return KubernetesLines(stream: stream)
    }

    /// Waits until at least `count` watch or follow streams are open (a client is listening), bounded by `timeout`.
    func waitForWatchers(atLeast count: Int, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while simulator.openStreamCount < count {
            guard ContinuousClock.now < deadline else {
                throw KubernetesTestError(description: "no client opened a stream within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(10))  // polling interval of a bounded wait
        }
    }

    /// Steps `clock` a second at a time until the pod (`.null` once deleted) satisfies `condition`, at most
    /// `maximumSeconds` steps.
    /// Each step runs every simulator timer due by then, so the pod is seen in every state it passes through.
    @discardableResult
    func advance(
        _ clock: KubernetesManualClock, _ name: String, namespace: String = "default", maximumSeconds: Int = 1000,
        until condition: (SandboxJSON) -> Bool
    ) async throws -> SandboxJSON {
        for _ in 0...maximumSeconds {
            let (status, pod) = try await call("GET", "/api/v1/namespaces/\(namespace)/pods/\(name)")
            let seen = status == 200 ? pod : .null  // a deleted pod reads as null
            if condition(seen) { return seen }
            clock.advance(by: 1)
        }
        throw KubernetesTestError(description: "pod \(name) never reached the condition")
    }

    /// Waits, on the pod's own watch stream, until `condition` holds for it; fails after `timeout`.
    @discardableResult
    func waitForPod(
        _ name: String, namespace: String = "default", timeout: Duration = .seconds(10),
        until condition: @escaping @Sendable (SandboxJSON) -> Bool
    ) async throws -> SandboxJSON {
        var lines = try await watch(
            "/api/v1/namespaces/\(namespace)/pods", query: [("fieldSelector", "metadata.name=\(name)")])
        while let line = try await lines.next(timeout: timeout) {
            let event = SandboxJSON.decode(Array(line.utf8)) ?? .null
            if let object = event["object"], condition(object) {
                await lines.close()
                return object
            }
        }
        throw KubernetesTestError(description: "pod \(name) never satisfied the condition")
    }
}

/// Splits a chunked byte stream into lines, with a bounded wait for each.
struct KubernetesLines {
    private var iterator: AsyncStream<[UInt8]>.Iterator
    private var buffer: [UInt8] = []

    init(stream: AsyncStream<[UInt8]>) {
        iterator = stream.makeAsyncIterator()
    }

    /// The next line (without `\n`), `nil` at the end of the stream; throws if none arrives within `timeout`.
    mutating func next(timeout: Duration = .seconds(10)) async throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            guard let chunk = try await nextChunk(timeout: timeout) else {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer += chunk
        }
    }

    /// The next line decoded as a JSON watch event; throws at the end of the stream.
    mutating func nextEvent(timeout: Duration = .seconds(10)) async throws -> SandboxJSON {
        guard let line = try await next(timeout: timeout) else {
            throw KubernetesTestError(description: "the stream ended")
        }
        guard let event = SandboxJSON.decode(Array(line.utf8)) else {
            throw KubernetesTestError(description: "not JSON: \(line)")
        }
        return event
    }

    /// Hangs up, as a client closing its connection does: the simulator forgets the stream.
    mutating func close() async {
        let box = KubernetesIteratorBox(iterator)
        let reader = Task { await box.next() }
        reader.cancel()  // a cancelled read cancels the stream, which runs its termination handler
        _ = await reader.value
    }

    /// All remaining lines until the stream ends.
    mutating func rest(timeout: Duration = .seconds(10)) async throws -> [String] {
        var lines: [String] = []
        while let line = try await next(timeout: timeout) { lines.append(line) }
        return lines
    }

    private mutating func nextChunk(timeout: Duration) async throws -> [UInt8]? {
        var iterator = self.iterator
        defer { self.iterator = iterator }
        let box = KubernetesIteratorBox(iterator)
        let chunk = try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask { await box.next() }
            group.addTask {
                try await Task.sleep(for: timeout)  // deadline only: the happy path never waits for it
                throw KubernetesTestError(description: "no data within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        iterator = box.iterator
        return chunk
    }
}

/// Moves a stream iterator into a child task for a bounded wait.
final class KubernetesIteratorBox: @unchecked Sendable {
    // Safe: only one task touches the iterator at a time (the racing child, then the owner after the group ends).
    var iterator: AsyncStream<[UInt8]>.Iterator

    init(_ iterator: AsyncStream<[UInt8]>.Iterator) { self.iterator = iterator }

    func next() async -> [UInt8]? { await iterator.next() }
}

extension SandboxJSON {
    /// Follows a path of object keys and array indices written as strings.
    func at(_ path: String...) -> SandboxJSON? {
        var value: SandboxJSON? = self
        for key in path {
            if let index = Int(key), let array = value?.array {
                value = index < array.count ? array[index] : nil
            } else {
                value = value?[key]
            }
        }
        return value
    }

    var phase: String? { at("status", "phase")?.string }
}
