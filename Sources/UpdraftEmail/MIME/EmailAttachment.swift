public import Foundation

/// A file attached to an email: its name, content type and bytes (sent base64-encoded).
public struct EmailAttachment: Sendable, Hashable {
    /// The file name shown to the reader (`Content-Disposition: attachment; filename=...`).
    public var filename: String
    /// The MIME type, for example `application/pdf`.
    public var contentType: String
    /// The content.
    public var data: Data

    /// Creates an attachment; the content type defaults to the one of the file name's extension.
    public init(filename: String, data: Data, contentType: String? = nil) {
        self.filename = filename
        self.data = data
        self.contentType = contentType ?? Self.contentType(forFilename: filename)
    }

    /// Reads the file at `path`, named by its last path component.
    /// - Throws: ``EmailError`` `attachmentUnreadable` naming the path.
    public init(contentsOfFile path: String) throws(EmailError) {
        let url = URL(fileURLWithPath: path)
        do {
            self.init(filename: url.lastPathComponent, data: try Data(contentsOf: url))
        } catch {
            throw EmailError(.attachmentUnreadable, "cannot read attachment \(path): \(error.localizedDescription)")
        }
    }

    /// The MIME type for a file name's extension; `application/octet-stream` when unknown.
    public static func contentType(forFilename filename: String) -> String {
        return contentTypes[fileExtension(of: filename)] ?? "application/octet-stream"
    }

    /// The extension of the last path component, lower-cased (`""` when none): `report.CSV` → `csv`. Written out
    /// rather than taken from `NSString.pathExtension`, which traps on names such as `dir//ü`.
    static func fileExtension(of filename: String) -> String {
        let lastComponent = filename.split(separator: "/").last ?? ""
        guard let dot = lastComponent.lastIndex(of: "."), dot != lastComponent.startIndex else { return "" }
        return lastComponent[lastComponent.index(after: dot)...].lowercased()
    }

    private static let contentTypes: [String: String] = [
        "txt": "text/plain", "log": "text/plain", "csv": "text/csv", "tsv": "text/tab-separated-values",
        "html": "text/html", "htm": "text/html", "xml": "application/xml", "json": "application/json",
        "yaml": "application/yaml", "yml": "application/yaml", "pdf": "application/pdf", "zip": "application/zip",
        "gz": "application/gzip", "tar": "application/x-tar", "png": "image/png", "jpg": "image/jpeg",
        "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml", "webp": "image/webp",
        "xls": "application/vnd.ms-excel", "doc": "application/msword",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "parquet": "application/vnd.apache.parquet",
    ]
}
