import Foundation
import Updraft

/// Writes a run's HTML report to a file.
enum ReportWriter {
    /// Writes the report of `archive`, with the task logs read from `logs` and everything masked by `masker`, to
    /// `path` (creating its directory); returns the file.
    /// - Throws: ``RunArchiveError`` when the file cannot be written.
    static func write(_ archive: RunArchive, logs: TaskLogDirectory?, masker: SecretMasker, to path: String) throws
        -> URL {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            let html = HTMLReport(archive: archive, logs: logs, masker: masker).render()
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw RunArchiveError(path: url.path, message: "cannot write the report: \(error.localizedDescription)")
        }
        return url
    }
}
