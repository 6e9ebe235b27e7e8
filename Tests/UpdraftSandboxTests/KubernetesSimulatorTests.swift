import Foundation
import Testing

@testable import UpdraftSandbox

/// The simulator's API semantics, calling its handler directly.
@Suite struct KubernetesSimulatorTests {
    let simulator = KubernetesSimulator(configuration: KubernetesSimulatorConfiguration(tick: .milliseconds(2)))
    var client: KubernetesClient { KubernetesClient(simulator: simulator) }

    @Test func createPopulatesMetadataAndRunsToSuccess() async throws {
        let created = try await client.createPod("job-1", image: "sim/succeed:1.0", labels: ["app": "etl"])
        #expect(created.at("kind") == "Pod")
        #expect(created.at("metadata", "uid")?.string?.count == 36)
        #expect(created.at("metadata", "creationTimestamp")?.string?.hasSuffix("Z") == true)
        #expect(created.phase == "Pending")
        #expect(created.at("spec", "containers", "0", "imagePullPolicy") == "IfNotPresent")
        #expect(created.at("spec", "terminationGracePeriodSeconds") == 30)
        let createdVersion = try #require(created.at("metadata", "resourceVersion")?.string.flatMap { Int($0) })

        let done = try await client.waitForPod("job-1") { $0.phase == "Succeeded" }
        #expect(Int(done.at("metadata", "resourceVersion")?.string ?? "") ?? 0 > createdVersion)
        #expect(done.at("spec", "nodeName") == "sim-node-1")
        let terminated = try #require(done.at("status", "containerStatuses", "0", "state", "terminated"))
        #expect(terminated["exitCode"] == 0)
        #expect(terminated["reason"] == "Completed")
        #expect(terminated["finishedAt"]?.string != nil)
        let conditions = done.at("status", "conditions")?.array ?? []
        #expect(conditions.contains { $0["type"] == "PodScheduled" && $0["status"] == "True" })
        #expect(
            conditions.contains { $0["type"] == "Ready" && $0["status"] == "False" && $0["reason"] == "PodCompleted" })

        let log = try await client.text("/api/v1/namespaces/default/pods/job-1/log")
        #expect(log.status == 200)
        #expect(log.text == "starting job\nprocessing 3 records\njob finished\n")

