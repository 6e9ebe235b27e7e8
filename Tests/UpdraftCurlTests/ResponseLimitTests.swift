import Foundation
import ProcessTestSupport
import Synchronization
import Testing
@testable import UpdraftCurl

/// `execute` keeps at most `maximumResponseSize` body bytes: an endless or huge body stops the transfer with a
/// typed error naming the limit and the URL, instead of growing the process without bound.
@Suite("Response size limits", .timeLimit(.minutes(1)))
struct ResponseLimitTests {
    func url(_ path: String) async throws -> String {
        "http://127.0.0.1:\(try await Fixtures.shared.http().port)\(path)"
    }

    @Test func anEndlessChunkedBodyStopsAtTheLimit() async throws {
        let client = try CurlClient(configuration: .init(maximumResponseSize: 1 << 20, threadName: "curl-limit-t"))
        let target = try await url("/firehose")
        let error = await curlError { _ = try await client.execute(HTTPRequest(url: target)) }
        #expect(error?.code == .responseTooLarge)
        #expect(error?.responseSizeLimit == 1 << 20)
        #expect(error?.url == target)
        #expect(error?.description.contains("exceeds the limit of 1048576 bytes (1 MiB)") == true)
        #expect(await eventually { client.loop.activeTransferCount.load(ordering: .relaxed) == 0 })
        await client.shutdown()
    }

    @Test func anAnnouncedLengthOverTheLimitFailsBeforeTheBody() async throws {
        // 1 GiB announced by Content-Length: refused from the head, long before a gigabyte could arrive.
        let target = try await url("/bytes?n=\(1 << 30)")
        let error = await curlError {
            _ = try await CurlClient.shared.execute(HTTPRequest(url: target, maximumResponseSize: 64 << 10))
        }
        #expect(error?.code == .responseTooLarge)
        #expect(error?.responseSizeLimit == 64 << 10)
        #expect(error?.description.contains("responseTooLarge for \(target)") == true)
    }

    @Test func aBodyOfExactlyTheLimitArrives() async throws {
        let limit = 100_000
        let response = try await CurlClient.shared.execute(
            HTTPRequest(url: try await url("/bytes?n=\(limit)"), maximumResponseSize: limit))
        #expect(response.body == expectedPattern(count: limit))
        let error = await curlError {
            _ = try await CurlClient.shared.execute(
                HTTPRequest(url: try await url("/bytes?n=\(limit + 1)"), maximumResponseSize: limit))
        }
        #expect(error?.code == .responseTooLarge)
    }

    @Test func theDefaultIsSixteenMebibytesAndStreamsAreNotLimited() async throws {
        #expect(CurlClient.shared.configuration.maximumResponseSize == 16 << 20)
        let over = try await url("/bytes?n=\((16 << 20) + 1)")
        let error = await curlError { _ = try await CurlClient.shared.execute(HTTPRequest(url: over)) }
        #expect(error?.responseSizeLimit == 16 << 20)
        // A stream hands its bytes to the consumer, which decides how many to keep.
        var received = 0
        for try await chunk in try await CurlClient.shared.stream(HTTPRequest(url: over)).body {
            received += chunk.count
        }
        #expect(received == (16 << 20) + 1)
    }
}

/// The segments a collected body grows in join back into the bytes received, in order.
@Suite struct CollectedBodyTests {
    @Test(arguments: [nil, 300_000] as [Int?])
    func piecesOfAnyLengthJoinInOrder(announcedLength: Int?) {
        let bytes = expectedPattern(count: 300_000)
        var body = CollectedBody()
        var offset = 0
        var size = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            bytes[offset..<end].withUnsafeBytes { piece in
                body.append(piece, announcedLength: offset == 0 ? announcedLength : nil, limit: 1 << 20)
            }
            offset = end
            size = size * 3 % 70_001 + 1
        }
        #expect(body.count == bytes.count)
        #expect(body.joined() == bytes)
        body.removeAll()
        #expect(body.count == 0 && body.joined().isEmpty)
    }
}
