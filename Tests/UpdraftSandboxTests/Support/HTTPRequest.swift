import Foundation

/// A response as curl saw it: status, headers (names lower-cased) and body.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    /// The body decoded as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a JSON object: \(body)"))
        }
        return object
    }
}

struct CurlFailed: Error, CustomStringConvertible {
    var result: CurlResult
    var description: String { "curl exited \(result.exitCode): \(result.errorOutput)" }
}

/// Sends one HTTP request with curl and parses the response head.
func send(
    _ method: String, _ url: String, headers: [String] = [], body: String? = nil, extraArguments: [String] = []
) async throws -> HTTPResult {
    var arguments = ["--include", "-X", method] + extraArguments
    for header in headers { arguments += ["-H", header] }
    if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
    let result = try await curl(arguments + [url])
    guard result.exitCode == 0 else { throw CurlFailed(result: result) }
    let parts = result.output.components(separatedBy: "\r\n\r\n")
    let headLines = parts[0].components(separatedBy: "\r\n")
    let statusLine = headLines[0].split(separator: " ")
    var headerFields: [String: String] = [:]
    for line in headLines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headerFields[line[..<colon].lowercased()] = line[line.index(after: colon)...]
            .trimmingCharacters(in: .whitespaces)
    }
    return HTTPResult(
        status: statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0, headers: headerFields,
        body: parts.dropFirst().joined(separator: "\r\n\r\n"))
}
