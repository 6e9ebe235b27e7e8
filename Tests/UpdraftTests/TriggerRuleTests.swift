import Testing
import Updraft

/// Airflow's trigger-rule table (airflow-anchor 1.4), row by row: counts of the direct upstream states → decision.
@Suite struct TriggerRuleTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var rule: TriggerRule
        var counts: UpstreamCounts
        var expected: TriggerDecision
        var testDescription: String { "\(rule) \(counts) → \(expected)" }
    }

    static func c(_ total: Int, s: Int = 0, k: Int = 0, f: Int = 0, u: Int = 0) -> UpstreamCounts {
        UpstreamCounts(total: total, success: s, skipped: k, failed: f, upstreamFailed: u)
    }

    static let rows: [Row] = [
        Row(rule: .allSuccess, counts: c(2, s: 2), expected: .run),
        Row(rule: .allSuccess, counts: c(2, s: 1), expected: .wait),
        Row(rule: .allSuccess, counts: c(3, s: 1, f: 1), expected: .upstreamFailed),
        Row(rule: .allSuccess, counts: c(3, u: 1), expected: .upstreamFailed),
        Row(rule: .allSuccess, counts: c(3, s: 1, k: 1), expected: .skip),
        Row(rule: .allFailed, counts: c(2, f: 1, u: 1), expected: .run),
        Row(rule: .allFailed, counts: c(2, f: 1), expected: .wait),
        Row(rule: .allFailed, counts: c(2, s: 1), expected: .skip),
        Row(rule: .allFailed, counts: c(2, k: 1), expected: .skip),
        Row(rule: .allDone, counts: c(3, s: 1, k: 1, f: 1), expected: .run),
        Row(rule: .allDone, counts: c(3, s: 1, f: 1), expected: .wait),
        Row(rule: .allDoneMinOneSuccess, counts: c(2, s: 1, f: 1), expected: .run),
        Row(rule: .allDoneMinOneSuccess, counts: c(2, f: 2), expected: .upstreamFailed),
        Row(rule: .allDoneMinOneSuccess, counts: c(2, s: 1, k: 1), expected: .skip),
        Row(rule: .allDoneMinOneSuccess, counts: c(2, s: 1), expected: .wait),
        Row(rule: .allSkipped, counts: c(2, k: 2), expected: .run),
        Row(rule: .allSkipped, counts: c(2, k: 1), expected: .wait),
        Row(rule: .allSkipped, counts: c(2, s: 1, k: 1), expected: .skip),
        Row(rule: .allSkipped, counts: c(2, u: 1), expected: .skip),
        Row(rule: .oneSuccess, counts: c(3, s: 1), expected: .run),
        Row(rule: .oneSuccess, counts: c(3, f: 1), expected: .wait),
        Row(rule: .oneSuccess, counts: c(2, k: 2), expected: .skip),
        Row(rule: .oneSuccess, counts: c(2, k: 1, f: 1), expected: .upstreamFailed),
        Row(rule: .oneFailed, counts: c(3, f: 1), expected: .run),
        Row(rule: .oneFailed, counts: c(3, u: 1), expected: .run),
        Row(rule: .oneFailed, counts: c(2, s: 1), expected: .wait),
        Row(rule: .oneFailed, counts: c(2, s: 1, k: 1), expected: .skip),
        Row(rule: .oneDone, counts: c(3, s: 1), expected: .run),
        Row(rule: .oneDone, counts: c(3, f: 1), expected: .run),
        Row(rule: .oneDone, counts: c(2, k: 1), expected: .wait),
        Row(rule: .oneDone, counts: c(2, k: 1, u: 1), expected: .skip),
        Row(rule: .noneFailed, counts: c(2, s: 1, k: 1), expected: .run),
        Row(rule: .noneFailed, counts: c(2, s: 1), expected: .wait),
        Row(rule: .noneFailed, counts: c(2, f: 1), expected: .upstreamFailed),
        Row(rule: .noneFailed, counts: c(2, u: 1), expected: .upstreamFailed),
        Row(rule: .noneFailedMinOneSuccess, counts: c(2, s: 1, k: 1), expected: .run),
        Row(rule: .noneFailedMinOneSuccess, counts: c(2, k: 2), expected: .skip),
        Row(rule: .noneFailedMinOneSuccess, counts: c(2, f: 1), expected: .upstreamFailed),
        Row(rule: .noneFailedMinOneSuccess, counts: c(2, k: 1), expected: .wait),
        Row(rule: .noneSkipped, counts: c(2, s: 1, f: 1), expected: .run),
        Row(rule: .noneSkipped, counts: c(2, k: 1), expected: .skip),
        Row(rule: .noneSkipped, counts: c(2, s: 1), expected: .wait),
        Row(rule: .always, counts: c(2), expected: .run),
        Row(rule: .always, counts: c(2, f: 2), expected: .run),
    ]

    @Test(arguments: rows)
    func decision(_ row: Row) {
        #expect(row.rule.decide(row.counts) == row.expected)
    }

    @Test func tasksWithoutUpstreamAlwaysRun() {
        for rule in TriggerRule.all { #expect(rule.decide(UpstreamCounts(total: 0)) == .run) }
    }

    @Test func airflowNamesAndAliases() throws {
        #expect(TriggerRule(airflowName: "none_failed_min_one_success") == .noneFailedMinOneSuccess)
        #expect(TriggerRule(airflowName: "none_failed_or_skipped") == .noneFailedMinOneSuccess)
        #expect(TriggerRule(airflowName: "dummy") == .always)
        #expect(TriggerRule(airflowName: "all_done_setup_success") == nil)
        #expect(TriggerRule.all.count == 12)
    }
}
