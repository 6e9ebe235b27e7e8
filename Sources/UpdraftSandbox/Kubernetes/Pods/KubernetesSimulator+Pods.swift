import Foundation

extension KubernetesSimulator {
    /// `POST …/namespaces/{ns}/pods`: 201 with the stored pod; 404/400/409/422 as the API server answers.
    func createPod(_ request: SandboxHTTPRequest, namespace: String) throws(KubernetesAPIError) -> SandboxHTTPResponse {
        guard configuration.namespaces.contains(namespace) else { throw .notFound("namespaces", namespace) }
        let body = try Self.jsonBody(request, accepted: ["application/json"])
        let now = store.clock.now()
        var pod = try KubernetesPodAdmission.admit(body, namespace: namespace, now: now)
        let name = pod["metadata"]?["name"]?.string ?? ""
        let containers = (pod["spec"]?["containers"]?.array ?? []).map { container in
            let image = container["image"]?.string ?? ""
            let behavior = configuration.behavior(forImage: image)
                .expandingEnvironment(KubernetesPodBehavior.environment(of: container))
            return KubernetesPodRuntime.Container(
                name: container["name"]?.string ?? "", image: image, behavior: behavior)
        }
        let runtime = KubernetesPodRuntime(
            uid: pod["metadata"]?["uid"]?.string ?? "", namespace: namespace, name: name, containers: containers)
        pod = try store.insertPod(pod, runtime: runtime)
        lifecycle.podCreated(runtime)
        return Self.jsonResponse(201, pod)
    }

    /// `GET …/pods/{name}`.
    func getPod(_ request: SandboxHTTPRequest, namespace: String, name: String) throws(KubernetesAPIError)
        -> SandboxHTTPResponse
    {
        guard let pod = store.pod(namespace: namespace, name: name) else { throw .notFound("pods", name) }
        if KubernetesTable.isRequested(request) {
            return Self.jsonResponse(
                200,
                KubernetesTable.table(
                    [pod], kind: "Pod", resourceVersion: store.resourceVersion, now: store.clock.now()))
        }
        return Self.jsonResponse(200, pod)
    }

    /// `DELETE …/pods/{name}`: 200 with the pod; graceful deletes leave it Terminating for a few ticks.
    func deletePod(_ request: SandboxHTTPRequest, namespace: String, name: String) throws(KubernetesAPIError)
        -> SandboxHTTPResponse
    {
        // DeleteOptions come from a non-empty body, else from the query (kubernetes-api.md §1.5).
        let options: SandboxJSON
        if request.body.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
            options = try Self.jsonBody(request, accepted: ["application/json"])
        } else {
            var query: SandboxJSON = [:]
            if let text = request.queryValue("gracePeriodSeconds") {
                guard let value = Int(text) else { throw .badRequest("invalid gracePeriodSeconds \"\(text)\"") }
                query["gracePeriodSeconds"] = .int(value)
            }
            options = query
        }
        let now = store.clock.now()
        var immediate = false
        var grace = 0
        var uid = ""
        var stopping: [String] = []
        let object = try store.editPod(namespace: namespace, name: name) { pod throws(KubernetesAPIError) in
            uid = pod.runtime.uid
            if let expected = options["preconditions"]?["uid"]?.string, expected != uid {
                throw KubernetesAPIError(
                    code: 409, reason: "Conflict",
                    message: "Operation cannot be fulfilled on pods \"\(name)\": Precondition failed: UID in "
                        + "precondition: \(expected), UID in object meta: \(uid)", detailsName: name,
                    detailsKind: "pods")
            }
            guard !pod.runtime.isTerminating else { return }
            grace =
                options["gracePeriodSeconds"]?.int ?? pod.object["spec"]?["terminationGracePeriodSeconds"]?.int ?? 30
            if pod.runtime.nodeName == nil || ["Succeeded", "Failed"].contains(pod.runtime.phase) { grace = 0 }
            if grace < 0 { grace = 1 }
            immediate = grace == 0
            stopping = pod.runtime.containers.filter { $0.containerID != nil && !$0.isTerminated }.map(\.name)
            pod.runtime.isTerminating = true
            pod.object["metadata"]?["deletionTimestamp"] = .string(KubernetesTime.seconds(now + Double(grace)))
            pod.object["metadata"]?["deletionGracePeriodSeconds"] = .int(grace)
        }
        if immediate {
            return Self.jsonResponse(200, store.removePod(namespace: namespace, name: name, uid: uid) ?? object)
        }
        store.recordEvents(
            stopping.map {
                .init(reason: "Killing", message: "Stopping container \($0)", fieldPath: "spec.containers{\($0)}")
            }, namespace: namespace, name: name)
        lifecycle.podDeleting(namespace: namespace, name: name, uid: uid, killDeadline: now + Double(grace))
        return Self.jsonResponse(200, object)
    }

    /// `PATCH …/pods/{name}` with a JSON merge patch or strategic merge patch (the same for the metadata maps
    /// clients patch); spec changes are refused as the API server refuses them, status and identity are kept.
    func patchPod(_ request: SandboxHTTPRequest, namespace: String, name: String) throws(KubernetesAPIError)
        -> SandboxHTTPResponse
    {
        let mergeTypes = ["application/merge-patch+json", "application/strategic-merge-patch+json"]
        let contentType = request.header("Content-Type")?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let contentType, mergeTypes.contains(contentType) else {
            throw .unsupportedMediaType(mergeTypes)
        }
        let patch = try Self.jsonBody(request, accepted: mergeTypes)
        let object = try store.editPod(namespace: namespace, name: name) { pod throws(KubernetesAPIError) in
            var patched = KubernetesMergePatch.apply(patch, to: pod.object)
            if patched["spec"] != pod.object["spec"] {
                throw .invalid(
                    kind: "Pod", name: name,
                    causes: [
                        .init(
                            reason: "FieldValueForbidden",
                            message:
                                "Forbidden: pod updates may not change fields other than "
                                + "`spec.containers[*].image`,`spec.initContainers[*].image`,"
                                + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
                                + "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
                                + "was previously negative)", field: "spec")
                    ])
            }
            let causes = KubernetesPodAdmission.labelCauses(patched["metadata"]?["labels"])
            if !causes.isEmpty { throw .invalid(kind: "Pod", name: name, causes: causes) }
            for key in ["kind", "apiVersion", "status"] { patched[key] = pod.object[key] }
            for key in [
                "name", "namespace", "uid", "creationTimestamp", "resourceVersion", "deletionTimestamp",
                "deletionGracePeriodSeconds",
            ] {
                patched["metadata"]?[key] = pod.object["metadata"]?[key]
            }
            pod.object = patched
        }
        return Self.jsonResponse(200, object)
    }

    /// The request body as JSON: missing Content-Type means JSON; other types get 415, bad JSON 400.
    static func jsonBody(_ request: SandboxHTTPRequest, accepted: [String]) throws(KubernetesAPIError) -> SandboxJSON
    {
        if let type = request.header("Content-Type")?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces),
            !type.isEmpty, !accepted.contains(type.lowercased())
        {
            throw .unsupportedMediaType(accepted)
        }
        guard let body = SandboxJSON.decode(request.body) else {
            throw .badRequest("the request body is not valid JSON")
        }
        return body
    }
}