        let events = try await client.call(
            "GET", "/api/v1/namespaces/default/events", query: [("fieldSelector", "involvedObject.name=job-1")])
        let reasons = (events.body["items"]?.array ?? []).compactMap { $0["reason"]?.string }
        #expect(reasons == ["Scheduled", "Pulling", "Pulled", "Created", "Started"])
        #expect(events.body.at("items", "0", "source", "component") == "default-scheduler")
        #expect(events.body.at("items", "1", "involvedObject", "fieldPath") == "spec.containers{base}")
    }

    @Test func createErrorsUseKubernetesStatus() async throws {
        try await client.createPod("dup", image: "sim/unschedulable")
        let duplicate = try await client.call(
            "POST", "/api/v1/namespaces/default/pods",
            json: ["metadata": ["name": "dup"], "spec": ["containers": [["name": "base", "image": "x"]]]])
        #expect(duplicate.status == 409)
        #expect(duplicate.body["reason"] == "AlreadyExists")
        #expect(duplicate.body["message"] == "pods \"dup\" already exists")
        #expect(duplicate.body["kind"] == "Status")
        #expect(duplicate.body.at("details", "kind") == "pods")

        let noImage = try await client.call(
            "POST", "/api/v1/namespaces/default/pods",
            json: ["metadata": ["name": "noimage"], "spec": ["containers": [["name": "base"]]]])
        #expect(noImage.status == 422)
        #expect(noImage.body["message"] == "Pod \"noimage\" is invalid: spec.containers[0].image: Required value")
        #expect(noImage.body.at("details", "causes", "0", "field") == "spec.containers[0].image")

        let noContainers = try await client.call(
            "POST", "/api/v1/namespaces/default/pods", json: ["metadata": ["name": "Bad_Name"], "spec": [:]])
        #expect(noContainers.status == 422)
        #expect(noContainers.body.at("details", "causes")?.array?.count == 2)

        let otherNamespace = try await client.call(
            "POST", "/api/v1/namespaces/nowhere/pods",
            json: ["metadata": ["name": "p"], "spec": ["containers": [["name": "base", "image": "x"]]]])
        #expect(otherNamespace.status == 404)
        #expect(otherNamespace.body["message"] == "namespaces \"nowhere\" not found")

        let mismatch = try await client.call(
            "POST", "/api/v1/namespaces/default/pods",
            json: [
                "metadata": ["name": "p", "namespace": "kube-system"],
                "spec": ["containers": [["name": "b", "image": "x"]]],
            ])
        #expect(mismatch.status == 400)

        let generated = try await client.call(
            "POST", "/api/v1/namespaces/default/pods",
            json: [
                "metadata": ["generateName": "job-"],
                "spec": ["containers": [["name": "b", "image": "sim/unschedulable"]]],
            ])
        #expect(generated.status == 201)
        let name = generated.body.at("metadata", "name")?.string ?? ""
        #expect(name.hasPrefix("job-") && name.count == 9)

        let missing = try await client.call("GET", "/api/v1/namespaces/default/pods/ghost")
        #expect(missing.status == 404)
        #expect(missing.body["message"] == "pods \"ghost\" not found")
        #expect(try await client.call("DELETE", "/api/v1/namespaces/default/pods/ghost").status == 404)
        #expect(try await client.call("GET", "/apis/batch/v1").status == 404)
        #expect(try await client.call("PUT", "/api/v1/namespaces/default/pods/dup").status == 405)
    }

    @Test func bearerTokenIsRequiredAndNeverRecorded() async throws {
        let secured = KubernetesSimulator(configuration: KubernetesSimulatorConfiguration(bearerToken: "s3cret"))
        let anonymous = try await KubernetesClient(simulator: secured).call("GET", "/api/v1/namespaces/default/pods")
        #expect(anonymous.status == 401)
        #expect(anonymous.body["reason"] == "Unauthorized")
        let wrong = try await KubernetesClient(simulator: secured, token: "nope").call("GET", "/api")
        #expect(wrong.status == 401)
        let right = try await KubernetesClient(simulator: secured, token: "s3cret").call(
            "GET", "/api/v1/namespaces/default/pods")
        #expect(right.status == 200)
        #expect(right.body["items"] == [])
        #expect(secured.requests.count == 3)
        #expect(!secured.requests.contains { "\($0)".contains("s3cret") })

        secured.rotateBearerToken(to: "n3w")
        #expect(secured.bearerToken == "n3w")
        #expect(try await KubernetesClient(simulator: secured, token: "s3cret").call("GET", "/api").status == 401)
        #expect(try await KubernetesClient(simulator: secured, token: "n3w").call("GET", "/api").status == 200)
    }

    @Test func selectorsFilterLists() async throws {
        try await client.createPod(
            "a", image: "sim/unschedulable", labels: ["dag_id": "d", "task_id": "t", "tier": "gold"])
        try await client.createPod("b", image: "sim/unschedulable", labels: ["dag_id": "d", "already_checked": "True"])
        try await client.createPod("c", image: "sim/unschedulable", labels: ["dag_id": "e", "airflow-worker": "1"])
        func names(_ selector: String, field: String = "") async throws -> [String] {
            let (status, body) = try await client.call(
                "GET", "/api/v1/namespaces/default/pods",
                query: [("labelSelector", selector), ("fieldSelector", field)])
            #expect(status == 200)
            return (body["items"]?.array ?? []).compactMap { $0.at("metadata", "name")?.string }.sorted()
        }
        #expect(try await names("dag_id=d") == ["a", "b"])
        #expect(try await names("dag_id==d,already_checked!=True") == ["a"])
        #expect(try await names("dag_id in (d,e),!airflow-worker") == ["a", "b"])
        #expect(try await names("tier notin (silver)") == ["a", "b", "c"])
        #expect(try await names("tier") == ["a"])
        #expect(try await names("", field: "metadata.name=b") == ["b"])
        #expect(try await names("", field: "metadata.name!=b,status.phase=Pending") == ["a", "c"])
        let badField = try await client.call(
            "GET", "/api/v1/namespaces/default/pods", query: [("fieldSelector", "spec.image=x")])
        #expect(badField.status == 400)
        #expect(badField.body["message"] == "field label not supported: spec.image")
        let page = try await client.call("GET", "/api/v1/pods", query: [("limit", "2")])
        #expect(page.body["items"]?.array?.count == 2)
        #expect(page.body.at("metadata", "remainingItemCount") == 1)
        let token = try #require(page.body.at("metadata", "continue")?.string)
        let rest = try await client.call("GET", "/api/v1/pods", query: [("limit", "2"), ("continue", token)])
        #expect(rest.body["items"]?.array?.count == 1)
    }

    @Test func patchMergesLabelsAndRefusesSpecChanges() async throws {
        try await client.createPod("p", image: "sim/unschedulable", labels: ["keep": "1", "drop": "x"])
        let patched = try await client.call(
            "PATCH", "/api/v1/namespaces/default/pods/p",
            json: ["metadata": ["labels": ["already_checked": "True", "drop": .null]]],
            contentType: "application/strategic-merge-patch+json")
        #expect(patched.status == 200)
        #expect(patched.body.at("metadata", "labels") == ["keep": "1", "already_checked": "True"])
        let spec = try await client.call(
            "PATCH", "/api/v1/namespaces/default/pods/p", json: ["spec": ["restartPolicy": "Always"]],
            contentType: "application/merge-patch+json")
        #expect(spec.status == 422)
        let jsonPatch = try await client.call(
            "PATCH", "/api/v1/namespaces/default/pods/p", json: [], contentType: "application/json-patch+json")
        #expect(jsonPatch.status == 415)
    }
}
