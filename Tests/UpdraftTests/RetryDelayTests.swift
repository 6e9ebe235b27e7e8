import Foundation
import Testing
@testable import Updraft

@Suite struct RetryDelayTests {
    @Test func withoutBackoffTheDelayIsConstant() {
        for tryNumber in 1...5 {
            let delay = RetryDelay.delay(retryDelay: .seconds(300), exponentialBackoff: 0, maxRetryDelay: nil,
                                         dagID: "d", taskID: "t", logicalDate: "x", tryNumber: tryNumber)
            #expect(delay == .seconds(300))
        }
    }

    @Test func sha1MatchesKnownVectors() {
        let hex = { (text: String) in SHA1.digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(String(repeating: "a", count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    /// The jitter is `int(sha1_hex, 16) % min_backoff`; checked against Python:
    /// `int(hashlib.sha1(b"dag#task#2019-01-01T00:00:00+00:00#3").hexdigest(), 16) % 1200` = 1151.
    @Test func exponentialBackoffMatchesAirflow() {
        let delay = RetryDelay.delay(retryDelay: .seconds(300), exponentialBackoff: 2, maxRetryDelay: nil,
                                     dagID: "dag", taskID: "task", logicalDate: "2019-01-01T00:00:00+00:00",
                                     tryNumber: 3)
        #expect(delay == .seconds(1200 + 1151))
    }

    @Test func delayStaysWithinOneToTwiceTheBaseAndUnderTheCaps() {
        for tryNumber in 1...30 {
            let delay = RetryDelay.delay(retryDelay: .seconds(10), exponentialBackoff: 2, maxRetryDelay: nil,
                                         dagID: "d", taskID: "t", logicalDate: "x", tryNumber: tryNumber)
            let base = min(10 * pow(2, Double(tryNumber - 1)), 86_400)
            #expect(delay.inSeconds >= base && delay.inSeconds < 2 * base + 1)
            #expect(delay <= .seconds(86_400))
        }
        let capped = RetryDelay.delay(retryDelay: .seconds(10), exponentialBackoff: 2, maxRetryDelay: .seconds(60),
                                      dagID: "d", taskID: "t", logicalDate: "x", tryNumber: 10)
        #expect(capped == .seconds(60))
    }
}
