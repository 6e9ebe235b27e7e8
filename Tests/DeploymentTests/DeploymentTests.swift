import Foundation
import Testing

@Suite struct KubernetesManifestTests {
    static func exampleObjects() throws -> [ManifestChecker.Object] {
        try DeploymentFiles.manifestFiles().flatMap { try ManifestChecker.objects(fromYAML: DeploymentFiles.text($0)) }
    }

    @Test func theExampleManifestsAreConsistent() throws {
        let objects = try Self.exampleObjects()
        #expect(Set(objects.compactMap { $0["kind"] as? String })
            == ["Namespace", "ServiceAccount", "Role", "RoleBinding", "Secret", "Deployment", "Service"])
        var checker = ManifestChecker()
        #expect(checker.check(objects) == [])
    }

    /// The permissions table covers every call of `KubernetesHook`, the operator's only way to the API server.
    @Test func theRoleCoversExactlyTheHooksCalls() throws {
        let source = try DeploymentFiles.text(relative: "Sources/UpdraftKubernetes/API/KubernetesHook.swift")
        #expect(PodOperatorPermissions.hookRequirements(inSource: source) == Set(PodOperatorPermissions.byHookCall.keys))
    }

    /// Each manifest file parses on its own (kubectl applies them file by file).
    @Test(arguments: try DeploymentFiles.manifestFiles().map(\.lastPathComponent))
    func eachFileParses(_ name: String) throws {
        let objects = try ManifestChecker.objects(fromYAML: DeploymentFiles.text(DeploymentFiles.manifests.appendingPathComponent(name)))
        #expect(!objects.isEmpty)
    }

    /// Broken copies of the example: each must be reported, naming what is wrong.
    @Test(arguments: [
        ("Deployment", "apiVersion: apps/v1", "apiVersion: extensions/v1beta1", "apiVersion extensions/v1beta1"),
        ("Deployment", "replicas: 3", "replicas: \"three\"", "replicas must be an integer"),
        ("Deployment", "replicas: 3", "replicas: 1", "replicas must be an integer from 2 to 3"),
        ("Deployment", "terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: 20", "terminationGracePeriodSeconds"),
        ("Deployment", "path: /health", "path: /healthz", "is not an httpGet of /health"),
        ("Deployment", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "readOnlyRootFilesystem"),
        ("Deployment", "runAsNonRoot: true", "runAsNonRoot: false", "runAsNonRoot"),
        ("Deployment", "secretRef:\n                name: updraft-scheduler", "secretRef:\n                name: wrong", "envFrom"),
        ("Role", "\"delete\", \"patch\"]", "\"delete\", \"patch\", \"deletecollection\"]", "pods:deletecollection"),
        ("Role", "verbs: [\"list\"]", "verbs: [\"list\", \"watch\"]", "events:watch"),
        ("Role", "resources: [\"pods/log\"]", "resources: [\"pods/exec\"]", "lacks [pods/log:get]"),
        ("RoleBinding", "  kind: Role\n", "  kind: ClusterRole\n", "roleRef"),
        ("Secret", "postgresql://", "mysql://", "UPDRAFT_DATABASE"),
        ("Service", "targetPort: http", "targetPort: 9090", "reaches serve's port"),
        ("Service", "  selector:\n    app.kubernetes.io/name: updraft-scheduler", "  selector:\n    app: other", "selector"),
        ("Role", "verbs: [\"list\"]\n", "verbs: [\"list\"\n", "YAML"),  // a flow sequence left open at the end
    ])
    func aBrokenManifestIsReported(kind: String, original: String, broken: String, expected: String) throws {
        let file = try #require(try DeploymentFiles.manifestFiles().first { url in
            try ManifestChecker.objects(fromYAML: DeploymentFiles.text(url)).contains { $0["kind"] as? String == kind }
        })
        var objects: [ManifestChecker.Object] = []
        for url in try DeploymentFiles.manifestFiles() {
            var text = try DeploymentFiles.text(url)
            if url == file {
                #expect(text.contains(original), "\(original) not in \(url.lastPathComponent)")
                text = text.replacingOccurrences(of: original, with: broken)
            }
            do {
                objects += try ManifestChecker.objects(fromYAML: text)
            } catch {
                #expect(expected == "YAML", "unexpected parse error \(error)")
                return
            }
        }
        #expect(expected != "YAML", "the broken YAML parsed")
        var checker = ManifestChecker()
        let problems = checker.check(objects)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }
}
