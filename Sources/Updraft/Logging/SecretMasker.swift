import Foundation
import Synchronization

/// Replaces every registered secret with `***` in text: task logs, error messages, reports.
///
/// Connections register their password (and its percent-encoded form) and their sensitive extras when they are
/// loaded; hooks register tokens they obtain. Secrets shorter than ``minimumLength`` are not masked (masking a
/// two-letter password would shred every log line), as in Airflow (`min_length_masked_secret`).
public final class SecretMasker: Sendable {
    /// Secrets shorter than this are not registered.
    public let minimumLength: Int
    private let secrets = Mutex<[String]>([])

    /// Creates an empty masker.
    public init(minimumLength: Int = 5) { self.minimumLength = minimumLength }

    /// Registers `secret` and its percent-encoded form.
    public func register(_ secret: String) {
        guard secret.count >= minimumLength else { return }
        let forms = Set([secret, PercentEncoding.quote(secret), PercentEncoding.quotePlus(secret)])
        secrets.withLock { list in
            for form in forms where !list.contains(form) { list.append(form) }
            // Longest first, so a secret that contains another is replaced whole.
            list.sort { $0.count > $1.count }
        }
    }

    /// Registers the password and the sensitive extras of `connection`.
    public func register(_ connection: GenericConnection) {
        if let password = connection.password { register(password) }
        for value in connection.sensitiveExtraValues {
            register(value)
            // `Authorization: Bearer <token>`: the token alone must be masked too.
            if let space = value.lastIndex(of: " ") { register(String(value[value.index(after: space)...])) }
        }
    }

    /// `text` with every registered secret replaced by `***`.
    public func mask(_ text: String) -> String {
        let current = secrets.withLock { $0 }
        guard !current.isEmpty else { return text }
        var result = text
        for secret in current where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}
