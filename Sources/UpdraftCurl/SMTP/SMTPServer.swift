/// Where and how to deliver mail.
public struct SMTPServer: Sendable, CustomStringConvertible {
    /// How the connection is encrypted.
    public struct Encryption: Sendable, Hashable, CustomStringConvertible {
        enum Mode: String, Sendable, Hashable {
            case implicitTLS, startTLSRequired, startTLSIfAvailable, none
        }

        let mode: Mode

        /// TLS from the first byte (`smtps://`, usually port 465).
        public static let implicitTLS = Encryption(mode: .implicitTLS)
        /// Upgrade with STARTTLS, and fail with ``CurlError/Code/tlsUnavailable`` if the server cannot.
        public static let startTLSRequired = Encryption(mode: .startTLSRequired)
        /// Upgrade with STARTTLS when offered, otherwise continue in clear text.
        public static let startTLSIfAvailable = Encryption(mode: .startTLSIfAvailable)
        /// Clear text; credentials are then readable on the network.
        public static let none = Encryption(mode: .none)

        /// The mode's name.
        public var description: String { mode.rawValue }
    }

    /// A user name and password for `AUTH` (libcurl picks PLAIN, LOGIN or another mechanism the server offers).
    public struct Credentials: Sendable, Hashable, CustomStringConvertible {
        /// The login.
        public var username: String
        /// The password. Never printed.
        public var password: String

        /// Creates credentials.
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// The user name only.
        public var description: String { "\(username):<redacted>" }
    }

    /// The server's host name or IP address.
    public var host: String
    /// The port: typically 587 (STARTTLS), 465 (implicit TLS) or 25.
    public var port: Int
    /// How the connection is encrypted; STARTTLS is required by default.
    public var encryption: Encryption
    /// The login, if the server requires one.
    public var credentials: Credentials?
    /// TLS settings (trust roots, server name, the insecure switch).
    public var tls: TLSConfiguration
    /// Connect and whole-send timeouts.
    public var timeouts: Timeouts

    /// Creates a server description.
    public init(
        host: String, port: Int = 587, encryption: Encryption = .startTLSRequired, credentials: Credentials? = nil,
        tls: TLSConfiguration = .default, timeouts: Timeouts = Timeouts(connect: .seconds(30), request: .seconds(300))
    ) {
        self.host = host
        self.port = port
        self.encryption = encryption
        self.credentials = credentials
        self.tls = tls
        self.timeouts = timeouts
    }

    /// The URL libcurl connects to: `smtps://` for implicit TLS, `smtp://` otherwise.
    var url: String {
        let scheme = encryption == .implicitTLS ? "smtps" : "smtp"
        let bracketedHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketedHost):\(port)"
    }

    /// Host, port, encryption and user name; never the password.
    public var description: String {
        "SMTPServer(\(url), \(encryption)" + (credentials.map { ", \($0)" } ?? "") + ")"
    }
}
