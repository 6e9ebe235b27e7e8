public import Foundation
import Updraft

/// Where run archives are saved: `<root>/<dag_id>/<run_id>.json` (by default under `.updraft/runs`).
public struct RunArchiveDirectory: Sendable {
    /// The default root, relative to the working directory.
    public static let defaultRoot = ".updraft/runs"

    /// The root directory.
    public let root: URL

    /// A directory rooted at `root`.
    public init(root: URL) { self.root = root }

    /// The file of run `runID` of `dagID`. Characters other than letters, digits, `.`, `_`, `-` and `+` are
    /// replaced with `_` in the file name (run ids contain `:` from their date).
    public func fileURL(dagID: String, runID: String) -> URL {
        root.appending(path: Self.safeName(dagID), directoryHint: .isDirectory)
            .appending(path: Self.safeName(runID) + ".json", directoryHint: .notDirectory)
    }

    /// Saves `archive` (creating directories), replacing an earlier archive of the same run; returns its file.
    /// - Throws: ``RunArchiveError`` when the file cannot be written.
    @discardableResult
    public func save(_ archive: RunArchive) throws -> URL {
        let url = fileURL(dagID: archive.run.dagID, runID: archive.run.runID)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try Self.encoder.encode(archive).write(to: url, options: .atomic)
        } catch {
            throw RunArchiveError(path: url.path, message: "cannot write the run archive: \(error.localizedDescription)")
        }
        return url
    }

    /// Loads run `runID` of `dagID`, or the run that started last when `runID` is nil.
    /// - Throws: ``RunArchiveError`` naming the runs that exist when there is no such run.
    public func load(dagID: String, runID: String?) throws -> RunArchive {
        if let runID {
            let url = fileURL(dagID: dagID, runID: runID)
            guard FileManager.default.fileExists(atPath: url.path) else {
                let known = try archives(dagID: dagID).map(\.run.runID)
                throw RunArchiveError(path: url.path, message: """
                    no saved run '\(runID)' of DAG '\(dagID)'; \
                    \(known.isEmpty ? "no run is saved" : "saved runs: \(known.joined(separator: ", "))")
                    """)
            }
            return try Self.decode(url)
        }
        guard let latest = try archives(dagID: dagID).last else {
            throw RunArchiveError(path: root.path, message: "no saved run of DAG '\(dagID)': run it first")
        }
        return latest
    }

    /// Every saved run of `dagID`, oldest start first.
    /// - Throws: ``RunArchiveError`` when a file cannot be read.
    public func archives(dagID: String) throws -> [RunArchive] {
        let folder = root.appending(path: Self.safeName(dagID), directoryHint: .isDirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted()
            .map { try Self.decode(folder.appending(path: $0, directoryHint: .notDirectory)) }
            .sorted { ($0.run.startDate ?? $0.run.logicalDate) < ($1.run.startDate ?? $1.run.logicalDate) }
    }

    private static func decode(_ url: URL) throws -> RunArchive {
        do {
            return try decoder.decode(RunArchive.self, from: Data(contentsOf: url))
        } catch {
            throw RunArchiveError(path: url.path, message: "cannot read the run archive: \(error)")
        }
    }

    static func safeName(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-+".contains($0)) ? $0 : "_" })
    }

    /// Dates keep their milliseconds: a Gantt chart of short tries needs them.
    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(dateStyle))
        }
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = try? dateStyle.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return decoder
    }()
}

/// A run archive could not be read or written.
public struct RunArchiveError: Error, Sendable, CustomStringConvertible {
    /// The file or directory concerned.
    public var path: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(message) (\(path))" }
}
