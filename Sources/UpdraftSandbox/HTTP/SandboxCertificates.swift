import Foundation

/// A throwaway PKI for HTTPS stand-ins: a CA, a server certificate for `127.0.0.1`/`localhost` and a client
/// certificate, all signed by the CA, created with the `openssl` command line tool.
///
/// The keys are P-256 and the certificates last two days: they exist for one test run or demo.
public struct SandboxCertificates: Sendable {
    /// The CA certificate (PEM) clients trust (`curl --cacert`, kubeconfig `certificate-authority`).
    public var caCertificateFile: String
    /// The server certificate (PEM), with subject alternative names `IP:127.0.0.1`, `IP:::1` and `DNS:localhost`.
    public var serverCertificateFile: String
    /// The server's private key (PEM).
    public var serverKeyFile: String
    /// The client certificate (PEM): common name `clientCommonName`, organisation (Kubernetes group) `system:masters`.
    public var clientCertificateFile: String
    /// The client's private key (PEM).
    public var clientKeyFile: String

    /// The contents of ``caCertificateFile``.
    public var caCertificatePEM: String
    /// The contents of ``clientCertificateFile``.
    public var clientCertificatePEM: String
    /// The contents of ``clientKeyFile``.
    public var clientKeyPEM: String

    /// Creates the CA, server and client certificates and keys in `directory` (created if missing).
    /// - Parameters:
    ///   - directory: Where the files go: `ca.crt`, `server.crt`, `server.key`, `client.crt`, `client.key` and the
    ///     CA's own key and scratch files.
    ///   - clientCommonName: The client certificate's common name (the user name a Kubernetes API server sees).
    /// - Returns: The file paths and the PEM contents a client needs.
    /// - Throws: ``SandboxCertificatesError`` when a directory or an `openssl` step fails.
    public static func generate(in directory: String, clientCommonName: String = "updraft-test") throws
        -> SandboxCertificates
    {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw SandboxCertificatesError(step: "create directory \(directory)", status: nil, output: "\(error)")
        }
        func path(_ name: String) -> String { base.appendingPathComponent(name).path }
        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

        try OpenSSLCommand.run(
            step: "create CA",
            ["req", "-x509"] + newKey + [
                "-keyout", path("ca.key"), "-out", path("ca.crt"), "-days", "2", "-subj", "/CN=Updraft Sandbox CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try issue(
            name: "server", subject: "/CN=127.0.0.1",
            extensions: "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
            newKey: newKey, path: path)
        try issue(
            name: "client", subject: "/CN=\(clientCommonName)/O=system:masters",
            extensions: "extendedKeyUsage=clientAuth\n", newKey: newKey, path: path)

        return SandboxCertificates(
            caCertificateFile: path("ca.crt"), serverCertificateFile: path("server.crt"),
            serverKeyFile: path("server.key"), clientCertificateFile: path("client.crt"),
            clientKeyFile: path("client.key"),
            caCertificatePEM: try read(path("ca.crt")), clientCertificatePEM: try read(path("client.crt")),
            clientKeyPEM: try read(path("client.key")))
    }

    /// Makes a key and a certificate signing request, then has the CA sign it with `extensions`.
    private static func issue(
        name: String, subject: String, extensions: String, newKey: [String], path: (String) -> String
    ) throws {
        let extensionsFile = path("\(name).ext")
        do {
            try ("basicConstraints=CA:FALSE\n" + extensions)
                .write(toFile: extensionsFile, atomically: true, encoding: .utf8)
        } catch {
            throw SandboxCertificatesError(step: "write \(extensionsFile)", status: nil, output: "\(error)")
        }
        try OpenSSLCommand.run(
            step: "create \(name) key",
            ["req", "-new"] + newKey + ["-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", subject])
        try OpenSSLCommand.run(
            step: "sign \(name) certificate",
            [
                "x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
                "-CAcreateserial", "-days", "2", "-out", path("\(name).crt"), "-extfile", extensionsFile,
            ])
    }

    static func read(_ file: String) throws -> String {
        do {
            return try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw SandboxCertificatesError(step: "read \(file)", status: nil, output: "\(error)")
        }
    }
}
