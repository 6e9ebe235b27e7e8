import Foundation
import Testing
import UpdraftCurl
@testable import UpdraftKubernetes

/// Kubeconfig paths that trap Foundation's `NSString` path functions (`dir//ü`), and kubectl's default file.
@Suite struct KubeconfigPathTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "kubeconfig-paths-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/a/ü/certs", withIntermediateDirectories: true)
    }

    private func config(server: String) -> String {
        """
        current-context: c
        clusters: [{name: c, cluster: {server: "\(server)", certificate-authority: certs/ca.crt}}]
        contexts: [{name: c, context: {cluster: c}}]
        """
    }

    @Test(arguments: [
        ("dir//ü", "dir"), ("/tmp//ü", "/tmp"), ("ü//", "."), ("//ü", "/"), ("a/ü//", "a"), ("x", "."), ("/", "/"),
        ("/a/b/c", "/a/b"), ("", "."),
    ])
    func directoryOfAnyPathNeverTraps(path: String, parent: String) {
        #expect(KubeconfigPath.directory(of: path) == parent)
    }

    @Test func pathsWithDoubleSlashesAndNonASCIINamesLoad() throws {
        try "CA".write(toFile: directory + "/a/ü/certs/ca.crt", atomically: true, encoding: .utf8)
        try config(server: "https://h:1").write(toFile: directory + "/a/ü/config", atomically: true, encoding: .utf8)
        let path = directory + "/a//ü/config"
        let (merged, files) = try KubeconfigLoader.loadDefault(
            environment: ["KUBECONFIG": path + "::" + directory + "//missing//ü"], homeDirectory: directory)
        #expect(files == [path])
        let configuration = try KubeconfigLoader.clusterConfiguration(from: merged, context: nil, source: path)
        #expect(configuration.tls.trustRoots == .file(directory + "/a//ü/certs/ca.crt"))
        let missing = #expect(throws: KubernetesConfigError.self) {
            try KubeconfigLoader.loadDefault(environment: ["KUBECONFIG": "dir//ü"], homeDirectory: directory)
        }
        #expect(missing?.message.contains("no kubeconfig file found (looked for dir//ü)") == true)
        #expect(throws: KubernetesConfigError.self) { try KubeconfigLoader.load(file: "~/x//ü", homeDirectory: "//ü") }
    }

    @Test func theDefaultKubeconfigIsHomeDotKubeConfigAsForKubectl() throws {
        try FileManager.default.createDirectory(atPath: directory + "/home/.kube/certs", withIntermediateDirectories: true)
        try "CA".write(toFile: directory + "/home/.kube/certs/ca.crt", atomically: true, encoding: .utf8)
        try config(server: "https://from-home:6443").write(
            toFile: directory + "/home/.kube/config", atomically: true, encoding: .utf8)
        let resolver = KubernetesClusterResolver(environment: ["HOME": directory + "/home"])
        #expect(resolver.homeDirectory == directory + "/home")
        #expect(try resolver.resolve(connection: nil).server == "https://from-home:6443")
        let tilde = try KubernetesClusterResolver(environment: ["HOME": directory + "/home"])
            .resolve(connection: nil, configFile: "~/.kube/config")
        #expect(tilde.server == "https://from-home:6443")
    }

    @Test func aCursorAfterADateResumesAtTheSecondTheAPIAccepts() {
        var cursor = PodLogCursor(after: Date(timeIntervalSince1970: 1_767_225_600.25))
        #expect(cursor.lastTimestamp == "2026-01-01T00:00:00.250000000Z")
        #expect(cursor.sinceTime == "2026-01-01T00:00:00Z")
        var replayed = 0
        #expect(!cursor.accepts("2026-01-01T00:00:00.100000000Z", replayed: &replayed))
        #expect(cursor.accepts("2026-01-01T00:00:00.500000000Z", replayed: &replayed))
        // Two lines share a timestamp; after a reconnection the first comes again and is skipped.
        #expect(cursor.accepts("2026-01-01T00:00:00.500000000Z", replayed: &replayed))
        #expect(cursor.linesAtLastTimestamp == 2)
        replayed = 1
        #expect(!cursor.accepts("2026-01-01T00:00:00.500000000Z", replayed: &replayed))
        #expect(cursor.accepts("2026-01-01T00:00:00.500000000Z", replayed: &replayed))
        #expect(cursor.linesAtLastTimestamp == 3)
        #expect(PodLogCursor(after: Date(timeIntervalSince1970: .infinity)).lastTimestamp == nil)
    }
}
