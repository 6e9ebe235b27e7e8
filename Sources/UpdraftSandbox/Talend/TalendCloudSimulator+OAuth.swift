public import Foundation

extension TalendCloudSimulator {
    /// How long an access token from `POST /security/oauth/token` is accepted (Talend: 30 minutes).
    public static let accessTokenLifetime: TimeInterval = 30 * 60

    /// The service account the default configuration knows (client id → client secret).
    public static let defaultServiceAccount = (clientID: "sandbox-service-account", clientSecret: "sandbox-sa-secret")

    /// `POST /security/oauth/token` (talend-api.md §2): a service account's client credentials, in HTTP Basic auth,
    /// for an access token valid ``accessTokenLifetime`` seconds, given the body
    /// `{"audience": "https://api.<env>.cloud.talend.com", "grant_type": "client_credentials"}`.
    static func issueAccessToken(
        _ request: SandboxHTTPRequest, state: inout State, serviceAccounts: [String: String], now: Date
    ) -> SandboxHTTPResponse {
        guard request.method == "POST" else { return methodNotAllowed(request) }
        guard let (clientID, clientSecret) = basicCredentials(request), serviceAccounts[clientID] == clientSecret else {
            return TalendErrorResponse(status: 401, message: "Unauthorized", detail: "Bad client credentials")
                .response
        }
        struct TokenRequest: Decodable {
            var audience: String?
            var grant_type: String?
        }
        guard let body = try? JSONDecoder().decode(TokenRequest.self, from: Data(request.body)),
              body.grant_type == "client_credentials", let audience = body.audience, !audience.isEmpty
        else {
            return TalendErrorResponse.badRequest(
                #"expected {"audience": "https://api.<env>.cloud.talend.com", "grant_type": "client_credentials"}"#
            ).response
        }
        struct TokenResponse: Encodable {
            var access_token: String
            var token_type = "Bearer"
            var expires_in = Int(TalendCloudSimulator.accessTokenLifetime)
        }
        let token = "sa-" + UUID().uuidString.lowercased()
        state.issuedTokens[token] = now.addingTimeInterval(accessTokenLifetime)
        return .json(200, TokenResponse(access_token: token))
    }

    /// The client id and secret of an `Authorization: Basic base64(id:secret)` header.
    private static func basicCredentials(_ request: SandboxHTTPRequest) -> (String, String)? {
        guard let value = request.header("Authorization"), value.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(value.dropFirst("Basic ".count))),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
