import Foundation
import HTTPTypes
import Hummingbird

/// Refuses cross-site form posts: every form of the pages carries this server's random token, which another site
/// cannot read (the pages are same-origin and framed by nobody), and a browser's `Origin` or `Sec-Fetch-Site`
/// header, when sent, must name this site. Browsers send Basic credentials with any request to the site, so without
/// this a page elsewhere could trigger or clear runs.
struct CSRFGuard: Sendable {
    /// The token forms carry in their `csrf` field: random per server start.
    let token: String

    init() {
        var generator = SystemRandomNumberGenerator()
        token = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }

    /// Throws a 403 page error unless the form and the request's headers show a same-site post.
    func check(_ form: PageForm, request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw PageError(.forbidden, "refused a cross-site form post (Sec-Fetch-Site: \(site.prefix(40)))")
        }
        if let origin = request.headers[.origin], origin != "null" {
            let host = request.head.authority ?? ""
            guard let originHost = URLComponents(string: origin).map(Self.authority), originHost == host else {
                throw PageError(.forbidden, "refused a form post from another origin")
            }
        }
        guard let sent = form.values["csrf"], Self.constantTimeEqual(sent, token) else {
            throw PageError(.forbidden, "the form's token is missing or stale: reload the page and try again")
        }
    }

    private static func authority(_ components: URLComponents) -> String {
        (components.host ?? "") + (components.port.map { ":\($0)" } ?? "")
    }

    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<min(left.count, right.count) { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
