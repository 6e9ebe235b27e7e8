import Foundation

/// p50 and p99 of durations, in milliseconds.
struct Percentiles: CustomStringConvertible {
    var p50: Double
    var p99: Double

    init(_ samples: [Duration]) {
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Double {
            let duration = sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
            let (seconds, attoseconds) = duration.components
            return Double(seconds) * 1e3 + Double(attoseconds) / 1e15
        }
        p50 = at(0.5)
        p99 = at(0.99)
    }

    var description: String {
        "p50 \(String(format: "%.2f", p50)) ms, p99 \(String(format: "%.2f", p99)) ms"
    }
}

/// Times `body` `count` times, one after the other.
func sample(_ count: Int, _ body: (Int) async throws -> Void) async throws -> Percentiles {
    let clock = ContinuousClock()
    var samples: [Duration] = []
    samples.reserveCapacity(count)
    for index in 0..<count {
        let start = clock.now
        try await body(index)
        samples.append(clock.now - start)
    }
    return Percentiles(samples)
}
