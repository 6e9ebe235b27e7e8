import Foundation
import ProcessTestSupport
import Synchronization
import Testing
@testable import UpdraftCurl

@Suite("Client lifecycle: shutdown, leaks, proxies", .timeLimit(.minutes(1)))
struct LifecycleTests {
    @Test func shutdownReleasesTheThreadAndEverySocket() async throws {
        // A server of its own: sockets are attributed by the server's port, and no other client may use it.
        let server = try await TestServer.fromServers("http_server.py")
        let name = "curl-leak-t"
        #expect(threadCount(named: name) == 0)
        #expect(socketCount(toPeerPort: server.port) == 0)
        let client = try CurlClient(configuration: .init(threadName: name))
        #expect(threadCount(named: name) == 1)
        for _ in 0..<200 {
            _ = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(server.port)/hello"))
        }
        // Sequential requests reuse one keep-alive connection, which stays open, idle, until shutdown.
        #expect(socketCount(toPeerPort: server.port) == 1)
        await client.shutdown()
        #expect(threadCount(named: name) == 0)
        #expect(socketCount(toPeerPort: server.port) == 0)
        await server.stop()
    }

    @Test func requestsAfterShutdownFail() async throws {
        let server = try await Fixtures.shared.http()
        let client = try CurlClient(configuration: .init(threadName: "curl-shut-t"))
        await client.shutdown()
        await client.shutdown()
        let error = await curlError {
            _ = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(server.port)/hello"))
        }
        #expect(error?.code == .clientShutDown)
    }

    @Test func shutdownFailsTransfersInFlight() async throws {
        let server = try await Fixtures.shared.http()
        let client = try CurlClient(configuration: .init(threadName: "curl-inflight-t"))
        let request = Task { try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(server.port)/slow?seconds=10")) }
        #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 1 })
        await client.shutdown()
        let error = await curlError { _ = try await request.value }
        #expect(error?.code == .clientShutDown)
    }

    @Test func explicitProxyReceivesAbsoluteFormRequests() async throws {
        let proxy = try await Fixtures.shared.http()
        let request = HTTPRequest(
            url: "http://proxied.invalid/echo", proxy: .proxy(url: "http://127.0.0.1:\(proxy.port)"))
        let echo = try Echo.decode(try await CurlClient.shared.execute(request))
        #expect(echo.target == "http://proxied.invalid/echo")
    }

    @Test func noProxyListBypassesTheProxy() async throws {
        let server = try await Fixtures.shared.http()
        let request = HTTPRequest(
            url: "http://127.0.0.1:\(server.port)/hello",
            proxy: .proxy(url: "http://127.0.0.1:\(closedPort())", noProxy: ["127.0.0.1"], username: "u", password: "pw"))
        #expect(try await CurlClient.shared.execute(request).bodyText == "hello")
        #expect(!(request.proxy?.description.contains("pw") ?? true))
    }
}
