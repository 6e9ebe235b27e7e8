import Foundation

/// Drives each pod through its simulated life on the scheduler: one chain of timed steps for scheduling and
/// sandbox start, then one chain per container, plus the timed end of a graceful delete.
final class KubernetesPodLifecycle: Sendable {
    private let store: KubernetesStore
    private let scheduler: KubernetesScheduler
    private let tick: Duration
    private let terminationTicks: Int
    private let nodeName: String

    init(store: KubernetesStore, scheduler: KubernetesScheduler, configuration: KubernetesSimulatorConfiguration) {
        self.store = store
        self.scheduler = scheduler
        tick = configuration.tick
        terminationTicks = max(0, configuration.terminationTicks)
        nodeName = configuration.nodeName
    }

    /// Starts the life of a freshly created pod.
    func podCreated(_ pod: KubernetesPodRuntime) {
        let (namespace, name, uid) = (pod.namespace, pod.name, pod.uid)
        after(ticks: 1) { [weak self] in self?.scheduleStep(namespace, name, uid) }
    }

    /// Ends a graceful delete: after the termination ticks the containers that honour SIGTERM stop; if none
    /// ignores it the pod disappears, else the rest are killed when the grace period (from `deadline`) runs out.
    func podDeleting(namespace: String, name: String, uid: String, killDeadline deadline: Date) {
        after(ticks: terminationTicks) { [weak self] in
            guard let self else { return }
            var stillRunning = false
            _ = store.updatePod(namespace: namespace, name: name, uid: uid) { pod in
                KubernetesKubelet.stopContainers(&pod.runtime, killed: false, now: self.store.clock.now())
                stillRunning = pod.runtime.containers.contains { !$0.isTerminated && $0.containerID != nil }
                return KubernetesStepOutcome()
            }
            guard stillRunning else {
                store.removePod(namespace: namespace, name: name, uid: uid)
                return
            }
            scheduler.schedule(at: deadline) { [weak self] in
                guard let self else { return }
                _ = store.updatePod(namespace: namespace, name: name, uid: uid) { pod in
                    KubernetesKubelet.stopContainers(&pod.runtime, killed: true, now: self.store.clock.now())
                    return KubernetesStepOutcome()
                }
                store.removePod(namespace: namespace, name: name, uid: uid)
            }
        }
    }

    private func scheduleStep(_ namespace: String, _ name: String, _ uid: String) {
        let nodeName = nodeName
        let outcome = step(namespace, name, uid) { pod, now in
            KubernetesKubelet.schedule(&pod, nodeName: nodeName, now: now)
        }
        guard let ticks = outcome?.nextTicks else { return }
        after(ticks: ticks) { [weak self] in self?.sandboxStep(namespace, name, uid) }
    }

    private func sandboxStep(_ namespace: String, _ name: String, _ uid: String) {
        var chains: [Int] = []
        let outcome = step(namespace, name, uid) { pod, now in
            let outcome = KubernetesKubelet.startSandbox(&pod, now: now)
            chains = pod.containers.indices.filter { KubernetesKubelet.hasChain(pod, container: $0) }
            return outcome
        }
        guard let ticks = outcome?.nextTicks else { return }
        for index in chains {
            after(ticks: ticks) { [weak self] in self?.containerStep(namespace, name, uid, index) }
        }
    }

    /// One step of a container; during a graceful delete only a container that ignores SIGTERM keeps going.
    private func containerStep(_ namespace: String, _ name: String, _ uid: String, _ index: Int) {
        let now = store.clock.now()
        let outcome = store.updatePod(namespace: namespace, name: name, uid: uid) { pod in
            let container = pod.runtime.containers[index]
            guard !container.isTerminated, !pod.runtime.isTerminating || container.behavior.ignoresTermination else {
                return nil
            }
            return KubernetesKubelet.advanceContainer(&pod.runtime, index: index, now: now)
        }
        guard let ticks = outcome?.nextTicks else { return }
        after(ticks: ticks) { [weak self] in self?.containerStep(namespace, name, uid, index) }
    }

    /// Applies one kubelet transition unless the pod is gone, replaced or being deleted.
    private func step(
        _ namespace: String, _ name: String, _ uid: String,
        _ transition: (inout KubernetesPodRuntime, Date) -> KubernetesStepOutcome?
    ) -> KubernetesStepOutcome? {
        let now = store.clock.now()
        return store.updatePod(namespace: namespace, name: name, uid: uid) { pod in
            pod.runtime.isTerminating ? nil : transition(&pod.runtime, now)
        }
    }

    private func after(ticks: Int, _ action: @escaping @Sendable () -> Void) {
        scheduler.schedule(after: tick * ticks, action)
    }
}
