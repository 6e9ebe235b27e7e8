import Foundation
import HTTPTypes
import Hummingbird
import Updraft
import UpdraftDrawing

/// The frame of every page: title, breadcrumbs, the shared stylesheet and script (served by ``StaticAssets``), and
/// headers that keep the pages to themselves — a Content-Security-Policy allowing only this site's script (so text
/// that slipped into a page could not run), no framing, no caching of run data, no MIME sniffing.
struct HTMLPage: Sendable {
    var title: String
    var crumbs: [(label: String, href: String)]
    var body: String

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        .cacheControl: "no-store",
    ]

    func render() -> String {
        let trail = crumbs.map { "<a href=\"\($0.href)\">\(HTMLText.escape($0.label))</a>" }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title)) · Updraft</title>
            <link rel="stylesheet" href="\(StaticAssets.stylePath)">
            <script src="\(StaticAssets.scriptPath)" defer></script>
            </head>
            <body>
            <nav class="top"><a class="brand" href="/dags">Updraft</a>\(trail.map { " / " + $0 }.joined())</nav>
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    func response(status: HTTPResponse.Status = .ok) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: render())))
    }
}

/// Escaping and formatting shared by the pages.
enum PageText {
    /// `text` escaped for HTML text or a quoted attribute.
    static func h(_ text: String) -> String { HTMLText.escape(text) }

    /// An id as one URL path segment: every UTF-8 byte but unreserved characters percent-encoded (`+`, `/`, `?`, `#`
    /// included), decoded again by ``Parameters/decoded(_:)``. Byte by byte rather than through Foundation: a grid
    /// encodes thousands of ids per page.
    static func segment(_ id: String) -> String {
        guard !id.utf8.allSatisfy(isUnreserved) else { return id }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(id.utf8.count * 3)
        for byte in id.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 3986's unreserved characters: letters, digits, `-`, `.`, `_`, `~`.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    static func date(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
    }

    static func duration(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "" }
        return DurationText.format(end.timeIntervalSince(start))
    }

    /// A coloured square for a state, with the state as its tooltip (and so its accessible name). Its colour comes
    /// from the stylesheet's rule for its `data-state` (``StaticAssets/stateRules``), not an inline style: the DAG
    /// list and the grid draw ten thousand squares a page.
    static func square(_ state: TaskInstanceState?, label: String, href: String? = nil) -> String {
        let name = state?.rawValue ?? noStatus
        let title = h("\(label): \(name)")
        if let href {
            return "<a class=\"sq\" title=\"\(title)\" data-state=\"\(name)\" href=\"\(href)\"></a>"
        }
        return "<span class=\"sq\" title=\"\(title)\" data-state=\"\(name)\"></span>"
    }

    /// The `data-state` of a square without a state.
    static let noStatus = "no status"

    /// The colour of a run's state, as its tasks' colours.
    static func runState(_ state: DAGRunState) -> TaskInstanceState {
        switch state {
        case .success: .success
        case .failed: .failed
        case .running: .running
        case .queued: .queued
        }
    }

    /// A form posting to `action` with the CSRF token and `fields`, one submit button.
    static func form(_ action: String, csrf: String, button: String, fields: String = "", confirm: String? = nil,
                     style: String = "") -> String {
        let confirmation = confirm.map { " data-confirm=\"\(h($0))\"" } ?? ""
        return "<form method=\"post\" action=\"\(action)\" class=\"action \(style)\"\(confirmation)>"
            + "<input type=\"hidden\" name=\"csrf\" value=\"\(h(csrf))\">\(fields)"
            + "<button type=\"submit\">\(h(button))</button></form>"
    }
}

extension Parameters {
    /// A path parameter with its percent-encoding removed: Hummingbird hands path segments over as sent, and
    /// clients (Airflow's among them) encode run ids such as `manual__2026-01-01T00:00:00+00:00`.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let text = raw.removingPercentEncoding else {
            throw APIError(.badRequest, "\(name) is not valid percent-encoded text")
        }
        return text
    }
}
