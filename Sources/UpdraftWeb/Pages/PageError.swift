import Foundation
import HTTPTypes
import Hummingbird
import UpdraftDrawing

/// A page request that cannot be answered, shown as an HTML page with its status and a message naming what is
/// wrong. Messages are masked before they get here (``PageRoutes`` masks what it catches) and escaped when shown.
struct PageError: Error, HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        HTMLPage(title: "\(status.code) \(status.reasonPhrase)", crumbs: [],
                 body: "<h1>\(status.code) \(HTMLText.escape(status.reasonPhrase))</h1>"
                     + "<p class=\"error\">\(HTMLText.escape(message))</p><p><a href=\"/dags\">DAGs</a></p>")
            .response(status: status)
    }
}
