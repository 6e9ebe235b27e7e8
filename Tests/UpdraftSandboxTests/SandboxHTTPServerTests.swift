import Foundation
import Synchronization
import Testing
import UpdraftSandbox

/// Echoes what the server decoded, so tests can check the request model end to end.
private struct EchoHandler: SandboxHTTPHandler {
    struct Echo: Codable {
        var method: String
        var path: String
        var query: [[String]]
        var body: String
        var testHeader: String?
    }

    func handle(_ request: SandboxHTTPRequest) async -> SandboxHTTPResponse {
        .json(
            200,
            Echo(
                method: request.method, path: request.path, query: request.query.map { [$0.name, $0.value] },
                body: String(decoding: request.body, as: UTF8.self), testHeader: request.header("x-TEST")))
    }
}

/// Answers every request with the same test-controlled stream.
private struct StreamHandler: SandboxHTTPHandler {
    let stream: AsyncStream<[UInt8]>
    func handle(_ request: SandboxHTTPRequest) async -> SandboxHTTPResponse {
        SandboxHTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: .stream(stream))
    }
}

@Suite struct SandboxHTTPServerTests {
    @Test func decodesRequestAndAnswersWithContentLength() async throws {
        let server = try await SandboxHTTPServer.start(handler: EchoHandler())
        defer { Task { try await server.shutdown() } }
        let result = try await curl([
            "-X", "PUT", "-H", "X-Test: yes", "--data-binary", "hello body",
            "\(server.baseURL)/a%20b/c%2Fd?x=1&y=a+b%26c&x=2&flag",
        ])
        #expect(result.exitCode == 0, "\(result.errorOutput)")
        let echo = try JSONDecoder().decode(EchoHandler.Echo.self, from: Data(result.output.utf8))
        #expect(echo.method == "PUT")
        #expect(echo.path == "/a b/c/d")
        #expect(echo.query == [["x", "1"], ["y", "a b&c"], ["x", "2"], ["flag", ""]])
        #expect(echo.body == "hello body")
        #expect(echo.testHeader == "yes")
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        #expect(server.port > 0)
    }

    @Test func keepsConnectionsAlive() async throws {
        let server = try await SandboxHTTPServer.start(handler: EchoHandler())
        defer { Task { try await server.shutdown() } }
        // One curl run, two URLs: the second reuses the first connection (0 new connects).
        let result = try await curl([
            "-o", "/dev/null", "-o", "/dev/null", "-w", "%{num_connects} %{http_code} %{size_download}\\n",
            "\(server.baseURL)/one", "\(server.baseURL)/two",
        ])
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("1 200 ") == true, "\(result.output)")
        #expect(lines.last?.hasPrefix("0 200 ") == true, "\(result.output)")
    }

    @Test func streamsChunksAsTheyAreProduced() async throws {
        let (stream, producer) = AsyncStream.makeStream(of: [UInt8].self)
        let server = try await SandboxHTTPServer.start(handler: StreamHandler(stream: stream))
        defer { Task { try await server.shutdown() } }
        // curl's --max-time bounds every wait on its output below.
        let (received, outcome) = try await withProcess(
            "curl", ["--silent", "--no-buffer", "--include", "--max-time", "20", "\(server.baseURL)/logs"]
        ) { client in
            producer.yield(Array("first line\n".utf8))
            // The first line arrives while the stream is still open: it was flushed, not held until the end.
            let head = try await client.readOutput(until: "first line\n")
            #expect(head.contains("first line\n"))
            #expect(head.lowercased().contains("transfer-encoding: chunked"))
            producer.yield(Array("second line\n".utf8))
            producer.finish()
            return head + (try await client.readRemainingOutput())
        }
        #expect(outcome.exitCode == 0, "\(outcome.errorOutput)")
        #expect(received.hasSuffix("first line\nsecond line\n"))
    }

    @Test func clientDisconnectStopsTheStreamsProducer() async throws {
        let (stream, producer) = AsyncStream.makeStream(of: [UInt8].self)
        let (terminated, terminatedSignal) = AsyncStream.makeStream(of: Void.self)
        producer.onTermination = { _ in
            terminatedSignal.yield()
            terminatedSignal.finish()
        }
        let server = try await SandboxHTTPServer.start(handler: StreamHandler(stream: stream))
        defer { Task { try await server.shutdown() } }
        _ = try await withProcess("curl", ["--silent", "--no-buffer", "--max-time", "20", "\(server.baseURL)/w"]) {
            client in
            producer.yield(Array("event\n".utf8))
            #expect(try await client.nextOutput() == "event\n")
            // The stream now idles; the server must notice the disconnect without another write.
            try client.forceKill()
        }
        try await withDeadline("the stream's onTermination") {
            for await _ in terminated { return }
        }
    }

    @Test func servesHTTPSWithAndWithoutClientCertificates() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-sandbox-tls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificates = try SandboxCertificates.generate(in: directory)
        #expect(certificates.caCertificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))

        let plainTLS = try await SandboxHTTPServer.start(
            tls: SandboxTLSConfiguration(certificates: certificates, requireClientCertificate: false),
            handler: EchoHandler())
        defer { Task { try await plainTLS.shutdown() } }
        #expect(plainTLS.baseURL.hasPrefix("https://127.0.0.1:"))
        let trusted = try await curl(["--cacert", certificates.caCertificateFile, "\(plainTLS.baseURL)/secure"])
        #expect(trusted.exitCode == 0, "\(trusted.errorOutput)")
        #expect(trusted.output.contains("\"path\":\"/secure\""))
        let untrusted = try await curl(["\(plainTLS.baseURL)/secure"])
        #expect(untrusted.exitCode == 60, "curl must reject a certificate from an unknown CA")

        let mutualTLS = try await SandboxHTTPServer.start(
            tls: SandboxTLSConfiguration(certificates: certificates, requireClientCertificate: true),
            handler: EchoHandler())
        defer { Task { try await mutualTLS.shutdown() } }
        let withoutCertificate = try await curl(["--cacert", certificates.caCertificateFile, mutualTLS.baseURL])
        #expect(withoutCertificate.exitCode != 0)
        let withCertificate = try await curl([
            "--cacert", certificates.caCertificateFile, "--cert", certificates.clientCertificateFile,
            "--key", certificates.clientKeyFile, "\(mutualTLS.baseURL)/mtls",
        ])
        #expect(withCertificate.exitCode == 0, "\(withCertificate.errorOutput)")
        #expect(withCertificate.output.contains("\"path\":\"/mtls\""))
    }

    @Test func shutdownClosesOpenStreams() async throws {
        let (stream, producer) = AsyncStream.makeStream(of: [UInt8].self)
        let server = try await SandboxHTTPServer.start(handler: StreamHandler(stream: stream))
        let (_, outcome) = try await withProcess(
            "curl", ["--silent", "--show-error", "--no-buffer", "--max-time", "20", "\(server.baseURL)/w"]
        ) { client in
            producer.yield(Array("event\n".utf8))
            _ = try await client.nextOutput()
            try await server.shutdown()
        }
        // curl sees the connection end before the chunked body's terminator: exit 18 (partial file).
        #expect(outcome.exitCode == 18, "\(outcome.errorOutput)")
    }
}
