import Foundation

/// One mailbox, `ops@example.com` or `Data Team <ops@example.com>`, validated so it cannot break a header.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, if any (any Unicode text; encoded per RFC 2047 in headers when not ASCII).
    public var displayName: String?
    /// The bare address, plain ASCII `local@domain`: what goes in the SMTP envelope.
    public var address: String

    /// Parses `local@domain`, `Name <local@domain>` or `"Name" <local@domain>`.
    /// - Throws: ``EmailError`` `headerInjection` when the text holds CR, LF or NUL; `invalidAddress` otherwise.
    public init(parsing text: String) throws(EmailError) {
        try HeaderText.rejectLineBreaks(text, in: "address")
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let bare = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            try self.init(address: bare, displayName: Self.unquoted(name))
        } else {
            try self.init(address: trimmed, displayName: nil)
        }
    }

    /// Creates a mailbox from its parts.
    /// - Throws: ``EmailError`` as ``init(parsing:)``.
    public init(address: String, displayName: String?) throws(EmailError) {
        try HeaderText.rejectLineBreaks(address, in: "address")
        if let displayName { try HeaderText.rejectLineBreaks(displayName, in: "display name") }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = Set("<>()[]\\,;:\" \t".unicodeScalars)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              address.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && !forbidden.contains($0) })
        else {
            throw EmailError(.invalidAddress, "\(EmailError.quoted(address)) is not a plain ASCII local@domain address")
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The domain part, for example `example.com`.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...]) }

    /// The mailbox as written in a header: the display name as an atom phrase, a quoted string or RFC 2047
    /// encoded words, then the address in angle brackets.
    public var headerForm: String {
        guard let displayName else { return address }
        return "\(HeaderText.phrase(displayName)) <\(address)>"
    }

    /// The mailbox as written in a header (``headerForm``).
    public var description: String { headerForm }

    private static func unquoted(_ name: String) -> String? {
        guard name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") else { return name.isEmpty ? nil : name }
        var result = ""
        var escaping = false
        for character in name.dropFirst().dropLast() {
            if !escaping && character == "\\" {
                escaping = true
                continue
            }
            escaping = false
            result.append(character)
        }
        return result
    }
}
