import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftPostgres
import UpdraftSandbox

extension ReplicaTests {
    /// How many replicas the chaos test kills.
    static let chaosKills = 6

    /// Three replicas run 3 runs of `remote` (a Talend execution and a pod in the sandbox, then a body) and 3 runs of
    /// `wide`, while, round after round, the replica owning a running run is killed with `kill -9` and a new one
    /// started in its place (a round follows the previous one as soon as the new replica serves and a run is running:
    /// every second or two, on events, not on a timer).
    ///
    /// What must hold at the end, and why:
    /// - every run succeeded (a killed replica's runs are taken over, its tries resumed or retried);
    /// - every pod was created once per run: the pod's name is recorded before it is created and a resumed try
    ///   follows it (or finds it by its labels), so no try — even a retried one — creates a second pod; and no pod is
    ///   left in the cluster (each was deleted by the replica that saw it end);
    /// - every Talend execution a try recorded (its handle) was followed to its end (`EXECUTION_SUCCESS`, reached only
    ///   by being polled); there are no more executions than tries of the Talend tasks, and the executions no try
    ///   recorded are at most the tries recorded as interrupted (killed between Talend's answer and the record: the
    ///   one window the write-ahead rule cannot close, as Talend's API has no idempotency key) — no try started two;
    /// - the body of every task instance that succeeded ran once, plus at most once more for each of its tries the
    ///   engine recorded as interrupted (a replica killed after the body's line was written but before the try's
    ///   success was committed: the try is marked failed by the replica that takes over, and the task retries).
    ///   Nothing else may run a body twice.
    ///
    /// It runs twice: with each run's tries run by its owner, and with the tries shared (`--share-tries`), where a
    /// killed replica also leaves tries it claimed for other replicas' runs, taken over once their claims lapse.
    @Test(arguments: [false, true])
    func replicasKilledAtRandomLoseAndDoubleNothing(sharesTries: Bool) async throws {
        let directory = try BuildProducts.scratchDirectory()
        let talend = TalendCloudSimulator()
        let talendService = try await TalendSandboxService(simulator: talend).start(stateDirectory: directory.path)
        let cluster = try await KubernetesSimulator.start(
            certificateDirectory: directory.appending(path: "kubernetes").path)
        let kubeconfig = directory.appending(path: "kubeconfig").path
        do {
            try cluster.writeKubeconfig(to: kubeconfig, contextName: "docker-desktop")
            try await Self.chaos(in: directory, sharesTries: sharesTries, cluster: cluster, talend: talend,
                                 environment: talendService.endpoint.environment.merging(["KUBECONFIG": kubeconfig])
                                     { _, new in new })
        } catch {
            try? await cluster.shutdown()
            try? await talendService.shutdown()
            throw error
        }
        try await cluster.shutdown()
        try await talendService.shutdown()
    }

