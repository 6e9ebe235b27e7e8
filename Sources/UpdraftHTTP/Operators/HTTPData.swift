public import Updraft
import UpdraftCurl

/// The `data` of an HTTP operator (Airflow's `data`): sent as the query string of a GET, dropped for a HEAD, and
/// as the body of any other method.
///
/// ```swift
/// data: .json(["executable": "5fb2f5126a1cd451b07bee7a"])   // body {"executable":"…"}, Content-Type JSON
/// data: .form(["q": "talend", "page": "2"])                 // q=talend&page=2
/// data: .text(#"{"executable": "5fb2f5126a1cd451b07bee7a"}"#) // sent verbatim, as Python's json.dumps string
/// ```
public enum HTTPData: Sendable, Hashable {
    /// A JSON value: the body is its JSON text with `Content-Type: application/json` (unless a header says
    /// otherwise); for a GET an object's members become query items.
    case json(JSONValue)
    /// Form fields: `application/x-www-form-urlencoded` body, or query items for a GET (sorted by name).
    case form([String: String])
    /// Text sent verbatim as the body, or appended verbatim as the query string of a GET.
    case text(String)

    /// The query items or raw query this data contributes to a GET.
    var queryItems: [(name: String, value: String)] {
        switch self {
        case .json(let value):
            return (value.objectValue ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.textValue) }
        case .form(let fields):
            return fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        case .text:
            return []
        }
    }

    /// The body bytes and the content type this data implies (nil for raw text, as `requests` sends none).
    var body: (bytes: [UInt8], contentType: String?) {
        switch self {
        case .json(let value): (Array(value.jsonText.utf8), "application/json")
        case .form: (Array(FormEncoding.encode(queryItems).utf8), "application/x-www-form-urlencoded")
        case .text(let text): (Array(text.utf8), nil)
        }
    }

    /// `data` merged over this (pagination: objects and forms merge, the new value wins; anything else replaces).
    func merged(with data: HTTPData) -> HTTPData {
        switch (self, data) {
        case (.json(.object(let old)), .json(.object(let new))):
            .json(.object(old.merging(new) { _, newer in newer }))
        case (.form(let old), .form(let new)):
            .form(old.merging(new) { _, newer in newer })
        default:
            data
        }
    }

    /// Fills `request` with this data for its method.
    func apply(to request: inout HTTPHookRequest) {
        switch request.method.rawValue.uppercased() {
        case "GET":
            if case .text(let raw) = self, !raw.isEmpty {
                let endpoint = request.endpoint ?? ""
                request.endpoint = endpoint + (endpoint.contains("?") ? "&" : "?") + raw
            } else {
                request.query += queryItems
            }
        case "HEAD":
            break
        default:
            let (bytes, contentType) = body
            request.body = bytes
            if let contentType { request.defaultHeaders.replaceOrAdd(name: "Content-Type", value: contentType) }
        }
    }
}
