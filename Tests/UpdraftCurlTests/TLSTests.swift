import Foundation
import ProcessTestSupport
import Testing
import UpdraftCurl

@Suite("TLS: verification, trust roots, client certificates", .timeLimit(.minutes(1)))
struct TLSTests {
    let client = CurlClient.shared

    func get(_ server: TestServer, tls: TLSConfiguration, host: String = "127.0.0.1") async throws -> HTTPResponse {
        try await client.execute(HTTPRequest(url: "https://\(host):\(server.port)/hello", tls: tls))
    }

    @Test func verifiesWithCAFile() async throws {
        let pki = try await Fixtures.shared.pki()
        let response = try await get(try await Fixtures.shared.https(), tls: TLSConfiguration(trustRoots: .file(pki.caFile)))
        #expect(response.bodyText == "hello")
    }

    @Test func verifiesWithCAPEMBytes() async throws {
        let pki = try await Fixtures.shared.pki()
        let tls = TLSConfiguration(trustRoots: .pem(try pki.bytes(of: pki.caFile)))
        #expect(try await get(try await Fixtures.shared.https(), tls: tls).status == 200)
    }

    @Test func unknownCAFailsVerification() async throws {
        let server = try await Fixtures.shared.https()
        let error = await curlError { _ = try await get(server, tls: .default) }
        #expect(error?.code == .tlsVerifyFailed)
    }

    @Test func insecureSwitchSkipsVerification() async throws {
        let response = try await get(try await Fixtures.shared.https(), tls: TLSConfiguration(insecureSkipTLSVerify: true))
        #expect(response.status == 200)
    }

    @Test func serverNameOverrideIsVerified() async throws {
        let pki = try await Fixtures.shared.pki()
        let server = try await Fixtures.shared.https()
        let good = TLSConfiguration(trustRoots: .file(pki.caFile), serverName: "updraft.test")
        #expect(try await get(server, tls: good).status == 200)
        let wrong = TLSConfiguration(trustRoots: .file(pki.caFile), serverName: "wrong.test")
        let error = await curlError { _ = try await get(server, tls: wrong) }
        #expect(error?.code == .tlsVerifyFailed)
    }

    @Test func serverNameOverrideKeepsTheOriginalHostHeader() async throws {
        let pki = try await Fixtures.shared.pki()
        let server = try await Fixtures.shared.https()
        let request = HTTPRequest(
            url: "https://127.0.0.1:\(server.port)/echo",
            tls: TLSConfiguration(trustRoots: .file(pki.caFile), serverName: "updraft.test"))
        let echo = try Echo.decode(try await client.execute(request))
        #expect(echo.header("Host") == "127.0.0.1:\(server.port)")
    }

    @Test func offersHTTP2InTheHandshake() async throws {
        let pki = try await Fixtures.shared.pki()
        let probe = try await Fixtures.shared.alpnProbe()
        // The probe closes the connection after the handshake, so the request itself fails.
        _ = await curlError { _ = try await get(probe, tls: TLSConfiguration(trustRoots: .file(pki.caFile))) }
        #expect(await probe.output.firstLine { $0.hasPrefix("ALPN ") } == "ALPN h2")
    }

    @Test func clientCertificateIsRequired() async throws {
        let pki = try await Fixtures.shared.pki()
        let server = try await Fixtures.shared.mutualTLS()
        let error = await curlError { _ = try await get(server, tls: TLSConfiguration(trustRoots: .file(pki.caFile))) }
        #expect(error != nil)
    }

    @Test func clientCertificateFromFiles() async throws {
        let pki = try await Fixtures.shared.pki()
        let tls = TLSConfiguration(
            trustRoots: .file(pki.caFile), clientCertificate: .file(pki.clientCertificateFile),
            clientKey: .file(pki.clientKeyFile))
        #expect(try await get(try await Fixtures.shared.mutualTLS(), tls: tls).status == 200)
    }

    @Test func clientCertificateFromPEMBytes() async throws {
        let pki = try await Fixtures.shared.pki()
        let tls = TLSConfiguration(
            trustRoots: .pem(try pki.bytes(of: pki.caFile)),
            clientCertificate: .pem(try pki.bytes(of: pki.clientCertificateFile)),
            clientKey: .pem(try pki.bytes(of: pki.clientKeyFile)))
        #expect(try await get(try await Fixtures.shared.mutualTLS(), tls: tls).status == 200)
        #expect(!tls.description.contains("PRIVATE KEY"))
    }
}
