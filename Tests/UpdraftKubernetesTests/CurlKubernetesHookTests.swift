import Foundation
import Synchronization
import Testing
import Updraft
import UpdraftCurl
import UpdraftKubernetes
import UpdraftSandbox
import UpdraftTesting

/// A server answering from a script of responses, recording what it received.
final class ScriptedAPI: SandboxHTTPHandler {
    private let script: Mutex<[SandboxHTTPResponse]>
    let received = CallRecorder<SandboxHTTPRequest>()

    init(_ responses: [SandboxHTTPResponse]) { script = Mutex(responses) }

    func handle(_ request: SandboxHTTPRequest) async -> SandboxHTTPResponse {
        received.record(request)
        return script.withLock { $0.isEmpty ? .text(500, "script exhausted") : $0.removeFirst() }
    }
}

@Suite struct CurlKubernetesHookTests {
    private func withServer<T>(_ responses: [SandboxHTTPResponse],
                               _ body: (SandboxHTTPServer, ScriptedAPI) async throws -> T) async throws -> T {
        let api = ScriptedAPI(responses)
        let server = try await SandboxHTTPServer.start(handler: api)
        let result: Result<T, any Error>
        do { result = .success(try await body(server, api)) } catch { result = .failure(error) }
        try? await server.shutdown()
        return try result.get()
    }

    private static let pod = #"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"default","resourceVersion":"7","somethingNew":{"x":1}},"spec":{"containers":[{"name":"base","image":"i"}]},"status":{"phase":"Running"}}"#

    @Test func retriesTooManyRequestsHonouringRetryAfterOnTheClock() async throws {
        let busy = SandboxHTTPResponse(status: 429, headers: [("Retry-After", "2")],
                                       body: .bytes(Array("Too many requests, please try again later.".utf8)))
        let ok = SandboxHTTPResponse(status: 200, headers: [("Content-Type", "application/json")],
                                     body: .bytes(Array(Self.pod.utf8)))
        try await withServer([busy, busy, ok]) { server, api in
            let clock = ManualClock()
            let start = clock.now()
            let hook = CurlKubernetesHook(
                configuration: ClusterConfiguration(server: server.baseURL + "/", proxy: .direct, credentials: .token("abcdef-token")),
                clock: clock)
            let read = Task { try await hook.readPod(name: "p", namespace: "default") }
            for _ in 0..<2 {
                await clock.waitForSleepers(1)
                clock.advance(by: .seconds(2))
            }
            let pod = try await read.value
            #expect(pod.phase == .running)
            #expect(pod.metadata.resourceVersion == "7")
            #expect(api.received.count == 3)
            #expect(clock.now().timeIntervalSince(start) == 4)
            #expect(api.received.all.first?.path == "/api/v1/namespaces/default/pods/p")
            #expect(api.received.all.first?.header("Authorization") == "Bearer abcdef-token")
        }
    }

    @Test func statusBodiesBecomeTypedErrors() async throws {
        let status = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"p\" already exists","reason":"AlreadyExists","details":{"name":"p","kind":"pods"},"code":409}"#
        let conflict = SandboxHTTPResponse(status: 409, headers: [("Content-Type", "application/json")],
                                           body: .bytes(Array(status.utf8)))
        let missing = SandboxHTTPResponse(status: 404, headers: [("Content-Type", "application/json")], body: .bytes(
            Array(#"{"kind":"Status","status":"Failure","message":"pods \"q\" not found","reason":"NotFound","code":404}"#.utf8)))
        try await withServer([conflict, missing, .text(500, "panic: oops")]) { server, _ in
            let hook = CurlKubernetesHook(
                configuration: ClusterConfiguration(server: server.baseURL, proxy: .direct),
                clock: ManualClock(), retryPolicy: .none)
            let error = await #expect(throws: KubernetesAPIError.self) {
                try await hook.createPod(Pod(metadata: ObjectMeta(name: "p")), namespace: "default")
            }
            #expect(error?.statusCode == 409)
            #expect(error?.reason == "AlreadyExists")
            #expect(error?.description == #"Kubernetes API POST /api/v1/namespaces/default/pods failed: HTTP 409 AlreadyExists: pods "p" already exists"#)
            let deleted = try await hook.deletePod(name: "q", namespace: "default", gracePeriodSeconds: 3)
            #expect(deleted == nil)
            let plain = await #expect(throws: KubernetesAPIError.self) {
                try await hook.readPod(name: "r", namespace: "default")
            }
            #expect(plain?.message == "panic: oops")
        }
    }
}
