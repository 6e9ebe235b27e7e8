public import Foundation

/// A username and password the simulator accepts as HTTP basic authentication (`Authorization: Basic …`), as
/// clients send for a kubeconfig user with `username` and `password`.
public struct KubernetesBasicAuth: Sendable, Hashable {
    /// The user name.
    public var username: String
    /// The password.
    public var password: String

    /// Creates credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The Base64 of `username:password`: what follows `Basic ` in the header.
    public var headerValue: String { Data("\(username):\(password)".utf8).base64EncodedString() }
}
