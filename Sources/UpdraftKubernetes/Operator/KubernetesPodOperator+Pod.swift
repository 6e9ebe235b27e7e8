import Foundation
public import Updraft
import Yams

extension KubernetesPodOperator {
    /// The pod this try creates: the template (file or value), reconciled with ``fullPodSpec``, then the
    /// operator's arguments, a name, the namespace, identity labels and `restartPolicy: Never`.
    /// - Throws: ``KubernetesConfigError`` when the template file cannot be read; ``KubernetesPodError`` never.
    public func buildPod(context: TaskContext, defaultNamespace: String?) throws -> Pod {
        var pod = try template() ?? Pod(spec: PodSpec())
        if let fullPodSpec { pod = Self.reconcile(pod, with: fullPodSpec) }
        var spec = pod.spec ?? PodSpec()
        var container = spec.containers.first { $0.name == baseContainerName } ?? Container(name: baseContainerName)
        if let image { container.image = image }
        if !cmds.isEmpty { container.command = cmds }
        if !arguments.isEmpty { container.args = arguments }
        let environment = envVars + secretEnvVars.sorted { $0.key < $1.key }.map { EnvVar(name: $0.key, value: $0.value) }
        if !environment.isEmpty { container.env = (container.env ?? []) + environment }
        if let containerResources { container.resources = containerResources }
        if let imagePullPolicy { container.imagePullPolicy = imagePullPolicy }
        if !volumeMounts.isEmpty { container.volumeMounts = (container.volumeMounts ?? []) + volumeMounts }
        if let index = spec.containers.firstIndex(where: { $0.name == baseContainerName }) {
            spec.containers[index] = container
        } else {
            spec.containers.insert(container, at: 0)
        }
        spec.restartPolicy = "Never"
        if let serviceAccountName { spec.serviceAccountName = serviceAccountName }
        if !nodeSelector.isEmpty { spec.nodeSelector = (spec.nodeSelector ?? [:]).merging(nodeSelector) { $1 } }
        if !tolerations.isEmpty { spec.tolerations = (spec.tolerations ?? []) + tolerations }
        if let affinity { spec.affinity = affinity }
        if !imagePullSecrets.isEmpty {
            spec.imagePullSecrets = (spec.imagePullSecrets ?? []) + imagePullSecrets.map(LocalObjectReference.init)
        }
        if !volumes.isEmpty { spec.volumes = (spec.volumes ?? []) + volumes }
        if let graceSeconds { spec.terminationGracePeriodSeconds = graceSeconds }
        pod.spec = spec
        pod.apiVersion = "v1"
        pod.kind = "Pod"
        pod.metadata.name = PodIdentity.podName(
            name: name ?? pod.metadata.name, taskID: context.taskID, randomSuffix: randomNameSuffix)
        pod.metadata.namespace = namespace ?? pod.metadata.namespace ?? defaultNamespace ?? "default"
        let userLabels = (pod.metadata.labels ?? [:]).merging(labels) { $1 }
        pod.metadata.labels = PodIdentity.labels(user: userLabels, context: context, inCluster: inCluster ?? false)
        let allAnnotations = (pod.metadata.annotations ?? [:]).merging(annotations) { $1 }
        pod.metadata.annotations = allAnnotations.isEmpty ? nil : allAnnotations
        return pod
    }

    private func template() throws -> Pod? {
        if let podTemplateFile {
            let path = KubeconfigPath.expandingTilde(
                podTemplateFile, home: KubeconfigPath.home(ProcessInfo.processInfo.environment))
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw KubernetesConfigError(source: path, field: "podTemplateFile", "cannot read the pod template")
            }
            do {
                return try YAMLDecoder().decode(Pod.self, from: text)
            } catch {
                throw KubernetesConfigError(source: path, field: "podTemplateFile", "not a pod: \(error)")
            }
        }
        return podTemplate
    }

    /// `override`'s metadata and spec values win over `base`'s; containers are matched by name.
    static func reconcile(_ base: Pod, with override: Pod) -> Pod {
        var result = base
        let meta = override.metadata
        result.metadata.name = meta.name ?? base.metadata.name
        result.metadata.namespace = meta.namespace ?? base.metadata.namespace
        result.metadata.labels = (base.metadata.labels ?? [:]).merging(meta.labels ?? [:]) { $1 }
        result.metadata.annotations = (base.metadata.annotations ?? [:]).merging(meta.annotations ?? [:]) { $1 }
        guard let overrideSpec = override.spec else { return result }
        guard var spec = base.spec else {
            result.spec = overrideSpec
            return result
        }
        for container in overrideSpec.containers {
            if let index = spec.containers.firstIndex(where: { $0.name == container.name }) {
                spec.containers[index] = container
            } else {
                spec.containers.append(container)
            }
        }
        spec.initContainers = overrideSpec.initContainers ?? spec.initContainers
        spec.serviceAccountName = overrideSpec.serviceAccountName ?? spec.serviceAccountName
        spec.nodeSelector = overrideSpec.nodeSelector ?? spec.nodeSelector
        spec.tolerations = overrideSpec.tolerations ?? spec.tolerations
        spec.affinity = overrideSpec.affinity ?? spec.affinity
        spec.imagePullSecrets = overrideSpec.imagePullSecrets ?? spec.imagePullSecrets
        spec.volumes = overrideSpec.volumes ?? spec.volumes
        spec.terminationGracePeriodSeconds = overrideSpec.terminationGracePeriodSeconds ?? spec.terminationGracePeriodSeconds
        spec.activeDeadlineSeconds = overrideSpec.activeDeadlineSeconds ?? spec.activeDeadlineSeconds
        spec.hostNetwork = overrideSpec.hostNetwork ?? spec.hostNetwork
        spec.dnsPolicy = overrideSpec.dnsPolicy ?? spec.dnsPolicy
        spec.securityContext = overrideSpec.securityContext ?? spec.securityContext
        spec.priorityClassName = overrideSpec.priorityClassName ?? spec.priorityClassName
        spec.schedulerName = overrideSpec.schedulerName ?? spec.schedulerName
        result.spec = spec
        return result
    }
}
