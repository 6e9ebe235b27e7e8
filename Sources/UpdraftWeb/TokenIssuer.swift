import Foundation
import HTTPTypes
import Synchronization

/// Issues and checks the bearer tokens of `POST /auth/token`: random 256-bit values kept in memory with their expiry
/// (a restart signs everyone out, as Airflow's simple auth manager does when its secret key changes).
final class TokenIssuer: Sendable {
    private let tokens = Mutex<[String: Date]>([:])
    private let lifetime: TimeInterval

    init(lifetime: Duration) {
        lifetime.components.seconds > 0 ? (self.lifetime = TimeInterval(lifetime.components.seconds))
            : (self.lifetime = 1)
    }

    /// A new token valid from `now` for the configured lifetime.
    func issue(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        tokens.withLock { tokens in
            tokens = tokens.filter { $0.value > now }
            tokens[token] = now.addingTimeInterval(lifetime)
        }
        return token
    }

    /// Whether `token` was issued here and has not expired at `now`.
    func isValid(_ token: String, now: Date = Date()) -> Bool {
        tokens.withLock { $0[token].map { $0 > now } ?? false }
    }
}
