import Foundation
import ProcessTestSupport

/// A page fetched with curl: status, headers (lower-cased names) and body.
struct PageResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let body: String

    /// The value of the first `<input name="csrf" value="…">` of the page.
    var csrfToken: String? {
        guard let range = body.range(of: #"name="csrf" value=""#) else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// Fetches pages and posts forms over loopback with curl, as a browser would send them.
enum PageClient {
    static func get(_ url: String, headers: [String] = []) async throws -> PageResponse {
        try await request("GET", url, form: nil, headers: headers)
    }

    /// Posts `form` URL-encoded, as an HTML form does.
    static func post(_ url: String, form: [(String, String)], headers: [String] = []) async throws -> PageResponse {
        try await request("POST", url, form: form, headers: headers)
    }

    private static func request(_ method: String, _ url: String, form: [(String, String)]?,
                                headers: [String]) async throws -> PageResponse {
        let scratch = FileManager.default.temporaryDirectory
        let headerFile = scratch.appending(path: "headers-\(UUID().uuidString).txt")
        var arguments = ["-sS", "-X", method, "-D", headerFile.path, "-w", "\n%{http_code}", url]
        for header in headers { arguments += ["-H", header] }
        if let form {
            let file = scratch.appending(path: "form-\(UUID().uuidString).txt")
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            let encoded = form.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&")
            try Data(encoded.utf8).write(to: file)
            arguments += ["-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "@\(file.path)"]
        }
        let exit = try await ChildProcess.run("curl", arguments)
        let lines = exit.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let headerText = (try? String(contentsOf: headerFile, encoding: .utf8)) ?? ""
        var fields: [String: String] = [:]
        for line in headerText.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return PageResponse(status: Int(lines.last ?? "") ?? 0, headers: fields,
                            body: lines.dropLast().joined(separator: "\n"))
    }
}

/// Whether `text` holds `secret` in any form a page or an answer could carry it: as is, HTML-escaped, JSON-escaped,
/// percent-encoded or in base64.
func leaks(_ secret: String, in text: String) -> Bool {
    let html = secret.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
    let json = String(decoding: (try? JSONEncoder().encode(secret)) ?? Data(), as: UTF8.self).dropFirst().dropLast()
    let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
    let base64 = Data(secret.utf8).base64EncodedString()
    return [secret, html, String(json), percent, base64, String(base64.dropLast(4))].contains { text.contains($0) }
}
