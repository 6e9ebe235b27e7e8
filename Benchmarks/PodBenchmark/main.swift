import Foundation
import Logging
import Updraft
import UpdraftCurl
import UpdraftKubernetes
import UpdraftSandbox

// KubernetesPodOperator benchmark against the Kubernetes simulator over HTTPS: API requests per pod run and the
// delay between the moment the watch reports the base container ended and the moment the task ends.
//
//   swift run -c release PodBenchmark [runs]      (default 30 runs per configuration)

let runs = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 30
let directory = NSTemporaryDirectory() + "pod-benchmark-\(UUID().uuidString)"
defer { try? FileManager.default.removeItem(atPath: directory) }
let certificates = try SandboxCertificates.generate(in: directory)
let token = "benchmark-token"
let taskLogger: Logger = {
    guard ProcessInfo.processInfo.environment["POD_BENCHMARK_LOG"] != nil else {
        return Logger(label: "pod", factory: { _ in SwiftLogNoOpLogHandler() })
    }
    var logger = Logger(label: "pod", factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .debug
    return logger
}()
let simulator = KubernetesSimulator(configuration: KubernetesSimulatorConfiguration(
    bearerToken: token, tick: .milliseconds(5)), logger: taskLogger)
let server = try await SandboxHTTPServer.start(
    tls: SandboxTLSConfiguration(certificates: certificates, requireClientCertificate: false), handler: simulator)
let configuration = ClusterConfiguration(
    server: server.baseURL, tls: .init(trustRoots: .file(certificates.caCertificateFile)), proxy: .direct,
    credentials: .token(token), namespace: "default", source: "benchmark")


print("| configuration | runs | API requests per run | end→task end median | p95 | max |")
print("|---|---|---|---|---|---|")
for reattach in [true, false] {
    var requestCounts: [Int] = []
    var delays: [Double] = []
    for index in 0..<runs {
        let hook = TimingHook(base: CurlKubernetesHook(configuration: configuration))
        let context = TaskContext(
            dagID: "benchmark", taskID: "pod", runID: "run-\(reattach)-\(index)", logicalDate: Date(), tryNumber: 1,
            maxTries: 1, params: [:], logger: taskLogger,
            store: InMemoryRunStore(), hooks: HookResolver(overrides: HookOverrides(["kubernetes_default": hook]), requiresOverrides: true),
            clock: SystemClock(), masker: SecretMasker())
        simulator.clearRequests()
        _ = try await KubernetesPodOperator(image: "sim/succeed", reattachOnRestart: reattach).execute(context: context)
        let end = ContinuousClock.now
        requestCounts.append(simulator.requests.count)
        if let observed = hook.containerEnded {
            let delay = observed.duration(to: end)
            delays.append(Double(delay.components.seconds) * 1000 + Double(delay.components.attoseconds) / 1e15)
        }
    }
    delays.sort()
    func format(_ value: Double?) -> String { value.map { String(format: "%.1f ms", $0) } ?? "n/a" }
    let counts = Set(requestCounts).sorted().map(String.init).joined(separator: "/")
    let p95 = delays.isEmpty ? nil : delays[min(delays.count - 1, Int(Double(delays.count) * 0.95))]
    print("| reattachOnRestart: \(reattach) | \(runs) | \(counts) | \(format(delays.isEmpty ? nil : delays[delays.count / 2])) | \(format(p95)) | \(format(delays.last)) |")
}
try await server.shutdown()
simulator.shutdown()
