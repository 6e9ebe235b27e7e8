import Foundation

extension SandboxCertificates {
    /// The sub-directory of a sandbox state directory where its services keep the shared PKI.
    public static let stateSubdirectory = "tls"

    /// The certificates in `directory` from an earlier ``generate(in:clientCommonName:)``, or new ones when a file is
    /// missing or the server certificate expires within the hour.
    ///
    /// Services started into the same state directory call this so they all chain to one CA, which is also what
    /// lets a restarted sandbox keep the CA its users already trust. `clientCommonName` only applies to new files.
    /// - Parameters:
    ///   - directory: Where the files are, or go.
    ///   - clientCommonName: The client certificate's common name when the files are generated.
    /// - Returns: The file paths and the PEM contents a client needs.
    /// - Throws: ``SandboxCertificatesError`` when a file cannot be read or generation fails.
    public static func reusingOrGenerating(in directory: String, clientCommonName: String = "updraft-test") throws
        -> SandboxCertificates
    {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        func path(_ name: String) -> String { base.appendingPathComponent(name).path }
        let names = ["ca.crt", "server.crt", "server.key", "client.crt", "client.key"]
        let complete = names.allSatisfy { FileManager.default.fileExists(atPath: path($0)) }
        // `-checkend` exits non-zero when the certificate expires within the given seconds.
        let checkExpiry = ["x509", "-checkend", "3600", "-noout", "-in", path("server.crt")]
        guard complete, (try? OpenSSLCommand.run(step: "check server certificate", checkExpiry)) != nil else {
            return try generate(in: directory, clientCommonName: clientCommonName)
        }
        return SandboxCertificates(
            caCertificateFile: path("ca.crt"), serverCertificateFile: path("server.crt"),
            serverKeyFile: path("server.key"), clientCertificateFile: path("client.crt"),
            clientKeyFile: path("client.key"),
            caCertificatePEM: try read(path("ca.crt")), clientCertificatePEM: try read(path("client.crt")),
            clientKeyPEM: try read(path("client.key")))
    }
}
