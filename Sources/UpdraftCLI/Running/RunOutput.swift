import Foundation
import Updraft

/// What `run` leaves once the run is over: the summary on the console, the saved run, the report. The run's
/// outcome is decided by then, so a problem here is a warning that names the file, never a failed command.
struct RunOutput {
    let runs: RunArchiveDirectory
    let masker: SecretMasker
    let console: ProgressConsole

    /// Prints the summary of `result`, saves it, and writes its report to `reportPath` if given.
    func save(_ result: DAGRunResult, of dag: DAG, reportPath: String?) async {
        let archive: RunArchive
        do {
            archive = try await RunArchive(dag: dag, result: result, masker: masker)
        } catch {
            warn("the run's results could not be read from the run store: \(error)")
            return
        }
        for line in RunSummary.lines(archive) { console.note(line) }
        do {
            console.note("run saved to \(try runs.save(archive).path)")
        } catch {
            warn(String(describing: error))
        }
        guard let reportPath else { return }
        do {
            let written = try ReportWriter.write(archive, logs: runs.logs, masker: masker, to: reportPath)
            console.note("report written to \(written.path)")
        } catch {
            warn(String(describing: error))
        }
    }

    private func warn(_ message: String) { console.note("warning: \(masker.mask(message))") }
}
