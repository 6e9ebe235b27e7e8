import ArgumentParser
import Foundation
import Updraft

/// `db check|upgrade|clean`: the run store's schema and history (Airflow's `db check`, `db migrate`, `db clean`).
struct DBCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "db", abstract: "Check, upgrade and clean the run store.",
                             subcommands: [DBCheckCommand<Executable>.self, DBUpgradeCommand<Executable>.self,
                                           DBCleanCommand<Executable>.self])
    }
}

/// `db check`: opens the store without changing it and says whether its schema is current.
struct DBCheckCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "check", abstract: "Check the run store can be opened and is up to date.")
    }

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let masker = try Executable.engineConfiguration().masker
        // Opened without upgrading: a store that needs an upgrade, or is from a newer Updraft, is refused by name.
        let location = try await storeOptions.withStore(masker: masker, upgrade: false) { opened in
            _ = try await opened.store.countRuns(matching: RunQuery(limit: 1))
            return opened.description
        }
        print("run store \(location): reachable, schema up to date")
    }
}

/// `db upgrade`: brings the store's schema up to date (the default for every other command).
struct DBUpgradeCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "upgrade", abstract: "Bring the run store's schema up to date.")
    }

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let location = try await storeOptions.withStore(masker: try Executable.engineConfiguration().masker,
                                                        upgrade: true) { $0.description }
        print("run store \(location): schema up to date")
    }
}

/// `db clean --older-than DAYS`: deletes finished runs (with their task instances, XCom and handles) whose logical
/// date is older than that.
struct DBCleanCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "clean", abstract: "Delete finished runs older than some days.")
    }

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("older-than"), help: ArgumentHelp("Days of history to keep.", valueName: "days"))
    var days: Int

    func validate() throws {
        guard days >= 0 else { throw ValidationError("--older-than must be 0 or more days") }
    }

    func run() async throws {
        let cutoff = Date().addingTimeInterval(-Double(days) * 86_400)
        let dags = try Executable.makeDAGs()
        let deleted = try await storeOptions.withStore(masker: try Executable.engineConfiguration().masker) { opened in
            var deleted = 0
            for dag in dags {
                let old = try await opened.store.runs(matching: RunQuery(dagID: dag.dagID, states: [.success, .failed],
                                                                         logicalDateBefore: cutoff))
                for run in old where try await opened.store.deleteRun(dagID: dag.dagID, runID: run.runID) {
                    deleted += 1
                }
            }
            return deleted
        }
        print("deleted \(deleted) finished run\(deleted == 1 ? "" : "s") older than \(days) days")
    }
}
