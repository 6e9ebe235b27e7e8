/// A Talend Cloud service account's client credentials (talend-api.md §2): exchanged at
/// `POST /security/oauth/token` for access tokens that last 30 minutes, which ``LiveTalendCloudHook`` obtains,
/// caches and renews by itself.
///
/// In a connection: the extras `client_id` and `client_secret` (the secret is masked like every extra whose name
/// contains "secret").
public struct TalendServiceAccount: Sendable, Hashable, CustomStringConvertible {
    /// The client id.
    public var clientID: String
    /// The client secret.
    public var clientSecret: String

    /// Credentials of a service account.
    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// Names the account, never the secret.
    public var description: String { "service account \(clientID)" }
}
