import Foundation
import InMemoryTracing
import Testing
import Tracing
import Updraft
import UpdraftTracing

/// Traces of ``runObserved(_:by:runID:)``'s run.
@Suite struct RunTracingTests {
    @Test func aRunIsASpanAndEachTryASpanUnderIt() async throws {
        let tracer = InMemoryTracer()
        let result = try await runObserved("traced", by: RunTracing(tracer: tracer).sink, runID: "run-1")
        #expect(result.state == .failed)

        let spans = tracer.finishedSpans
        #expect(tracer.activeSpans.isEmpty, "every span was ended")
        let run = try #require(spans.first { $0.operationName == "traced" })
        #expect(run.attributes["run_id"]?.toSpanAttribute() == "run-1")
        #expect(run.status?.code == .error)
        #expect(seconds(run) == 60, "the longest path: flaky's first try, 60 s retry delay, second try")

        let tries = spans.filter { $0.operationName != "traced" }
        #expect(tries.map(\.operationName).sorted() == ["broken", "extract", "flaky", "flaky"], "report never ran")
        for span in tries {
            #expect(span.traceID == run.traceID && span.parentSpanID == run.spanID, "\(span.operationName)")
        }
        let extract = try #require(tries.first { $0.operationName == "extract" })
        #expect(seconds(extract) == 5 && extract.status == nil)
        #expect(extract.attributes["state"]?.toSpanAttribute() == "success")
        let flaky = tries.filter { $0.operationName == "flaky" }
            .sorted { $0.startInstant.nanosecondsSinceEpoch < $1.startInstant.nanosecondsSinceEpoch }
        #expect(flaky.map { $0.attributes["state"]?.toSpanAttribute() } == ["up_for_retry", "success"])
        #expect(flaky.map { $0.attributes["try_number"]?.toSpanAttribute() } == [1, 2])
        #expect(flaky.first?.status?.code == .error)
        let broken = try #require(tries.first { $0.operationName == "broken" })
        #expect(broken.status?.code == .error && broken.status?.message == "bad input")
    }

    private func seconds(_ span: FinishedInMemorySpan) -> Double {
        Double(span.endInstant.nanosecondsSinceEpoch - span.startInstant.nanosecondsSinceEpoch) / 1e9
    }
}
