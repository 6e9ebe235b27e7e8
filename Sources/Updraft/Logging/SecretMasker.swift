import Foundation
import Synchronization

/// Replaces every registered secret with `***` in text: task logs, error messages, reports.
///
/// Connections register their password (and its encoded forms: percent-encoded, JSON-escaped), the Base64
/// `Basic` credentials of their login and password, and their sensitive extras when they are loaded; hooks
/// register tokens they obtain. Secrets shorter than ``minimumLength`` Unicode scalars are not masked (masking a
/// two-letter password would shred every log line), as in Airflow (`min_length_masked_secret`).
///
/// Secrets are matched on Unicode scalars (in fact on their UTF-8 bytes), never on grapheme clusters, so a
/// combining mark written right after a secret does not hide it from the masker.
public final class SecretMasker: Sendable {
    /// Secrets shorter than this (in Unicode scalars) are not registered.
    public let minimumLength: Int
    private let table = Mutex(SecretTable())

    /// Creates an empty masker.
    public init(minimumLength: Int = 5) { self.minimumLength = minimumLength }

    /// Registers `secret` and the forms it takes once encoded: percent-encoded (as in a URL, with `%20` or `+`
    /// for a space, upper- or lower-case hex digits) and escaped as in a JSON string.
    public func register(_ secret: String) {
        guard secret.unicodeScalars.count >= minimumLength else { return }
        let forms = Self.encodedForms(of: secret)
        table.withLock { table in
            for form in forms { table.insert(Array(form.utf8)) }
        }
    }

    /// Registers `password` and the Base64 value of an HTTP `Authorization: Basic` header built from
    /// `username` and `password` (RFC 7617: `base64(username:password)`), which contains the password in a form
    /// no substring match on the password finds.
    public func registerBasicCredentials(username: String, password: String) {
        register(password)
        guard password.unicodeScalars.count >= minimumLength else { return }
        register(Data("\(username):\(password)".utf8).base64EncodedString())
    }

    /// Registers the password and the sensitive extras of `connection`, and the `Basic` credentials of its login
    /// and password.
    public func register(_ connection: GenericConnection) {
        if let password = connection.password {
            registerBasicCredentials(username: connection.login ?? "", password: password)
        }
        for value in connection.sensitiveExtraValues {
            register(value)
            // `Authorization: Bearer <token>`: the token alone must be masked too.
            if let space = value.lastIndex(of: " ") { register(String(value[value.index(after: space)...])) }
        }
    }

    /// `text` with every registered secret replaced by `***`.
    public func mask(_ text: String) -> String {
        let current = table.withLock { $0 }
        guard !current.isEmpty else { return text }
        var bytes = Array(text.utf8)
        var changed = false
        // One pass leaves no registered secret in the text unless a secret contains `*`: only then can `***` and
        // its neighbours form one anew, and another pass is needed (each pass shortens the text, so this ends).
        while let masked = current.replacingSecrets(in: bytes) {
            bytes = masked
            changed = true
            guard current.hasSecretWithMaskCharacter else { break }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    private static func encodedForms(of secret: String) -> Set<String> {
        let quoted = PercentEncoding.quote(secret)
        let quotedPlus = PercentEncoding.quotePlus(secret)
        let json = String(JSONValue.string(secret).jsonText.dropFirst().dropLast())
        return [
            secret, quoted, quotedPlus, lowercasingHexDigits(quoted), lowercasingHexDigits(quotedPlus),
            json, json.replacingOccurrences(of: "/", with: "\\/"),
        ]
    }

    /// `%2F` → `%2f`: another common spelling of the same percent-encoding.
    private static func lowercasingHexDigits(_ encoded: String) -> String {
        var bytes = Array(encoded.utf8)
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                for offset in 1...2 where (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(bytes[index + offset]) {
                    bytes[index + offset] += 32
                }
                index += 3
            } else {
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
