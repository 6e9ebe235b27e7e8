import Foundation

/// The SMTP conversation of one connection (RFC 5321 subset), as a state machine over received lines: no I/O,
/// so the connection feeds it lines and sends back what it returns.
struct SMTPSession {
    /// What to do after a line: replies to send, a message to store (before the 250 is sent), whether to start the
    /// TLS handshake (right after sending the replies, before reading further) and whether to close.
    struct Output {
        var replies: [String] = []
        var delivered: SMTPReceivedMessage?
        var startTLS = false
        var close = false

        static func reply(_ text: String) -> Output { Output(replies: [text]) }
    }

    private enum Phase {
        case command
        case data
        case authPlain
        case authLoginUsername
        case authLoginPassword(username: String)
    }

    private let configuration: SMTPSinkConfiguration
    private var phase = Phase.command
    private var greeted = false
    private var tlsActive: Bool
    private var authenticatedUser: String?
    private var from: String?
    private var recipients: [String] = []
    private var data: [UInt8] = []
    private var dataTooLarge = false

    /// Starts a session; with implicit TLS the connection is already encrypted.
    init(configuration: SMTPSinkConfiguration) {
        self.configuration = configuration
        tlsActive = configuration.tls?.mode == .implicit
    }

    /// `STARTTLS` is advertised and accepted only before the upgrade, and only when configured.
    private var offersStartTLS: Bool { configuration.tls?.mode == .startTLS && !tlsActive }

    /// Whether `AUTH` and `MAIL` must wait for `STARTTLS`.
    private var awaitingRequiredTLS: Bool { configuration.tls?.requireTLS == true && !tlsActive }

    /// The greeting sent when a client connects.
    var greeting: String { "220 \(configuration.hostname) ESMTP Updraft sandbox" }

    /// Handles one line (without its CR LF).
    mutating func receive(_ line: [UInt8]) -> Output {
        switch phase {
        case .data: return receiveData(line)
        case .authPlain: return finishAuthPlain(String(decoding: line, as: UTF8.self))
        case .authLoginUsername:
            guard let username = Self.base64Text(String(decoding: line, as: UTF8.self)) else { return authFailed() }
            phase = .authLoginPassword(username: username)
            return .reply("334 UGFzc3dvcmQ6")  // "Password:"
        case .authLoginPassword(let username):
            phase = .command
            guard let password = Self.base64Text(String(decoding: line, as: UTF8.self)) else { return authFailed() }
            return authenticate(username: username, password: password)
        case .command: return receiveCommand(String(decoding: line, as: UTF8.self))
        }
    }

    private mutating func receiveCommand(_ line: String) -> Output {
        let verb = line.prefix { $0 != " " }.uppercased()
        let argument = line.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        switch verb {
        case "EHLO":
            greeted = true
            resetTransaction()
            var lines = [configuration.hostname, "8BITMIME", "SIZE \(configuration.maximumMessageSize)"]
            if offersStartTLS { lines.append("STARTTLS") }
            if configuration.credentials != nil, !awaitingRequiredTLS { lines.append("AUTH PLAIN LOGIN") }
            return Output(replies: lines.enumerated().map { index, text in
                (index == lines.count - 1 ? "250 " : "250-") + text
            })
        case "HELO":
            greeted = true
            resetTransaction()
            return .reply("250 \(configuration.hostname)")
        case "STARTTLS": return startTLS(argument)
        case "AUTH": return startAuth(argument)
        case "MAIL": return mail(argument)
        case "RCPT": return recipient(argument)
        case "DATA":
            guard from != nil, !recipients.isEmpty else { return .reply("503 5.5.1 Bad sequence of commands") }
            phase = .data
            return .reply("354 Start mail input; end with <CRLF>.<CRLF>")
        case "RSET":
            resetTransaction()
            return .reply("250 2.0.0 OK")
        case "NOOP": return .reply("250 2.0.0 OK")
        case "QUIT": return Output(replies: ["221 2.0.0 Bye"], close: true)
        default: return .reply("500 5.5.2 Command not recognized")
        }
    }

    private mutating func mail(_ argument: String) -> Output {
        guard greeted else { return .reply("503 5.5.1 Send EHLO or HELO first") }
        guard from == nil else { return .reply("503 5.5.1 Sender already given") }
        guard let address = Self.address(after: "FROM:", in: argument) else {
            return .reply("501 5.5.4 Syntax: MAIL FROM:<address>")
        }
        if awaitingRequiredTLS { return .reply("530 5.7.0 Must issue a STARTTLS command first") }
        if configuration.requiresAuthentication, configuration.credentials != nil, authenticatedUser == nil {
            return .reply("530 5.7.0 Authentication required")
        }
        from = address
        return .reply("250 2.1.0 OK")
    }

