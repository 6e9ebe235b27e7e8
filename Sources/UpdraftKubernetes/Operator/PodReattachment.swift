import Logging
import Updraft

/// Finds the pod an earlier try of the same task and run left behind (Airflow's `find_pod` with
/// `reattach_on_restart`): by the identity labels without the try number, skipping pods already handled
/// (`already_checked=True`) and being deleted. A running or finished pod is followed instead of creating a second
/// one; an evicted pod is deleted and a new one created.
struct PodReattachment {
    let run: PodRun

    /// The pod to follow, or `nil` to create one.
    /// - Throws: ``KubernetesPodError`` (`moreThanOnePod`) when several pods match; API errors.
    func find() async throws -> Pod? {
        let namespace = run.namespace
        let selector = PodIdentity.selector(run.request.metadata.labels ?? [:], includeTry: false)
        let found = try await run.hook.listPods(namespace: namespace, labelSelector: selector).items
            .filter { $0.metadata.deletionTimestamp == nil }
        if found.count > 1 {
            throw KubernetesPodError(
                kind: .moreThanOnePod, podName: found.compactMap(\.metadata.name).joined(separator: ", "),
                namespace: namespace, message: "more than one pod has this task's labels (\(selector))")
        }
        guard let existing = found.first, let name = existing.metadata.name else { return nil }
        if existing.status?.reason?.lowercased() == "evicted" {
            run.context.logger.info("pod \(namespace)/\(name) of an earlier try was evicted; deleting it")
            try await run.hook.deletePod(name: name, namespace: namespace, gracePeriodSeconds: nil)
            return nil
        }
        run.context.logger.info("reattaching to pod \(namespace)/\(name) (phase \(existing.phase))")
        return existing
    }
}
