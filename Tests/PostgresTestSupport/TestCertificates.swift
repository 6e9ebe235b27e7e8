public import Foundation
import ProcessTestSupport

/// A certificate authority and a server certificate it signed, made with openssl for one test run (P-256 keys,
/// valid for two days).
public struct TestCertificates: Sendable {
    /// The authority's certificate (PEM): what a client trusts (`sslrootcert`).
    public var authority: String
    /// The server's certificate (PEM).
    public var certificate: String
    /// The server's private key (PEM).
    public var key: String

    /// Makes an authority named `name` in `folder`, and a server certificate issued for `hostNames` (DNS names
    /// only: a client connecting by IP address finds no matching name, which `verify-full` refuses).
    public static func make(in folder: URL, name: String = "Updraft test CA", hostNames: [String] = ["localhost"])
        async throws -> TestCertificates {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = { (file: String) in folder.appending(path: file).path }
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(["req", "-x509"] + curve + [
            "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=\(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try await openssl(["req"] + curve + [
            "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=\(hostNames.first ?? "server")",
        ])
        let extensions = """
            subjectAltName=\(hostNames.map { "DNS:\($0)" }.joined(separator: ","))
            basicConstraints=CA:FALSE
            keyUsage=digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            """
        try extensions.write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try await openssl([
            "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext"),
        ])
        return TestCertificates(authority: path("ca.pem"), certificate: path("server.pem"), key: path("server.key"))
    }

    private static func openssl(_ arguments: [String]) async throws {
        let exit = try await ChildProcess.run("openssl", arguments, timeout: .seconds(60))
        guard exit.status == 0 else {
            throw PostgresTestServerError(description: "openssl \(arguments.first ?? "") failed: \(exit.stderr)")
        }
    }
}
