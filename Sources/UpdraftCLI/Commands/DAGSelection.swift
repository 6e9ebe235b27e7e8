import ArgumentParser
import Updraft

/// `--dag ID`: which of the executable's DAGs a command is about.
struct DAGSelection: ParsableArguments {
    @Option(name: .customLong("dag"), help: ArgumentHelp("The DAG id (needed when the executable has several).",
                                                         valueName: "dag-id"))
    var dagID: String?

    /// The DAG chosen among `dags`: the one named, or the only one.
    /// - Throws: `ValidationError` naming the DAGs that exist when the id is unknown or a choice is needed.
    func dag(from dags: [DAG]) throws -> DAG {
        if let dagID {
            guard let dag = dags.first(where: { $0.dagID == dagID }) else {
                throw ValidationError("unknown DAG '\(dagID)'; DAGs: \(Self.names(dags))")
            }
            return dag
        }
        guard dags.count == 1, let only = dags.first else {
            throw ValidationError(dags.isEmpty ? "this executable defines no DAG"
                                               : "several DAGs, choose one with --dag: \(Self.names(dags))")
        }
        return only
    }

    /// The DAG named, or every DAG when none is.
    /// - Throws: `ValidationError` when the id is unknown.
    func dags(from dags: [DAG]) throws -> [DAG] {
        dagID == nil ? dags : [try dag(from: dags)]
    }

    private static func names(_ dags: [DAG]) -> String { dags.map(\.dagID).joined(separator: ", ") }
}
