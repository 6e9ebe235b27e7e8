import Foundation

/// Validation and defaulting of a pod on create (kubernetes-api.md §1.1, §2.2, §3), the part of the API server a
/// client notices: 400 for a namespace mismatch, 422 with field causes, server-populated metadata and defaults.
enum KubernetesPodAdmission {
    /// Validates `body` for namespace `namespace` and returns the pod to store, `metadata.name` resolved.
    static func admit(_ body: SandboxJSON, namespace: String, now: Date) throws(KubernetesAPIError) -> SandboxJSON
    {
        guard case .object = body else { throw .badRequest("the body of the request is not a JSON object") }
        if let kind = body["kind"]?.string, kind != "Pod" {
            throw .badRequest("the kind of the provided object (\(kind)) does not match the resource (Pod)")
        }
        var pod = body
        var metadata = pod["metadata"] ?? [:]
        if let given = metadata["namespace"]?.string, !given.isEmpty, given != namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if (metadata["name"]?.string ?? "").isEmpty, let base = metadata["generateName"]?.string, !base.isEmpty {
            metadata["name"] = .string(KubernetesNames.generate(from: base))
        }
        let name = metadata["name"]?.string ?? ""
        try validate(pod, name: name)
        metadata["namespace"] = .string(namespace)
        metadata["uid"] = .string(UUID().uuidString.lowercased())
        metadata["creationTimestamp"] = .string(KubernetesTime.seconds(now))
        for serverOwned in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            metadata[serverOwned] = nil
        }
        pod["metadata"] = metadata
        pod["kind"] = "Pod"
        pod["apiVersion"] = "v1"
        pod["spec"] = defaulted(spec: pod["spec"] ?? [:])
        pod["status"] = nil
        return pod
    }

    /// Field validation: name, containers (name, image, duplicates), restartPolicy, labels.
    private static func validate(_ pod: SandboxJSON, name: String) throws(KubernetesAPIError) {
        var causes: [KubernetesAPIError.Cause] = []
        func add(_ field: String, _ reason: String, _ message: String) {
            causes.append(.init(reason: reason, message: message, field: field))
        }
        if name.isEmpty {
            add("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")
        } else if !KubernetesNames.isSubdomain(name) {
            add("metadata.name", "FieldValueInvalid", "Invalid value: \"\(name)\": \(KubernetesNames.subdomainMessage)")
        }
        causes += labelCauses(pod["metadata"]?["labels"])
        let containers = pod["spec"]?["containers"]?.array ?? []
        if containers.isEmpty { add("spec.containers", "FieldValueRequired", "Required value") }
        var seen: Set<String> = []
        for (index, container) in containers.enumerated() {
            let path = "spec.containers[\(index)]"
            let containerName = container["name"]?.string ?? ""
            if containerName.isEmpty {
                add("\(path).name", "FieldValueRequired", "Required value")
            } else if !KubernetesNames.isLabel(containerName) {
                add(
                    "\(path).name", "FieldValueInvalid",
                    "Invalid value: \"\(containerName)\": \(KubernetesNames.labelMessage)")
            } else if !seen.insert(containerName).inserted {
                add("\(path).name", "FieldValueDuplicate", "Duplicate value: \"\(containerName)\"")
            }
            if (container["image"]?.string ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                add("\(path).image", "FieldValueRequired", "Required value")
            }
        }
        if let policy = pod["spec"]?["restartPolicy"]?.string, !["Always", "OnFailure", "Never"].contains(policy) {
            add(
                "spec.restartPolicy", "FieldValueNotSupported",
                "Unsupported value: \"\(policy)\": supported values: \"Always\", \"OnFailure\", \"Never\"")
        }
        if !causes.isEmpty { throw .invalid(kind: "Pod", name: name, causes: causes) }
    }

    /// Causes for invalid label keys or values (also used by PATCH).
    static func labelCauses(_ labels: SandboxJSON?) -> [KubernetesAPIError.Cause] {
        var causes: [KubernetesAPIError.Cause] = []
        for (key, value) in (labels?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !KubernetesLabelSelector.isValidKey(key) {
                causes.append(
                    .init(
                        reason: "FieldValueInvalid",
                        message:
                            "Invalid value: \"\(key)\": name part must consist of alphanumeric characters, '-', '_' "
                            + "or '.', and must start and end with an alphanumeric character",
                        field: "metadata.labels"))
            }
            guard let text = value.string, KubernetesLabelSelector.isValidValue(text) else {
                causes.append(
                    .init(
                        reason: "FieldValueInvalid",
                        message:
                            "Invalid value: \(String(decoding: value.encoded(), as: UTF8.self)): a valid label must "
                            + "be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                            + "start and end with an alphanumeric character",
                        field: "metadata.labels"))
                continue
            }
        }
        return causes
    }

    /// The API server's pod defaults (§2.2), applied only where the client left a field out.
    private static func defaulted(spec: SandboxJSON) -> SandboxJSON {
        var spec = spec
        let defaults: [String: SandboxJSON] = [
            "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "terminationGracePeriodSeconds": 30,
            "schedulerName": "default-scheduler", "securityContext": [:], "serviceAccountName": "default",
            "serviceAccount": "default", "enableServiceLinks": true, "priority": 0,
            "preemptionPolicy": "PreemptLowerPriority",
        ]
        for (key, value) in defaults where spec[key] == nil { spec[key] = value }
        spec["containers"] = .array(
            (spec["containers"]?.array ?? []).map { container in
                var container = container
                let image = container["image"]?.string ?? ""
                let repositoryEnd = image.firstIndex(of: "@") ?? image.endIndex
                let hasDigest = image.contains("@")
                let tag =
                    KubernetesPodBehavior.repository(of: image).count < image[..<repositoryEnd].count
                    ? String(image[..<repositoryEnd].split(separator: ":").last ?? "") : nil
                if container["imagePullPolicy"] == nil {
                    container["imagePullPolicy"] =
                        (!hasDigest && (tag == nil || tag == "latest")) ? "Always" : "IfNotPresent"
                }
                if container["terminationMessagePath"] == nil {
                    container["terminationMessagePath"] = "/dev/termination-log"
                }
                if container["terminationMessagePolicy"] == nil { container["terminationMessagePolicy"] = "File" }
                if container["resources"] == nil { container["resources"] = [:] }
                return container
            })
        return spec
    }
}
