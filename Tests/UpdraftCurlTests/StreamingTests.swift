import Foundation
import ProcessTestSupport
import Synchronization
import Testing
@testable import UpdraftCurl

@Suite("Streaming responses", .timeLimit(.minutes(1)))
struct StreamingTests {
    func url(_ path: String) async throws -> String {
        "http://127.0.0.1:\(try await Fixtures.shared.http().port)\(path)"
    }

    @Test func headArrivesBeforeTheEndlessBodyAndCancelStopsIt() async throws {
        let client = try CurlClient(configuration: .init(threadName: "curl-stream-t"))
        let target = try await url("/stream")
        let (linesSeen, headStatus) = (AsyncStream<Int>.makeStream(), AsyncStream<Int>.makeStream())
        let reader = Task {
            let response = try await client.stream(HTTPRequest(url: target))
            headStatus.continuation.yield(response.status)
            var text = ""
            for try await chunk in response.body {
                text += String(decoding: chunk, as: UTF8.self)
                linesSeen.continuation.yield(text.split(separator: "\n").count)
            }
        }
        var statuses = headStatus.stream.makeAsyncIterator()
        #expect(await statuses.next() == 200)
        for await count in linesSeen.stream where count >= 5 { break }
        let start = ContinuousClock.now
        reader.cancel()
        let error = await curlError { try await reader.value }
        #expect(error?.code == .cancelled)
        #expect(ContinuousClock.now - start < .seconds(5))  // the server would hold it 10 s or more
        #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
        await client.shutdown()
    }

    @Test func headArrivesBeforeTheFirstBodyByte() async throws {
        let client = try CurlClient(configuration: .init(threadName: "curl-quiet-t"))
        let target = try await url("/stream?wait=30")
        let start = ContinuousClock.now
        let response = try await client.stream(HTTPRequest(url: target))
        #expect(response.status == 200)
        #expect(ContinuousClock.now - start < .seconds(5))
        await client.shutdown()
    }

    @Test func finiteStreamEnds() async throws {
        let response = try await CurlClient.shared.stream(HTTPRequest(url: try await url("/stream?lines=20")))
        #expect(response.headers["Transfer-Encoding"] == "chunked")
        var text = ""
        for try await chunk in response.body { text += String(decoding: chunk, as: UTF8.self) }
        #expect(text.split(separator: "\n").count == 20)
        #expect(text.hasSuffix("line 19\n"))
    }

    @Test func abandoningTheBodyAbortsTheTransfer() async throws {
        let client = try CurlClient(configuration: .init(threadName: "curl-abandon-t"))
        do {
            let response = try await client.stream(HTTPRequest(url: try await url("/stream")))
            for try await _ in response.body { break }
        }
        #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
        await client.shutdown()
    }

    /// A stream left mid-response (reading, paused with a full buffer, or before its first byte) must not give its
    /// half-read connection back to the pool: the next request on the client would queue behind the rest of the
    /// response. libcurl closes a connection removed with a partial response; this holds it to that.
    @Test(arguments: ["/stream", "/firehose", "/stream?wait=30"])
    func anAbandonedStreamDoesNotHoldUpTheNextRequest(_ path: String) async throws {
        let client = try CurlClient(configuration: .init(streamBufferSize: 64 * 1024, threadName: "curl-reuse-t"))
        var request = HTTPRequest(url: try await url("/bytes?n=5"))
        request.timeouts = Timeouts(request: .seconds(10))
        #expect(try await client.execute(request).status == 200)  // leaves an idle keep-alive connection
        for _ in 0..<3 {
            do {
                let response = try await client.stream(HTTPRequest(url: try await url(path)))
                if path == "/firehose" {
                    let transfer = response.body.lifetime.transfer
                    #expect(await eventually { transfer.state.withLock(\.isReceivePaused) })
                }
                if path != "/stream?wait=30" {
                    for try await _ in response.body { break }
                }
            }
            #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
            #expect(try await client.execute(request).body.count == 5)
        }
        await client.shutdown()
    }

    @Test func slowConsumerPausesTheTransferAndResumesIt() async throws {
        let client = try CurlClient(configuration: .init(streamBufferSize: 256 * 1024, threadName: "curl-pause-t"))
        let response = try await client.stream(HTTPRequest(url: try await url("/firehose")))
        let transfer = response.body.lifetime.transfer
        // Not reading: the buffer fills and the loop must refuse more with CURL_WRITEFUNC_PAUSE.
        #expect(await eventually { transfer.state.withLock(\.isReceivePaused) })
        var received = 0
        for try await chunk in response.body {
            received += chunk.count
            if received > 8 * 1024 * 1024 { break }
        }
        #expect(received > 8 * 1024 * 1024)
        await client.shutdown()
    }

    @Test func redirectsAreFollowedBeforeTheHead() async throws {
        let response = try await CurlClient.shared.stream(HTTPRequest(url: try await url("/redirect?n=2")))
        #expect(response.status == 200)
        var body: [UInt8] = []
        for try await chunk in response.body { body += chunk }
        #expect(String(decoding: body, as: UTF8.self) == "hello")
    }

    @Test func lowSpeedLimitEndsAStalledStream() async throws {
        let target = try await url("/slow?seconds=10")
        let limit = Timeouts.LowSpeedLimit(bytesPerSecond: 1, duration: .seconds(1))
        let start = ContinuousClock.now
        let error = await curlError {
            _ = try await CurlClient.shared.stream(HTTPRequest(url: target, timeouts: Timeouts(lowSpeed: limit)))
        }
        #expect(error?.code == .timedOut)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func failureBeforeTheHeadIsThrownByStream() async throws {
        let error = await curlError {
            _ = try await CurlClient.shared.stream(HTTPRequest(url: "http://127.0.0.1:\(closedPort())/"))
        }
        #expect(error?.code == .couldNotConnect)
    }
}
