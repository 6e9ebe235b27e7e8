public import Foundation
public import Updraft

/// Where runs are saved: one directory per run in Airflow's log layout, `<root>/dag_id=<dag>/run_id=<run>/`,
/// holding the run's archive (`run.json`), the full log of each try (`task_id=<task>/attempt=<n>.log`, written by
/// the engine while the run goes) and, by default, its report (`report.html`). A DAG executable's root is
/// `$UPDRAFT_HOME/runs`.
public struct RunArchiveDirectory: Sendable {
    /// The root directory.
    public let root: URL

    /// A directory rooted at `root`.
    public init(root: URL) { self.root = root }

    /// The task logs of the saved runs (`run` makes the root the engine's `logDirectory`).
    public var logs: TaskLogDirectory { TaskLogDirectory(root: root) }

    /// The directory of run `runID` of `dagID`.
    public func runDirectory(dagID: String, runID: String) -> URL { logs.runDirectory(dagID: dagID, runID: runID) }

    /// The archive file of run `runID` of `dagID`.
    public func fileURL(dagID: String, runID: String) -> URL {
        runDirectory(dagID: dagID, runID: runID).appending(path: "run.json", directoryHint: .notDirectory)
    }

    /// Where `report` writes the report of run `runID` of `dagID` unless told otherwise.
    public func reportURL(dagID: String, runID: String) -> URL {
        runDirectory(dagID: dagID, runID: runID).appending(path: "report.html", directoryHint: .notDirectory)
    }

    /// Whether anything of run `runID` of `dagID` is saved (its archive or logs).
    public func contains(dagID: String, runID: String) -> Bool {
        FileManager.default.fileExists(atPath: runDirectory(dagID: dagID, runID: runID).path)
    }

    /// Saves `archive` (creating directories), replacing an earlier archive of the same run; returns its file.
    /// - Throws: ``RunArchiveError`` when the file cannot be written.
    @discardableResult
    public func save(_ archive: RunArchive) throws -> URL {
        let url = fileURL(dagID: archive.run.dagID, runID: archive.run.runID)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try RunArchiveWriter(encoder: Self.encoder).write(archive, to: url)
        } catch {
            throw RunArchiveError(path: url.path, message: "cannot write the run archive: \(error.localizedDescription)")
        }
        return url
    }

    /// Loads run `runID` of `dagID`, or the run saved last when `runID` is nil.
    /// - Throws: ``RunArchiveError`` naming the runs that exist when there is no such run.
    public func load(dagID: String, runID: String?) throws -> RunArchive {
        if let runID {
            let url = fileURL(dagID: dagID, runID: runID)
            guard FileManager.default.fileExists(atPath: url.path) else {
                let known = savedRunIDs(dagID: dagID)
                throw RunArchiveError(path: url.path, message: """
                    no saved run '\(runID)' of DAG '\(dagID)'; \
                    \(known.isEmpty ? "no run is saved" : "saved runs: \(known.joined(separator: ", "))")
                    """)
            }
            return try Self.decode(url)
        }
        let saved = savedRunIDs(dagID: dagID).map { fileURL(dagID: dagID, runID: $0) }
        // Only the newest archive is read: a big run's archive takes a while to decode.
        guard let latest = saved.max(by: { Self.modified($0) < Self.modified($1) }) else {
            throw RunArchiveError(path: root.path, message: "no saved run of DAG '\(dagID)': run it first")
        }
        return try Self.decode(latest)
    }

    /// The ids of the saved runs of `dagID`, sorted.
    public func savedRunIDs(dagID: String) -> [String] {
        let folder = logs.dagDirectory(dagID: dagID)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("run_id=") }.map { String($0.dropFirst("run_id=".count)) }
            .filter { FileManager.default.fileExists(atPath: fileURL(dagID: dagID, runID: $0).path) }.sorted()
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    private static func decode(_ url: URL) throws -> RunArchive {
        do {
            return try decoder.decode(RunArchive.self, from: Data(contentsOf: url))
        } catch {
            throw RunArchiveError(path: url.path, message: "cannot read the run archive: \(error)")
        }
    }

    /// Dates keep their milliseconds: a Gantt chart of short tries needs them.
    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
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
