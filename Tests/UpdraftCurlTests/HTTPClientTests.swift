import Foundation
import ProcessTestSupport
import Synchronization
import Testing
@testable import UpdraftCurl

@Suite("HTTP requests against a loopback server", .timeLimit(.minutes(1)))
struct HTTPClientTests {
    let client = CurlClient.shared

    func url(_ path: String) async throws -> String {
        "http://127.0.0.1:\(try await Fixtures.shared.http().port)\(path)"
    }

    @Test func smallResponse() async throws {
        let response = try await client.execute(HTTPRequest(url: try await url("/hello")))
        #expect(response.status == 200)
        #expect(response.bodyText == "hello")
        #expect(response.headers["content-length"] == "5")
    }

    @Test func echoesMethodHeadersAndBody() async throws {
        let request = HTTPRequest(
            method: .put, url: try await url("/echo?q=1"), headers: ["X-Updraft": "yes", "X-Empty": ""],
            body: Array("payload \u{1F600}".utf8))
        let echo = try Echo.decode(try await client.execute(request))
        #expect(echo.method == "PUT")
        #expect(echo.target == "/echo?q=1")
        #expect(echo.body == "payload \u{1F600}")
        #expect(echo.header("X-Updraft") == "yes")
        #expect(echo.header("X-Empty") == "")
        #expect(echo.header("Content-Type") == nil)
        #expect(echo.header("Expect") == nil)
    }

    @Test func postWithEmptyBodyAndDeleteWithout() async throws {
        let post = try Echo.decode(try await client.execute(HTTPRequest(method: .post, url: try await url("/echo"), body: [])))
        #expect(post.method == "POST")
        #expect(post.length == 0)
        let delete = try Echo.decode(try await client.execute(HTTPRequest(method: .delete, url: try await url("/echo"))))
        #expect(delete.method == "DELETE")
    }

    @Test func twentyMegabyteBodyArrivesIntact() async throws {
        let count = 20_000_000
        // Above the default 16 MiB limit: a request may raise its own.
        let response = try await client.execute(
            HTTPRequest(url: try await url("/bytes?n=\(count)"), maximumResponseSize: 32 << 20))
        #expect(response.body.count == count)
        #expect(response.body == expectedPattern(count: count))
    }

    @Test func errorStatusesAreResponses() async throws {
        let response = try await client.execute(HTTPRequest(url: try await url("/status?code=503")))
        #expect(response.status == 503)
        #expect(response.bodyText == "status body")
    }

    @Test func followsRedirectsAndKeepsOnlyTheFinalResponse() async throws {
        let response = try await client.execute(HTTPRequest(url: try await url("/redirect?n=3")))
        #expect(response.status == 200)
        #expect(response.bodyText == "hello")
        #expect(response.headers["Location"] == nil)
    }

    @Test func returnsRedirectsWhenNotFollowing() async throws {
        let response = try await client.execute(
            HTTPRequest(url: try await url("/redirect?n=1"), redirects: .doNotFollow))
        #expect(response.status == 302)
        #expect(response.headers["Location"] == "/hello")
    }

    @Test func tooManyRedirectsIsAnError() async throws {
        let target = try await url("/redirect?n=5")
        let error = await curlError { _ = try await client.execute(HTTPRequest(url: target, redirects: .follow(max: 2))) }
        #expect(error?.code == .tooManyRedirects)
    }

    @Test func droppedConnectionIsAReceiveFailure() async throws {
        let target = try await url("/drop")
        let error = await curlError { _ = try await client.execute(HTTPRequest(url: target)) }
        #expect(error?.code == .receiveFailed)
    }

    @Test func closedPortIsCouldNotConnect() async throws {
        let target = "http://user:hunter2@127.0.0.1:\(closedPort())/secret"
        let error = await curlError { _ = try await client.execute(HTTPRequest(url: target)) }
        let unwrapped = try #require(error)
        #expect(unwrapped.code == .couldNotConnect)
        #expect(unwrapped.shortDescription == "couldNotConnect")
        #expect(!unwrapped.description.contains("hunter2"))
        #expect(!unwrapped.url.contains("user"))
    }

    @Test func slowServerTimesOut() async throws {
        let target = try await url("/slow?seconds=10")
        let start = ContinuousClock.now
        let error = await curlError {
            _ = try await client.execute(HTTPRequest(url: target, timeouts: Timeouts(request: .milliseconds(300))))
        }
        #expect(error?.code == .timedOut)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func unansweredConnectTimesOut() async throws {
        let (port, descriptors) = blackHoleListener()
        defer { for descriptor in descriptors { close(descriptor) } }
        let start = ContinuousClock.now
        let error = await curlError {
            _ = try await client.execute(
                HTTPRequest(url: "http://127.0.0.1:\(port)/", timeouts: Timeouts(connect: .milliseconds(300))))
        }
        #expect(error?.code == .timedOut, "\(String(describing: error))")
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test func cancellingBeforeTheStartNeverSends() async throws {
        let target = try await url("/slow?seconds=10")
        let request = Task { try await client.execute(HTTPRequest(url: target)) }
        request.cancel()
        let error = await curlError { _ = try await request.value }
        #expect(error?.code == .cancelled)
    }

    @Test func cancellingInFlightAbortsPromptly() async throws {
        let owned = try CurlClient(configuration: .init(threadName: "curl-cancel-t"))
        let target = try await url("/slow?seconds=10")
        let request = Task { try await owned.execute(HTTPRequest(url: target)) }
        #expect(await eventually { owned.loop.activeTransferCount.load(ordering: .relaxed) == 1 })
        let start = ContinuousClock.now
        request.cancel()
        let error = await curlError { _ = try await request.value }
        #expect(error?.code == .cancelled)
        #expect(ContinuousClock.now - start < .seconds(5))  // the server would hold it 10 s or more
        // The loop reports the result before it drops its count of the transfer (CurlLoop.finish), so the caller can
        // see the error a moment before the count reaches zero (CI saw 1 here).
        #expect(await eventually { owned.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
        await owned.shutdown()
    }

    @Test func malformedHeaderIsRejectedBeforeSending() async throws {
        let target = try await url("/echo")
        let error = await curlError {
            _ = try await client.execute(HTTPRequest(url: target, headers: ["X-Bad": "a\r\nInjected: 1"]))
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test func thousandConcurrentRequests() async throws {
        let target = try await url("/hello")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1000 {
                group.addTask { try await client.execute(HTTPRequest(url: target)).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 1000)
        #expect(statuses.allSatisfy { $0 == 200 })
    }
}
