import Foundation
import ProcessTestSupport
import Testing
import UpdraftCurl

/// Transfers that name no trust roots read `CURL_CA_BUNDLE`, `SSL_CERT_DIR` and `SSL_CERT_FILE` as the curl tool
/// does, for HTTPS and SMTP alike. The loopback servers' CA is in no system store: only those variables let the
/// handshake succeed.
@Suite("Trust store from the environment", .timeLimit(.minutes(1)))
struct TrustStoreTests {
    /// A client whose default trust store is what `environment` says, and a HTTPS GET through it.
    func get(environment: [String: String]) async throws -> Result<Int, CurlError> {
        let client = try CurlClient(configuration: .init(
            trustStore: .curlEnvironment(environment), threadName: "curl-trust-t"))
        let server = try await Fixtures.shared.https()
        let result: Result<Int, CurlError>
        do {
            let request = HTTPRequest(url: "https://127.0.0.1:\(server.port)/hello")
            result = .success(try await client.execute(request).status)
        } catch let error as CurlError {
            result = .failure(error)
        }
        await client.shutdown()
        return result
    }

    @Test func sslCertFileAndCurlCABundleName() async throws {
        let pki = try await Fixtures.shared.pki()
        #expect(try await get(environment: ["SSL_CERT_FILE": pki.caFile]).get() == 200)
        #expect(try await get(environment: ["CURL_CA_BUNDLE": pki.caFile]).get() == 200)
        // Without them the system's bundle applies, which does not know the test CA.
        guard case .failure(let error) = try await get(environment: [:]) else { throw UnexpectedSuccess() }
        #expect(error.code == .tlsVerifyFailed)
    }

    @Test func curlCABundleWinsAndEmptyCountsAsUnset() async throws {
        let pki = try await Fixtures.shared.pki()
        // CURL_CA_BUNDLE first, as in the curl tool: a bundle without the test CA hides SSL_CERT_FILE.
        let hidden = try await get(environment: ["CURL_CA_BUNDLE": pki.clientCertificateFile,
                                                 "SSL_CERT_FILE": pki.caFile])
        guard case .failure(let error) = hidden else { throw UnexpectedSuccess() }
        #expect(error.code == .tlsVerifyFailed)
        #expect(try await get(environment: ["CURL_CA_BUNDLE": "", "SSL_CERT_FILE": pki.caFile]).get() == 200)
    }

    @Test func sslCertDirIsADirectoryOfHashedCertificates() async throws {
        let pki = try await Fixtures.shared.pki()
        let directory = pki.directory + "/hashed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: pki.caFile, toPath: directory + "/updraft-test-ca.pem")
        let rehash = try await ChildProcess.run("openssl", ["rehash", directory])
        try #require(rehash.status == 0, "openssl rehash: \(rehash.stderr)")
        #expect(try await get(environment: ["SSL_CERT_DIR": directory]).get() == 200)
    }

    @Test func smtpStartTLSTrustsTheEnvironmentsCA() async throws {
        let pki = try await Fixtures.shared.pki()
        let server = try await Fixtures.shared.smtp("starttls")
        let client = try CurlClient(configuration: .init(
            trustStore: .curlEnvironment(["SSL_CERT_FILE": pki.caFile]), threadName: "curl-trust-smtp"))
        let message = SMTPMessage(sender: "airflow@example.com", recipients: ["ops@example.com"],
                                  data: Array("Subject: trust-store\r\n\r\nfrom SSL_CERT_FILE\r\n".utf8))
        let receipt = try await client.send(message, to: SMTPServer(
            host: "127.0.0.1", port: server.port, encryption: .startTLSRequired,
            credentials: SMTPServer.Credentials(username: "updraft", password: "secret")))
        #expect(receipt.responseCode == 250)
        await client.shutdown()
    }

    @Test func explicitTrustRootsWinOverTheEnvironment() async throws {
        let pki = try await Fixtures.shared.pki()
        let client = try CurlClient(configuration: .init(
            trustStore: .curlEnvironment(["SSL_CERT_FILE": pki.caFile]), threadName: "curl-trust-explicit"))
        let server = try await Fixtures.shared.https()
        let error = await curlError {
            _ = try await client.execute(HTTPRequest(
                url: "https://127.0.0.1:\(server.port)/hello",
                tls: TLSConfiguration(trustRoots: .file(pki.clientCertificateFile))))
        }
        #expect(error?.code == .tlsVerifyFailed)
        await client.shutdown()
    }

    struct UnexpectedSuccess: Error {}
}
