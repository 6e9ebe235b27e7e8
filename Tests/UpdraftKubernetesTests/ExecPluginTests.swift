import Foundation
import Testing
import Updraft
import UpdraftCurl
import UpdraftTesting
@testable import UpdraftKubernetes

/// Exec credential plugins that hang, fork, fail or chatter: bounded by a timeout, cancellation and the task's
/// `executionTimeout`, killed with every child, their stderr masked and trimmed.
@Suite struct ExecPluginTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "exec-plugin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A plugin (run by `/bin/sh`, never exec'd from a file just written: ETXTBSY) that writes its own pid and its
    /// forked child's pid to `pids`, then runs `tail`.
    private func plugin(_ tail: String, env: [Kubeconfig.ExecConfig.EnvEntry] = []) throws
        -> (KubernetesCredentials, pids: String)
    {
        let pids = "\(directory)/pids-\(UUID().uuidString)"
        let script = "\(directory)/plugin-\(UUID().uuidString).sh"
        try """
            sleep 1000 &
            echo "$$ $!" > \(pids).tmp && mv \(pids).tmp \(pids)
            \(tail)
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let exec = Kubeconfig.ExecConfig(apiVersion: "client.authentication.k8s.io/v1beta1", command: "/bin/sh",
                                         args: [script], env: env, interactiveMode: "Never")
        return (.exec(exec, workingDirectory: nil, clusterInfo: nil), pids)
    }

    /// The plugin's pid (its process group) and its child's, once it wrote them.
    private func started(_ pids: String) async throws -> (group: pid_t, child: pid_t) {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: pids, encoding: .utf8) {
                let numbers = text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                if numbers.count == 2 { return (numbers[0], numbers[1]) }
            }
            try await Task.sleep(for: .milliseconds(5))  // polling interval of a bounded wait
        }
        throw PluginNeverStarted()
    }

    /// Waits (bounded) until no process of `group` is left running (a killed orphan may linger as a zombie until
    /// its new parent reaps it: it runs nothing).
    private func expectGone(_ group: pid_t, _ child: pid_t) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !ProcessTable.living(inGroup: group).isEmpty || ProcessTable.isRunning(child) {
            guard ContinuousClock.now < deadline else {
                Issue.record("still running in group \(group): \(ProcessTable.living(inGroup: group))")
                return
            }
            try await Task.sleep(for: .milliseconds(5))  // polling interval of a bounded wait
        }
    }

    private func authenticator(_ credentials: KubernetesCredentials, clock: ManualClock, masker: SecretMasker? = nil)
        -> KubernetesAuthenticator
    {
        KubernetesAuthenticator(credentials: credentials, tls: .default, masker: masker,
                                environment: ["PATH": "/usr/bin:/bin"], execTimeout: .seconds(60), clock: clock)
    }

    @Test func aHungPluginIsKilledWithItsChildrenAtItsTimeout() async throws {
        let (credentials, pids) = try plugin("wait")
        let clock = ManualClock()
        let authenticator = authenticator(credentials, clock: clock)
        let authorize = Task {
            var request = HTTPRequest(url: "https://127.0.0.1:1")
            try await authenticator.authorize(&request)
        }
        let (group, child) = try await started(pids)
        #expect(ProcessTable.isRunning(child))
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(60))
        let error = await #expect(throws: KubernetesConfigError.self) { try await authorize.value }
        #expect(error?.message.contains("did not finish within 60 s") == true)
        #expect(error?.isRetryable == true)
        try await expectGone(group, child)
    }

    @Test func cancellingATaskWhileItsPluginHangsKillsTheGroup() async throws {
        let (credentials, pids) = try plugin("wait")
        let authenticator = authenticator(credentials, clock: ManualClock())
        let authorize = Task {
            var request = HTTPRequest(url: "https://127.0.0.1:1")
            try await authenticator.authorize(&request)
        }
        let (group, child) = try await started(pids)
        authorize.cancel()  // what Ctrl-C does to a running task
        await #expect(throws: CancellationError.self) { try await authorize.value }
        try await expectGone(group, child)
    }

    @Test func theTasksExecutionTimeoutKillsAHungPlugin() async throws {
        let (credentials, pids) = try plugin("wait")
        let clock = ManualClock()
        let hook = CurlKubernetesHook(
            configuration: ClusterConfiguration(server: "https://127.0.0.1:1", proxy: .direct, credentials: credentials),
            clock: clock)
        let dag = try DAG("talend_jobs") { dag in
            dag.task("pod", KubernetesPodOperator(image: "sim/succeed"), options: TaskOptions(executionTimeout: .seconds(30)))
        }
        let run = Task { try await dag.test(hooks: ["kubernetes_default": hook], clock: clock) }
        let (group, child) = try await started(pids)
        await clock.waitForSleepers(2)  // the task's timeout and the plugin's
        clock.advance(by: .seconds(31))
        let result = try await run.value
        #expect(result.state == .failed)
        #expect(result.taskInstances["pod"]?.error?.contains("timed out") == true)
        try await expectGone(group, child)
    }

    @Test func aPluginThatExitsLeavesNoChildBehind() async throws {
        let token = #"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"plugin-token-1"}}"#
        let (credentials, pids) = try plugin("echo '\(token)'")
        let authenticator = authenticator(credentials, clock: ManualClock())
        var request = HTTPRequest(url: "https://127.0.0.1:1")
        // Its child still holds the plugin's stdout: the plugin's exit must be enough to go on.
        try await authenticator.authorize(&request)
        #expect(request.headers["Authorization"] == "Bearer plugin-token-1")
        let (group, child) = try await started(pids)
        try await expectGone(group, child)
    }

    @Test func stderrIsMaskedAndTrimmedInTheError() async throws {
        let secret = "cl1ent-s3cret-value"
        let (credentials, pids) = try plugin(
            #"echo "login refused for client secret $CLIENT_SECRET" >&2; head -c 3000 /dev/zero | tr '\0' x >&2; exit 3"#,
            env: [.init(name: "CLIENT_SECRET", value: secret)])
        let masker = SecretMasker()
        let authenticator = authenticator(credentials, clock: ManualClock(), masker: masker)
        var request = HTTPRequest(url: "https://127.0.0.1:1")
        let error = await #expect(throws: KubernetesConfigError.self) { try await authenticator.authorize(&request) }
        let text = try #require(error?.description)
        #expect(text.contains("exited with status 3: login refused for client secret ***"))
        #expect(!text.contains(secret))
        #expect(text.hasSuffix("…(cut)"))
        #expect(text.count < 700)
        let (group, child) = try await started(pids)
        try await expectGone(group, child)
    }
}

struct PluginNeverStarted: Error {}

/// What `/proc` says about processes (Linux).
enum ProcessTable {
    /// The processes of group `group` that are not zombies.
    static func living(inGroup group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let (state, processGroup) = stat(pid) else { return false }
            return processGroup == group && state != "Z" && state != "X"
        }
    }

    /// Whether `pid` exists and is not a zombie.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let (state, _) = stat(pid) else { return false }
        return state != "Z" && state != "X"
    }

    /// The state letter and process group of `pid`, from `/proc/PID/stat` (fields after the `)` closing the name).
    private static func stat(_ pid: pid_t) -> (Character, pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 3, let state = fields[0].first, let group = pid_t(fields[3]) else { return nil }
        return (state, group)
    }
}