    private mutating func recipient(_ argument: String) -> Output {
        guard from != nil else { return .reply("503 5.5.1 Need MAIL FROM first") }
        guard let address = Self.address(after: "TO:", in: argument), !address.isEmpty else {
            return .reply("501 5.5.4 Syntax: RCPT TO:<address>")
        }
        guard !configuration.rejectedRecipients.contains(address) else {
            return .reply("550 5.1.1 Mailbox unavailable: \(address)")
        }
        recipients.append(address)
        return .reply("250 2.1.5 OK")
    }

    private mutating func receiveData(_ line: [UInt8]) -> Output {
        if line == [UInt8(ascii: ".")] {
            phase = .command
            defer { resetTransaction() }
            if dataTooLarge { return .reply("552 5.3.4 Message size exceeds fixed maximum message size") }
            let message = SMTPReceivedMessage(
                from: from ?? "", recipients: recipients, data: data, authenticatedUser: authenticatedUser,
                overTLS: tlsActive)
            return Output(replies: ["250 2.0.0 OK: message accepted"], delivered: message)
        }
        // Dot-unstuffing (RFC 5321 §4.5.2): a leading "." was doubled by the client.
        let content = line.first == UInt8(ascii: ".") ? line.dropFirst() : line[...]
        if data.count + content.count + 2 > configuration.maximumMessageSize {
            dataTooLarge = true
            data = []
        } else if !dataTooLarge {
            data.append(contentsOf: content)
            data.append(contentsOf: [13, 10])
        }
        return Output()
    }

    /// RFC 3207: after `220` the handshake starts and the session forgets everything said in plain text.
    private mutating func startTLS(_ argument: String) -> Output {
        guard offersStartTLS else {
            return .reply(tlsActive ? "503 5.5.1 TLS already active" : "502 5.5.1 STARTTLS not offered")
        }
        guard argument.isEmpty else { return .reply("501 5.5.4 Syntax: STARTTLS") }
        greeted = false
        authenticatedUser = nil
        resetTransaction()
        tlsActive = true
        return Output(replies: ["220 2.0.0 Ready to start TLS"], startTLS: true)
    }

    private mutating func startAuth(_ argument: String) -> Output {
        guard configuration.credentials != nil else { return .reply("502 5.5.1 AUTH not offered") }
        guard !awaitingRequiredTLS else { return .reply("530 5.7.0 Must issue a STARTTLS command first") }
        guard authenticatedUser == nil else { return .reply("503 5.5.1 Already authenticated") }
        let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts.first?.uppercased() {
        case "PLAIN":
            guard parts.count == 2 else {
                phase = .authPlain
                return .reply("334 ")
            }
            return finishAuthPlain(parts[1])
        case "LOGIN":
            guard parts.count == 2 else {
                phase = .authLoginUsername
                return .reply("334 VXNlcm5hbWU6")  // "Username:"
            }
            guard let username = Self.base64Text(parts[1]) else { return authFailed() }
            phase = .authLoginPassword(username: username)
            return .reply("334 UGFzc3dvcmQ6")
        default:
            return .reply("504 5.5.4 Unrecognized authentication type")
        }
    }

    /// `AUTH PLAIN` response: base64 of `authzid NUL authcid NUL password`.
    private mutating func finishAuthPlain(_ response: String) -> Output {
        phase = .command
        guard let decoded = Data(base64Encoded: response) else { return authFailed() }
        let fields = decoded.split(separator: 0, omittingEmptySubsequences: false)
        guard fields.count == 3 else { return authFailed() }
        return authenticate(
            username: String(decoding: fields[1], as: UTF8.self), password: String(decoding: fields[2], as: UTF8.self))
    }

    private mutating func authenticate(username: String, password: String) -> Output {
        guard let credentials = configuration.credentials, credentials.username == username,
            credentials.password == password
        else { return authFailed() }
        authenticatedUser = username
        return .reply("235 2.7.0 Authentication successful")
    }

    private mutating func authFailed() -> Output {
        phase = .command
        return .reply("535 5.7.8 Authentication credentials invalid")
    }

    private mutating func resetTransaction() {
        from = nil
        recipients = []
        data = []
        dataTooLarge = false
    }

    /// The address in `FROM:<a@b> SIZE=1` (angle brackets optional, `<>` gives the empty null sender).
    private static func address(after keyword: String, in argument: String) -> String? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("<") {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<close])
        }
        return rest.split(separator: " ").first.map(String.init)
    }

    private static func base64Text(_ text: String) -> String? {
        Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)).map { String(decoding: $0, as: UTF8.self) }
    }
}
