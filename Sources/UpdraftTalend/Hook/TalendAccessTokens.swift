import Foundation
import Logging
import Synchronization
import Updraft
import UpdraftCurl
import UpdraftHTTP

/// A service account's current access token: obtained at `POST /security/oauth/token` when first needed, reused
/// until a minute before it expires (Talend: 30 minutes), renewed after that or when Talend refuses it.
///
/// A class because the hook is copied freely while the token is one per connection and run.
final class TalendAccessTokens: Sendable {
    let account: TalendServiceAccount
    /// The `audience` of the token request: the API's origin, e.g. `https://api.eu.cloud.talend.com`.
    let audience: String
    let clock: any UpdraftClock
    /// Receives the client secret, its Basic form and every token, so none reaches a log or an error.
    let masker: SecretMasker
    private let current = Mutex<(token: String, renewAfter: Date)?>(nil)

    /// Renewed this long before the expiry Talend announces, so a call never carries a token about to lapse.
    static let margin: TimeInterval = 60

    init(account: TalendServiceAccount, audience: String, clock: any UpdraftClock, masker: SecretMasker) {
        self.account = account
        self.audience = audience
        self.clock = clock
        self.masker = masker
        masker.register(account.clientSecret)
        masker.register(basicCredentials)
    }

    /// `base64(client id:client secret)`, for the token request's `Authorization: Basic`.
    private var basicCredentials: String {
        Data("\(account.clientID):\(account.clientSecret)".utf8).base64EncodedString()
    }

    /// A token valid for a while yet, from the cache or from Talend.
    /// - Throws: ``TalendAPIError`` when Talend refuses the credentials; transport errors.
    func token(http: any HTTPHook, retry: HTTPRetryPolicy, logger: Logger) async throws -> String {
        let now = clock.now()
        if let cached = current.withLock({ $0 }), now < cached.renewAfter { return cached.token }
        let response = try await http.run(HTTPHookRequest(
            method: .post, endpoint: "/security/oauth/token",
            headers: ["Authorization": "Basic \(basicCredentials)", "Content-Type": "application/json",
                      "Accept": "application/json"],
            body: Array(try JSONEncoder().encode(["audience": audience, "grant_type": "client_credentials"])),
            extraOptions: ["check_response": false], retry: retry), logger: logger)
        struct Grant: Decodable {
            var access_token: String
            var expires_in: Double?
        }
        let operation = "get an access token for \(account)"
        guard response.status < 400 else { throw TalendAPIError(response, operation: operation) }
        guard let grant = try? JSONDecoder().decode(Grant.self, from: Data(response.body)) else {
            // No excerpt: a grant that failed to decode may still hold a token the masker does not know yet.
            throw TalendAPIError(operation: operation, status: response.status, message: "but not the JSON expected")
        }
        masker.register(grant.access_token)
        // Capped at a day: an absurd `expires_in` such as 1e300 must not trap in `Int(lifetime)` below.
        let lifetime = grant.expires_in.flatMap { $0 > 0 ? min($0, 86_400) : nil } ?? 30 * 60
        current.withLock { $0 = (grant.access_token, now.addingTimeInterval(max(0, lifetime - Self.margin))) }
        logger.debug("obtained a Talend access token for \(account), valid \(Int(lifetime)) s")
        return grant.access_token
    }

    /// Forgets the token (Talend refused it), so the next call gets a new one.
    func invalidate(_ token: String) {
        current.withLock { if $0?.token == token { $0 = nil } }
    }
}
