import Foundation

/// Servers and certificates shared by the whole test run, started on first use. Each server is multi-threaded
/// (or asynchronous), so tests running in parallel can share it; each exits when the test process does.
actor Fixtures {
    static let shared = Fixtures()

    private var certificates: TestCertificates?
    /// Tasks, not servers, so that concurrent first uses share one startup.
    private var servers: [String: Task<TestServer, any Error>] = [:]

    func pki() throws -> TestCertificates {
        if let certificates { return certificates }
        let generated = try TestCertificates.generate()
        certificates = generated
        return generated
    }

    /// Plain HTTP.
    func http() async throws -> TestServer { try await server("http", "http_server.py", []) }

    /// HTTPS with the test CA's server certificate.
    func https() async throws -> TestServer {
        let pki = try pki()
        return try await server("https", "http_server.py", ["--cert", pki.serverCertificateFile,
                                                            "--key", pki.serverKeyFile])
    }

    /// HTTPS that requires a client certificate signed by the test CA.
    func mutualTLS() async throws -> TestServer {
        let pki = try pki()
        return try await server("mtls", "http_server.py", ["--cert", pki.serverCertificateFile,
                                                           "--key", pki.serverKeyFile, "--client-ca", pki.caFile])
    }

    /// TLS that offers h2 and reports, as an output line `ALPN <protocol>`, which protocol the client chose.
    func alpnProbe() async throws -> TestServer {
        let pki = try pki()
        return try await server("alpn", "http_server.py", ["--cert", pki.serverCertificateFile,
                                                           "--key", pki.serverKeyFile, "--alpn-probe"])
    }

    /// SMTP in `mode` (`plain`, `starttls`, `implicit`). Its output lines are the messages it accepted.
    func smtp(_ mode: String) async throws -> TestServer {
        let pki = try pki()
        return try await server("smtp-\(mode)", "smtp_server.py", ["--mode", mode, "--cert", pki.serverCertificateFile,
                                                                   "--key", pki.serverKeyFile])
    }

    private func server(_ key: String, _ script: String, _ arguments: [String]) async throws -> TestServer {
        if let server = servers[key] { return try await server.value }
        let server = Task { try await TestServer.fromServers(script, arguments: arguments) }
        servers[key] = server
        return try await server.value
    }
}
