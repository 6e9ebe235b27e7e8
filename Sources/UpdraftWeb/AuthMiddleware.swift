import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// Lets a request through when authentication is off (loopback), or when it carries a bearer token from
/// `POST /auth/token` or the basic credentials of a configured user. `/health` and `/auth/token` stay open (probes,
/// signing in). An API caller without credentials gets a 401 JSON error; a browser gets the basic-auth prompt.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let auth: WebAuthConfiguration?
    let tokens: TokenIssuer

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let auth, !Self.isOpen(request.uri.path) else { return try await next(request, context) }
        if let bearer = request.headers.bearer, tokens.isValid(bearer.token) {
            return try await next(request, context)
        }
        if let basic = request.headers.basic, Self.matches(auth, user: basic.username, password: basic.password) {
            return try await next(request, context)
        }
        if request.uri.path.hasPrefix("/api/") {
            throw APIError(.unauthorized, "Not authenticated: send a bearer token from POST /auth/token")
        }
        return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"Updraft\", charset=\"UTF-8\""])
    }

    static func isOpen(_ path: String) -> Bool {
        path == "/health" || path == "/auth/token"
    }

    /// Whether `user` exists with `password`, comparing in time independent of where the passwords differ.
    static func matches(_ auth: WebAuthConfiguration, user: String, password: String) -> Bool {
        guard let expected = auth.users[user] else { return false }
        let lhs = Array(expected.utf8), rhs = Array(password.utf8)
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<min(lhs.count, rhs.count) { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
