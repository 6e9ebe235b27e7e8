public import Updraft
public import UpdraftHTTP

/// A Talend Cloud connection: an Airflow HTTP connection (the seed's `talend_api`: host = the API URL of the
/// region, extra `{"Authorization": "Bearer <token>"}`) with two optional Talend extras, removed before the rest
/// is read as an `HTTPConnection`:
/// - `region`: `us`, `eu`, `ap`, `au`, `us-west`, … gives the host `https://api.<region>.cloud.talend.com` when
///   the connection has no host;
/// - `api_prefix`: `/processing` (default) or the legacy `/tmc/v2.2`.
///
/// A password without a login is taken as the bearer token (a personal access token) when no `Authorization`
/// extra is set. A service account is given instead by the extras `client_id` and `client_secret`
/// (``TalendServiceAccount``): the hook then gets its own access tokens.
public struct TalendConnection: Connection, Sendable {
    /// `"http"`: Talend's API is reached through an HTTP connection.
    public static let connectionType = "http"

    /// The HTTP side: base URL, headers (with the bearer token), options.
    public var http: HTTPConnection
    /// The region the base URL was built from, when it came from the `region` extra.
    public var region: String?
    /// The prefix of the executions endpoints.
    public var apiPrefix: TalendAPIPrefix
    /// The service account whose access tokens authenticate the calls, when the connection names one.
    public var serviceAccount: TalendServiceAccount?

    /// Reads `generic`.
    /// - Throws: `ConnectionError` when neither host nor region is set, or a field is invalid.
    public init(_ generic: GenericConnection) throws {
        var generic = generic
        let region = generic.extra.removeValue(forKey: "region")?.stringValue
        let prefix = generic.extra.removeValue(forKey: "api_prefix")?.stringValue
        if generic.host?.isEmpty ?? true {
            guard let region else {
                throw ConnectionError(.invalidField, connID: generic.connID, """
                    a Talend connection needs a host (https://api.<region>.cloud.talend.com) or a 'region' extra
                    """)
            }
            guard !region.isEmpty, region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw ConnectionError(.invalidField, connID: generic.connID, "invalid Talend region '\(region)'")
            }
            generic.host = "https://api.\(region.lowercased()).cloud.talend.com"
        }
        let hasAuthorization = generic.extra.keys.contains { $0.lowercased() == "authorization" }
        serviceAccount = try Self.serviceAccount(from: &generic, hasAuthorization: hasAuthorization)
        if !hasAuthorization, serviceAccount == nil, generic.login?.isEmpty ?? true, let token = generic.password,
           !token.isEmpty {
            generic.extra["Authorization"] = .string("Bearer \(token)")
            generic.password = nil
        }
        http = try HTTPConnection(generic)
        self.region = region
        apiPrefix = prefix.map(TalendAPIPrefix.init) ?? .processing
    }

    /// Takes the `client_id` and `client_secret` extras out of `generic` (so they never become headers).
    private static func serviceAccount(from generic: inout GenericConnection, hasAuthorization: Bool) throws
        -> TalendServiceAccount?
    {
        let clientID = generic.extra.removeValue(forKey: "client_id")?.stringValue
        let clientSecret = generic.extra.removeValue(forKey: "client_secret")?.stringValue
        switch (clientID, clientSecret) {
        case (nil, nil):
            return nil
        case (let id?, let secret?) where !id.isEmpty && !secret.isEmpty:
            guard !hasAuthorization else {
                throw ConnectionError(.invalidField, connID: generic.connID, """
                    a Talend connection authenticates with an Authorization token or a service account \
                    (client_id and client_secret), not both
                    """)
            }
            return TalendServiceAccount(clientID: id, clientSecret: secret)
        default:
            throw ConnectionError(.invalidField, connID: generic.connID, """
                a Talend service account needs both the 'client_id' and the 'client_secret' extras, as non-empty \
                strings
                """)
        }
    }
}

/// The path prefix of Talend's executions endpoints (talend-api.md §0).
public struct TalendAPIPrefix: Sendable, Hashable, CustomStringConvertible {
    /// The prefix, e.g. `/processing`.
    public var path: String

    /// A prefix; a missing leading `/` is added and a trailing one removed.
    public init(_ path: String) {
        var path = path.hasPrefix("/") ? path : "/" + path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        self.path = path
    }

    /// `/processing`: the supported API (2021-03).
    public static let processing = TalendAPIPrefix("/processing")
    /// `/tmc/v2.2`: the legacy API the seed uses (removed by Talend in R2024-09; same shapes).
    public static let legacy = TalendAPIPrefix("/tmc/v2.2")

    public var description: String { path }
}
