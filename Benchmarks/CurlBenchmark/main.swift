// Measures UpdraftCurl against a loopback HTTP server: a fixed number of small GETs at several concurrency levels,
// printed as Markdown table rows (requests per second, p50/p99 latency). scripts/bench-curl.sh starts the server
// and runs the curl command-line tool on the same load for comparison.
//
// Usage: CurlBenchmark <url> [requests=10000] [concurrency...=1 16 256]
import Glibc
import UpdraftCurl

let arguments = Array(CommandLine.arguments.dropFirst())
guard let url = arguments.first else {
    print("usage: CurlBenchmark <url> [requests] [concurrency...]")
    exit(2)
}
let requests = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let levels = arguments.count > 2 ? arguments.dropFirst(2).compactMap { Int($0) } : [1, 16, 256]

let client = try CurlClient(configuration: .init(threadName: "curl-bench"))
// Warm-up: connections, allocator, lazy initialisation; not measured.
_ = try await LoadRun(url: url, requests: min(requests, 1000), concurrency: levels.max() ?? 1).run(on: client)
for concurrency in levels {
    let result = try await LoadRun(url: url, requests: requests, concurrency: concurrency).run(on: client)
    print(result.row(client: "UpdraftCurl"))
}
await client.shutdown()
