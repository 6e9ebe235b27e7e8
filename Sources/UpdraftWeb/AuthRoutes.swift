import Foundation
import HTTPTypes
import Hummingbird

/// `POST /auth/token`, as Airflow 3's simple auth manager: a user name and password in JSON give an access token
/// for `Authorization: Bearer`.
struct AuthRoutes: Sendable {
    struct Credentials: Decodable, Sendable {
        let username: String
        let password: String
    }

    struct Token: Encodable, Sendable {
        let access_token: String
    }

    let auth: WebAuthConfiguration?
    let tokens: TokenIssuer
    let maxBodySize: Int

    func add(to router: Router<BasicRequestContext>) {
        router.post("auth/token") { request, _ in
            let credentials = try await JSONResponse.decode(Credentials.self, from: request, limit: maxBodySize)
            // Without configured users (loopback) any name is accepted: the token is then only a formality.
            if let auth, !AuthMiddleware.matches(auth, user: credentials.username, password: credentials.password) {
                throw APIError(.unauthorized, "Invalid credentials")
            }
            return try JSONResponse.make(Token(access_token: tokens.issue()), status: .created)
        }
    }
}