    /// The database and the test's store on it, around ``killAndReplace(in:sharesTries:store:databaseURL:cluster:talend:environment:)``.
    private static func chaos(in directory: URL, sharesTries: Bool, cluster: RunningKubernetesSimulator,
                              talend: TalendCloudSimulator, environment: [String: String]) async throws {
        let database = try await ReplicaDatabase.create()
        let store = try await PostgresRunStore(url: database.url)
        do {
            try await killAndReplace(in: directory, sharesTries: sharesTries, store: store, databaseURL: database.url,
                                     cluster: cluster, talend: talend, environment: environment)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Starts the replicas, queues the runs, kills and replaces replicas while they run, then checks the outcome.
    private static func killAndReplace(in directory: URL, sharesTries: Bool, store: PostgresRunStore,
                                       databaseURL: String, cluster: RunningKubernetesSimulator,
                                       talend: TalendCloudSimulator, environment: [String: String]) async throws {
        let setup = try Replica.Setup(databaseURL: databaseURL, directory: directory, leaseSeconds: 4,
                                      environment: environment, sharesTries: sharesTries)
        var replicas = try await Replica.startAll(3, setup)
        let remoteRuns = try await ReplicaDatabase.trigger("remote", count: 3, on: store)
        var wideRuns: [String] = []
        var killed: [Int32] = []
        // Each round kills the owner of a running run: of `remote` (its pod or Talend execution in flight) on even
        // rounds while one is open, else of a run of `wide` queued for the round, as soon as it runs (its 10 chains
        // mid-way). Then a new replica takes the killed one's place.
        for round in 0..<chaosKills {
            var target: (dagID: String, runID: String)?
            if round.isMultiple(of: 2) {
                for runID in remoteRuns where target == nil {
                    if try await store.run(dagID: "remote", runID: runID)?.state == .running {
                        target = ("remote", runID)
                    }
                }
            }
            if target == nil {
                let runID = try await ReplicaDatabase.trigger("wide", count: 1, on: store)[0]
                wideRuns.append(runID)
                target = ("wide", runID)
            }
            guard let target else { continue }
            let alive = Set(replicas.map(\.pid))
            // Its owner: a live replica holding the lease on the running run.
            let claimed = await ReplicaDatabase.waitUntil(on: store, within: .seconds(60)) {
                guard try await store.run(dagID: target.dagID, runID: target.runID)?.state == .running,
                      let lease = try await store.lease(dagID: target.dagID, runID: target.runID) else { return false }
                return alive.contains(lease.pid)
            }
            guard claimed, let lease = try await store.lease(dagID: target.dagID, runID: target.runID),
                  let victim = replicas.firstIndex(where: { $0.pid == lease.pid }) else {
                Issue.record("round \(round): \(target.runID) was not running under a live replica within 60 s")
                continue
            }
            try await replicas[victim].kill()
            killed.append(replicas[victim].pid)
            replicas[victim] = try Replica(setup)
            try await replicas[victim].ready()
        }
        let runIDs = remoteRuns + wideRuns
        let runs = try await ReplicaDatabase.waitUntilFinished(runIDs, dagIDs: ["remote", "wide"], on: store,
                                                               within: .seconds(180))
        let outputs = try await Replica.stopAll(replicas).map { $0.suffix(3_000) }.joined()
        #expect(killed.count == chaosKills, "replicas killed: \(killed)")

        // Every run exists once and succeeded.
        #expect(runs.map(\.runID).sorted() == runIDs.sorted())
        #expect(runs.allSatisfy { $0.state == .success },
                "\(runs.map { "\($0.runID) \($0.state)" }); killed \(killed)\n\(outputs)")

        // Task bodies: once, plus once per interrupted try.
        let bodies = try BodyLines(file: setup.bodies)
        #expect(bodies.malformed.isEmpty, "\(bodies.malformed.prefix(5))")
        var interruptedTries = 0
        for run in runs {
            for instance in try await store.taskInstances(dagID: run.dagID, runID: run.runID) {
                #expect(instance.state == .success, """
                    \(run.runID)/\(instance.taskID): \(instance.state) \
                    (\(instance.tries.map { "\($0.tryNumber) \($0.state) \($0.error ?? "")" }))
                    """)
                let interrupted = instance.tries.filter { $0.error?.hasPrefix("interrupted") == true }.count
                interruptedTries += interrupted
                guard run.dagID == "wide" || instance.taskID == "done" else { continue }
                let ran = bodies.runs(of: instance.taskID, in: run.runID)
                #expect(ran >= 1 && ran <= 1 + interrupted, """
                    \(run.runID)/\(instance.taskID): body ran \(ran) times, \(interrupted) interrupted tries \
                    (\(instance.tries.map { "\($0.tryNumber) \($0.state) \($0.error ?? "")" }))
                    """)
            }
        }

        // Pods: one created per run of `remote`, none left.
        let podCreations = cluster.requests.filter {
            $0.method == "POST" && $0.path == "/api/v1/namespaces/default/pods" && $0.status == 201
        }
        #expect(podCreations.count == remoteRuns.count, "pods created: \(podCreations.count)")
        #expect(await Self.noPodsLeft(kubeconfig: setup.environment["KUBECONFIG"] ?? "", home: directory),
                "pods left in the cluster")

        // Talend: every execution a try recorded was followed to its end; one not recorded can only be a try's
        // killed between Talend's answer and the record (Talend's API has no idempotency key to find it again), and
        // that try is then recorded as interrupted — so no try started two, and the orphans are accounted for.
        var recorded: Set<String> = []
        var talendTries = 0
        var talendInterrupted = 0
        for runID in remoteRuns {
            let handles = try await store.externalHandles(taskID: "talend", dagID: "remote", runID: runID)
            recorded.formUnion(handles.values.map(\.id))
            let tries = try await store.taskInstances(dagID: "remote", runID: runID)
                .first { $0.taskID == "talend" }?.tries ?? []
            talendTries += tries.count
            talendInterrupted += tries.filter { $0.error?.hasPrefix("interrupted") == true }.count
        }
        let started = Set(talend.startedExecutions().map(\.executionID))
        #expect(recorded.isSubset(of: started), "recorded \(recorded), started \(started)")
        #expect(started.count <= talendTries, "\(started.count) executions for \(talendTries) tries")
        #expect(started.subtracting(recorded).count <= talendInterrupted,
                "unrecorded executions \(started.subtracting(recorded)), interrupted tries \(talendInterrupted)")
        for executionID in recorded {
            #expect(talend.currentStatus(of: executionID)?.executionStatus == "EXECUTION_SUCCESS",
                    "execution \(executionID): \(String(describing: talend.currentStatus(of: executionID)))")
        }
        Self.logger.notice("chaos: killed \(killed.count) replicas, \(interruptedTries) interrupted tries")
    }

    /// Whether the cluster has no pod, asked with kubectl five times a second for at most 30 s (a pod's deletion
    /// has no event to wait on from here).
    private static func noPodsLeft(kubeconfig: String, home: URL) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let pods = try? await ChildProcess.run("kubectl", ["--kubeconfig", kubeconfig, "get", "pods", "-o", "name"],
                                                   extraEnvironment: ["HOME": home.path])
            if let pods, pods.status == 0, pods.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return true
            }
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
