import Glibc
import UpdraftCurl

/// One measured load: `requests` GETs of `url`, `concurrency` of them in flight at any time.
struct LoadRun {
    let url: String
    let requests: Int
    let concurrency: Int

    /// What a run measured.
    struct Result {
        let run: LoadRun
        let elapsed: Duration
        /// User plus system CPU time of the whole process (every thread) during the run.
        let cpu: Duration
        /// Each request's latency, sorted.
        let latencies: [Duration]

        var requestsPerSecond: Double { Double(run.requests) / elapsed.seconds }

        /// The latency below which `fraction` of the requests finished (nearest-rank).
        func percentile(_ fraction: Double) -> Duration {
            let rank = Int((Double(latencies.count) * fraction).rounded(.up)) - 1
            return latencies[min(max(rank, 0), latencies.count - 1)]
        }

        /// A Markdown table row: client, concurrency, requests, req/s, p50 ms, p99 ms, CPU µs per request.
        func row(client: String) -> String {
            let cpuPerRequest = Int((cpu.seconds * 1_000_000 / Double(run.requests)).rounded())
            return "| \(client) | \(run.concurrency) | \(run.requests) | \(Int(requestsPerSecond.rounded())) | "
                + "\(percentile(0.50).milliseconds) | \(percentile(0.99).milliseconds) | \(cpuPerRequest) |"
        }
    }

    /// A response other than 200, which would make the figures meaningless.
    struct UnexpectedStatus: Error, CustomStringConvertible {
        let status: Int
        var description: String { "the server answered \(status)" }
    }

    /// Runs the load on `client`: `concurrency` workers, each sending its share of the requests one after another.
    func run(on client: CurlClient) async throws -> Result {
        let request = HTTPRequest(url: url)
        let cpuBefore = Self.processCPU()
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<concurrency {
                let share = requests / concurrency + (worker < requests % concurrency ? 1 : 0)
                group.addTask {
                    var measured: [Duration] = []
                    measured.reserveCapacity(share)
                    for _ in 0..<share {
                        let sent = ContinuousClock.now
                        let response = try await client.execute(request)
                        guard response.status == 200 else { throw UnexpectedStatus(status: response.status) }
                        measured.append(ContinuousClock.now - sent)
                    }
                    return measured
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }
        }
        let elapsed = ContinuousClock.now - start
        return Result(run: self, elapsed: elapsed, cpu: Self.processCPU() - cpuBefore, latencies: latencies.sorted())
    }

    /// User plus system CPU time the process has used so far.
    private static func processCPU() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let time = { (value: timeval) in Duration.seconds(value.tv_sec) + .microseconds(value.tv_usec) }
        return time(usage.ru_utime) + time(usage.ru_stime)
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Milliseconds with two decimals, for the table.
    var milliseconds: String {
        let hundredths = Int((seconds * 100_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
