import Foundation

/// A self-signed certificate for `127.0.0.1` and `localhost`, made once per test process with the `openssl`
/// command in a temporary directory; clients trust it as their only root.
struct TestCertificate: Sendable {
    let certificateFile: String
    let keyFile: String

    struct OpenSSLFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The process's certificate (made on first use).
    static func shared() throws -> TestCertificate { try made.get() }

    private static let made = Result { try make() }

    private static func make() throws -> TestCertificate {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-email-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OpenSSLFailure(description: "openssl req failed") }
        return TestCertificate(certificateFile: directory + "/cert.pem", keyFile: directory + "/key.pem")
    }
}
