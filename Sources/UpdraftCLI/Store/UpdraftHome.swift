import Foundation

/// Where a DAG executable keeps its state without any setup: `$UPDRAFT_HOME`, or `~/.updraft`.
///
/// ```
/// ~/.updraft/
///   updraft.db     the run store (SQLite): runs, task instances, tries, XCom, leases, DAGs' paused flags
///   runs/          task logs in Airflow's layout and each run's saved summary and report (see RunReports)
/// ```
///
/// `--db` or `UPDRAFT_DATABASE` choose another store (a file, or a `postgresql://` URL); `--runs-dir` another runs
/// directory.
struct UpdraftHome {
    /// The directory.
    let root: URL

    /// `$UPDRAFT_HOME` when set and not empty, else `.updraft` in the user's home directory.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> UpdraftHome {
        if let configured = environment["UPDRAFT_HOME"], !configured.isEmpty {
            return UpdraftHome(root: URL(fileURLWithPath: configured, isDirectory: true))
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return UpdraftHome(root: URL(fileURLWithPath: home, isDirectory: true).appending(path: ".updraft"))
    }

    /// The default SQLite database.
    var database: URL { root.appending(path: "updraft.db") }

    /// The default runs directory (task logs, saved runs, reports).
    var runs: URL { root.appending(path: "runs", directoryHint: .isDirectory) }
}
