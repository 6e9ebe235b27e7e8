import Foundation
import ProcessTestSupport
import Testing

/// Where `run` writes is checked before the run; what goes wrong writing after a run is a warning.
@Suite struct RunOutputProcessTests {
    private func fixture(_ arguments: [String], in directory: URL) async throws -> ChildProcess.Exit {
        try await ChildProcess.run(try BuildProducts.executable("updraft-cli-fixture"), arguments, in: directory)
    }

    @Test(arguments: [
        (["--runs-dir", "blocker/runs"], "--runs-dir 'blocker/runs' is not a writable directory"),
        (["--report", "blocker/report.html"], "--report 'blocker/report.html': cannot create its directory"),
        (["--report", "."], "--report '.' is a directory, not a file"),
    ])
    func anUnwritablePathIsAUsageErrorBeforeTheRun(arguments: [String], message: String) async throws {
        let directory = try BuildProducts.scratchDirectory()
        try Data("a file, not a directory\n".utf8).write(to: directory.appending(path: "blocker"))
        let exit = try await fixture(["run", "--dag", "failing"] + arguments, in: directory)
        #expect(exit.status == 64, "\(exit.stdout)\n\(exit.stderr)")
        #expect(exit.stderr.contains(message), "\(exit.stderr)")
        #expect(!exit.stdout.contains("[start] starting"), "no task ran")
    }

    @Test func aReportThatCannotBeWrittenAfterASuccessfulRunIsAWarning() async throws {
        let directory = try BuildProducts.scratchDirectory()
        try FileManager.default.createDirectory(at: directory.appending(path: "out"), withIntermediateDirectories: true)
        let exit = try await fixture(["run", "--dag", "sabotage", "--param", "path=out",
                                      "--report", "out/report.html"], in: directory)
        #expect(exit.status == 0, "\(exit.stdout)\n\(exit.stderr)")
        #expect(exit.stdout.contains("run saved to"))
        #expect(exit.stdout.contains("warning: cannot write the report"), "\(exit.stdout)")
        #expect(exit.stdout.contains("out/report.html"))
    }
}
