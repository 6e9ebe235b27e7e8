/// A step of ``SandboxCertificates/generate(in:clientCommonName:)`` failed.
public struct SandboxCertificatesError: Error, CustomStringConvertible {
    /// Which step failed, e.g. `"sign server certificate"`.
    public var step: String
    /// The `openssl` exit status, when it ran.
    public var status: Int32?
    /// The first 500 characters of `openssl`'s output or of the underlying error (keys are never printed by it).
    public var output: String

    init(step: String, status: Int32?, output: String) {
        self.step = step
        self.status = status
        self.output = String(output.prefix(500))
    }

    /// A one-line summary: the step, the exit status and the output excerpt.
    public var description: String {
        "certificate generation failed at '\(step)'" + (status.map { " (openssl exit \($0))" } ?? "") + ": \(output)"
    }
}
