import Foundation
import ProcessTestSupport
import Testing

/// `next-execution` run as a process on the fixture's DAGs: a cron schedule read in Paris time between the DAG's
/// start and end dates, a manual DAG, and a bad count.
@Suite struct NextExecutionProcessTests {
    private func run(_ arguments: [String]) async throws -> ChildProcess.Exit {
        try await ChildProcess.run(try BuildProducts.executable("updraft-cli-fixture"),
                                   ["next-execution"] + arguments, in: try BuildProducts.scratchDirectory())
    }

    @Test func cronDatesInTheDAGsTimeZoneWithinItsDates() async throws {
        let all = try await run(["--dag", "nightly", "--after", "2026-12-01", "-n", "10"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout == """
            DAG nightly: schedule 30 2 * * 1-5, time zone Europe/Paris
              2026-12-23T02:30:00+01:00
              2026-12-24T02:30:00+01:00
              2026-12-25T02:30:00+01:00
              2026-12-28T02:30:00+01:00

            """)
        let next = try await run(["--dag", "nightly", "--after", "2026-12-24T01:30:00Z", "--count", "1"])
        #expect(next.stdout.hasSuffix("\n  2026-12-25T02:30:00+01:00\n"), "\(next.stdout)")
        let ended = try await run(["--dag", "nightly", "--after", "2026-12-30"])
        #expect(ended.stdout.contains("no run after 2026-12-30T00:00:00Z: the DAG ends at 2026-12-28T12:00:00Z"))
    }

    @Test func manualDAGsAndBadCounts() async throws {
        let manual = try await run(["--dag", "hold"])
        #expect(manual.stdout.contains("no scheduled runs: it runs when triggered"), "\(manual.stdout)")
        let bad = try await run(["--dag", "nightly", "-n", "0"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--count must be 1 to 1000, not 0"), "\(bad.stderr)")
    }
}
