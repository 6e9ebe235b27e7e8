import ArgumentParser
import Foundation
import Updraft

/// `report [RUN_ID]`: writes the HTML report of a saved run (the latest by default).
struct ReportCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "report",
                             abstract: "Write a self-contained HTML report of a saved run (the latest by default).")
    }

    @Argument(help: "The run id (the latest saved run by default).") var runID: String?
    @OptionGroup var selection: DAGSelection

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file (report.html in the run's directory by default).",
                                                    valueName: "file"))
    var output: String?

    @Option(name: .customLong("runs-dir"), help: ArgumentHelp("Where runs and their task logs are saved.",
                                                              valueName: "directory"))
    var runsDirectory = UpdraftHome.current().runs.path

    func validate() throws {
        _ = try selection.dag(from: try Executable.makeDAGs())
    }

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let directory = RunArchiveDirectory(root: URL(fileURLWithPath: runsDirectory))
        let archive = try directory.load(dagID: dag.dagID, runID: runID)
        let path = output ?? directory.reportURL(dagID: archive.run.dagID, runID: archive.run.runID).path
        let written = try ReportWriter.write(archive, logs: directory.logs,
                                             masker: try Executable.engineConfiguration().masker, to: path)
        print("report of run \(archive.run.runID) written to \(written.path)")
    }
}
