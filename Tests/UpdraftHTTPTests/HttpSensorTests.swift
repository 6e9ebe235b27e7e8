import Foundation
import Testing
import Updraft
import UpdraftCurl
@testable import UpdraftHTTP
import UpdraftTesting

@Suite struct HttpSensorTests {
    @Test func notFoundMeansNotYet() async throws {
        let http = MockHTTPHook()
        http.stub(.get, "/export", responses: [HTTPResponse(status: 404), HTTPResponse(status: 404),
                                                HTTPResponse(status: 200, body: Array("ready".utf8))])
        let clock = ManualClock(autoAdvance: true)
        let context = TaskContext.forTesting(hooks: ["api": http], clock: clock)
        let start = clock.now()
        _ = try await HttpSensor(endpoint: "/export", httpConnID: "api", pokeInterval: .seconds(30))
            .executeAsTry(context: context, clock: clock)
        #expect(http.calls.count == 3)
        #expect(clock.now().timeIntervalSince(start) == 60)
    }

    @Test func responseCheckDecidesAndOtherErrorsFail() async throws {
        let clock = ManualClock(autoAdvance: true)
        let http = MockHTTPHook()
        http.stub(.get, "/state", responses: [HTTPResponse(status: 200, body: Array("running".utf8)),
                                               HTTPResponse(status: 200, body: Array("done".utf8))])
        let context = TaskContext.forTesting(hooks: ["api": http], clock: clock)
        _ = try await HttpSensor(endpoint: "/state", httpConnID: "api", responseCheck: { $0.bodyText == "done" })
            .executeAsTry(context: context, clock: clock)
        #expect(http.calls.count == 2)

        let failing = MockHTTPHook()
        failing.stub(.get, "/state", status: 500)
        let strict = TaskContext.forTesting(hooks: ["api": failing], clock: clock)
        await #expect(throws: HTTPStatusError.self) {
            try await HttpSensor(endpoint: "/state", httpConnID: "api").executeAsTry(context: strict, clock: clock)
        }
        failing.stub(.get, "/state", status: 404)
        await #expect(throws: HTTPStatusError.self) {
            try await HttpSensor(endpoint: "/state", httpConnID: "api", responseErrorCodesAllowlist: [])
                .executeAsTry(context: strict, clock: clock)
        }
    }

    @Test func timeoutFailsWithoutRetryOrSkipsWithSoftFail() async throws {
        let clock = ManualClock(autoAdvance: true)
        let http = MockHTTPHook()
        http.stub(.get, "/never", status: 404)
        let context = TaskContext.forTesting(hooks: ["api": http], clock: clock)
        let sensor = HttpSensor(endpoint: "/never", httpConnID: "api", pokeInterval: .seconds(60),
                                timeout: .minutes(5))
        await #expect(throws: FailWithoutRetry.self) {
            try await sensor.executeAsTry(context: context, clock: clock)
        }
        #expect(http.calls.count == 6, "pokes at 0, 1, 2, 3, 4 and 5 minutes")
        var soft = sensor
        soft.softFail = true
        await #expect(throws: SkipTask.self) { try await soft.executeAsTry(context: context, clock: clock) }
    }

    @Test func exponentialBackoffDoublesUpToMaxWait() {
        let sensor = HttpSensor(endpoint: "/x", pokeInterval: .seconds(10), exponentialBackoff: true,
                                maxWait: .seconds(60))
        #expect((1...5).map(sensor.nextWait(afterPoke:)) == [.seconds(10), .seconds(20), .seconds(40),
                                                             .seconds(60), .seconds(60)])
        #expect(HttpSensor(endpoint: "/x", pokeInterval: .seconds(10)).nextWait(afterPoke: 4) == .seconds(10))
    }
}
