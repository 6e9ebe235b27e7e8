import Foundation
import ProcessTestSupport
import Testing

/// The run store's verbs on a real DAG executable: runs list/show, tasks clear, trigger, pause, db check/clean —
/// each a process of its own on the same database, as a person at a terminal would use them.
@Suite struct StoreCommandsProcessTests {
    private static func fixture(_ arguments: [String], in directory: URL) async throws -> ChildProcess.Exit {
        try await ChildProcess.run(try BuildProducts.executable("updraft-cli-fixture"), arguments, in: directory)
    }

    @Test func aFailedRunIsListedShownClearedAndQueued() async throws {
        let directory = try BuildProducts.scratchDirectory()
        let failed = try await Self.fixture(["run", "--dag", "failing", "--run-id", "r1"], in: directory)
        #expect(failed.status == 1)

        let list = try await Self.fixture(["runs", "list", "--dag", "failing"], in: directory)
        #expect(list.status == 0 && list.stdout.hasPrefix("r1\tfailed\tmanual\t"), "\(list.stdout)\(list.stderr)")

        let show = try await Self.fixture(["runs", "show", "r1", "--dag", "failing"], in: directory)
        #expect(show.stdout.contains("start\tsuccess") && show.stdout.contains("boom\tfailed"), "\(show.stdout)")
        #expect(!show.stdout.contains("fixture-s3cr3t-token"), "the secret is masked")

        let clear = try await Self.fixture(["tasks", "clear", "start", "--downstream", "--failed-only", "--run", "r1",
                                            "--dag", "failing"], in: directory)
        #expect(clear.status == 0 && clear.stdout.contains("cleared boom of run r1"), "\(clear.stdout)\(clear.stderr)")
        let queued = try await Self.fixture(["runs", "list", "--dag", "failing", "--state", "queued"], in: directory)
        #expect(queued.stdout.hasPrefix("r1\tqueued"), "\(queued.stdout)")

        let unknown = try await Self.fixture(["tasks", "clear", "nope", "--run", "r1", "--dag", "failing"], in: directory)
        #expect(unknown.status == 64 && unknown.stderr.contains("has no task 'nope'"))
        let check = try await Self.fixture(["db", "check"], in: directory)
        #expect(check.status == 0 && check.stdout.contains("schema up to date"), "\(check.stdout)\(check.stderr)")
    }

    @Test func triggerAndPauseWriteWhatServeReads() async throws {
        let directory = try BuildProducts.scratchDirectory()
        let trigger = try await Self.fixture(["trigger", "--dag", "nightly", "--conf", #"{"region": "eu"}"#,
                                              "--run-id", "by-hand"], in: directory)
        #expect(trigger.status == 0 && trigger.stdout.contains("queued run by-hand"), "\(trigger.stdout)\(trigger.stderr)")
        let listed = try await Self.fixture(["runs", "list", "--dag", "nightly"], in: directory)
        #expect(listed.stdout.hasPrefix("by-hand\tqueued\tmanual"), "\(listed.stdout)")
        let badConf = try await Self.fixture(["trigger", "--dag", "nightly", "--conf", "[1]"], in: directory)
        #expect(badConf.status == 64 && badConf.stderr.contains("--conf must be a JSON object"))
        let pause = try await Self.fixture(["pause", "--dag", "nightly"], in: directory)
        #expect(pause.status == 0 && pause.stdout.contains("DAG nightly is paused"), "\(pause.stdout)\(pause.stderr)")
        let clean = try await Self.fixture(["db", "clean", "--older-than", "0"], in: directory)
        #expect(clean.status == 0 && clean.stdout.contains("deleted 0 finished runs"), "queued runs are kept: \(clean.stdout)")
    }
}
