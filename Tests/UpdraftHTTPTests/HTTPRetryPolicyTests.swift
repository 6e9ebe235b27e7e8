import Foundation
import Testing
import UpdraftCurl
@testable import UpdraftHTTP

@Suite struct HTTPRetryPolicyTests {
    private let now = Date(timeIntervalSince1970: 1_767_225_600)
    private let policy = HTTPRetryPolicy(maxAttempts: 4, initialDelay: .seconds(1), multiplier: 2,
                                         maxDelay: .seconds(30))

    @Test func idempotentRequestsBackOffExponentially() {
        let unavailable = HTTPResponse(status: 503)
        let delays = (1...4).map {
            policy.delay(afterAttempt: $0, method: .get, response: unavailable, error: nil, now: now)
        }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), nil])
        #expect(policy.delay(afterAttempt: 1, method: .get, response: HTTPResponse(status: 404), error: nil,
                             now: now) == nil)
    }

    @Test func postIsRetriedOnlyWhenTheServerCannotHaveActed() {
        #expect(policy.delay(afterAttempt: 1, method: .post, response: HTTPResponse(status: 503), error: nil,
                             now: now) == nil)
        #expect(policy.delay(afterAttempt: 1, method: .post, response: HTTPResponse(status: 429), error: nil,
                             now: now) == .seconds(1))
        let refused = CurlError(code: .couldNotConnect, message: "refused", url: "http://127.0.0.1:1")
        let dropped = CurlError(code: .receiveFailed, message: "reset", url: "http://127.0.0.1:1")
        #expect(policy.delay(afterAttempt: 1, method: .post, response: nil, error: refused, now: now) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1, method: .post, response: nil, error: dropped, now: now) == nil)
        #expect(policy.delay(afterAttempt: 1, method: .get, response: nil, error: dropped, now: now) == .seconds(1))
        var anyMethod = policy
        anyMethod.retryNonIdempotent = true
        #expect(anyMethod.delay(afterAttempt: 1, method: .post, response: HTTPResponse(status: 503), error: nil,
                                now: now) == .seconds(1))
    }

    @Test func retryAfterIsHonouredAndCapped() {
        let seconds = HTTPResponse(status: 429, headers: ["Retry-After": "7"])
        #expect(policy.delay(afterAttempt: 1, method: .get, response: seconds, error: nil, now: now) == .seconds(7))
        let long = HTTPResponse(status: 503, headers: ["Retry-After": "3600"])
        #expect(policy.delay(afterAttempt: 1, method: .get, response: long, error: nil, now: now) == .seconds(30))
        let date = HTTPResponse(status: 503, headers: ["Retry-After": "Thu, 01 Jan 2026 00:00:12 GMT"])
        #expect(policy.delay(afterAttempt: 1, method: .get, response: date, error: nil, now: now) == .seconds(12))
        #expect(HTTPRetryPolicy.never.delay(afterAttempt: 1, method: .get, response: seconds, error: nil,
                                            now: now) == nil)
    }
}
