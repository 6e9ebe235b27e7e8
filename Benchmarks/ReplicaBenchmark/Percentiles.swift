import Foundation

/// p50 and p99 (and the largest) of durations, in milliseconds.
struct Percentiles: CustomStringConvertible {
    var p50: Double
    var p99: Double
    var max: Double

    init(_ samples: [Duration]) {
        let sorted = samples.map(Self.milliseconds).sorted()
        func at(_ fraction: Double) -> Double {
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }
        p50 = at(0.5)
        p99 = at(0.99)
        max = sorted.last ?? .nan
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e3 + Double(attoseconds) / 1e15
    }

    var description: String {
        "p50 \(String(format: "%.1f", p50)) ms, p99 \(String(format: "%.1f", p99)) ms, max \(String(format: "%.1f", max)) ms"
    }
}
