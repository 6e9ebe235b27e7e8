import Foundation
import Testing
import UpdraftSandbox

/// The Talend stand-in's fault injection, seen by curl over loopback: every answer a misbehaving gateway or API can
/// give, switched on per test and spent after `count` requests.
@Suite struct TalendSimulatorFaultTests {
    @Test func errorBurstsCarryRetryAfterAndTalendsErrorBody() async throws {
        try await withTalendSimulator { simulator, talend in
            let id = try await talend.startExecution("job-succeeds")
            simulator.injectFault(.unavailable(path: "/processing/executions/*", count: 2, retryAfterSeconds: 7,
                                               method: "GET"))
            for _ in 0..<2 {
                let unavailable = try await talend.status(id)
                #expect(unavailable.status == 503 && unavailable.headers["retry-after"] == "7")
                #expect(try unavailable.json()["message"] as? String == "Service Unavailable")
            }
            #expect(try await talend.poll(id).detailed == "EXECUTION_EVENT_RECEIVED", "the burst is spent")
        }
    }

    @Test func aStatusThatIsNotJSON() async throws {
        try await withTalendSimulator { simulator, talend in
            let id = try await talend.startExecution("job-succeeds")
            simulator.injectFault(.notJSON(path: "/processing/executions/*", method: "GET"))
            let page = try await talend.status(id)
            #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.body.hasPrefix("<html>"))
            #expect(throws: (any Error).self) { try page.json() }
            #expect(try await talend.poll(id).detailed == "EXECUTION_EVENT_RECEIVED")
        }
    }

    @Test func aHugeBodyIsAnnouncedByItsLength() async throws {
        try await withTalendSimulator { simulator, talend in
            let id = try await talend.startExecution("job-succeeds")
            simulator.injectFault(.hugeBody(path: "/processing/executions/*", bytes: 1 << 30, method: "GET"))
            // curl refuses it from the head: the stand-in never has to produce the gigabyte.
            let refused = try await curl(["--include", "--max-filesize", "1000", "-H", talend.authorization[0],
                                          "\(talend.baseURL)/processing/executions/\(id)"])
            #expect(refused.exitCode == 63, "curl: maximum file size exceeded")
            #expect(refused.output.lowercased().contains("content-length: 1073741824"))
            simulator.injectFault(.hugeBody(path: "/processing/executions/*", bytes: 300_000, method: "GET"))
            let whole = try await curl(["--output", "/dev/null", "--write-out", "%{size_download}",
                                        "-H", talend.authorization[0], "\(talend.baseURL)/processing/executions/\(id)"])
            #expect(whole.output == "300000")
        }
    }

    @Test func anEndlessBodyFlowsAsLongAsItIsRead() async throws {
        try await withTalendSimulator { simulator, talend in
            let id = try await talend.startExecution("job-succeeds")
            simulator.injectFault(.endlessBody(path: "/processing/executions/*", method: "GET"))
            let url = "\(talend.baseURL)/processing/executions/\(id)"
            let read = try await runToCompletion(
                "sh", ["-c", "curl -s -H '\(talend.authorization[0])' '\(url)' | head -c 5000000 | wc -c"])
            #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "5000000")
            #expect(try await talend.poll(id).detailed == "EXECUTION_EVENT_RECEIVED", "served normally again")
        }
    }

    @Test func aSlowBodyTricklesAndNeverEnds() async throws {
        try await withTalendSimulator { simulator, talend in
            let id = try await talend.startExecution("job-succeeds")
            simulator.injectFault(.slowBody(path: "/processing/executions/*", interval: .milliseconds(50),
                                            method: "GET"))
            let stalled = try await runToCompletion("curl", [
                "-s", "--max-time", "2", "--output", "/dev/null", "--write-out", "%{http_code} %{size_download}",
                "-H", talend.authorization[0], "\(talend.baseURL)/processing/executions/\(id)",
            ])
            #expect(stalled.exitCode == 28, "curl: operation timed out, the body never ended")
            let written = stalled.output.split(separator: " ")
            #expect(written.first == "200", "\(stalled.output)")
            #expect((written.last.flatMap { Int($0) } ?? .max) <= 40, "one byte per 50 ms at most: \(stalled.output)")
            #expect(simulator.requests(to: "/processing/executions/\(id)").map(\.status) == [200])
        }
    }
}
