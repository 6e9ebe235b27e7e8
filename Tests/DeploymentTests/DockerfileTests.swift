import Foundation
import Testing

/// The image recipe cannot be built here (no container engine): these tests check what it names against the
/// repository and the manifests, so a renamed product, a root user or a changed port fails here first.
@Suite struct DockerfileTests {
    static func checkProblems(_ text: String, packageManifest: String) throws -> [String] {
        let file = try Dockerfile(text)
        var problems: [String] = []
        guard file.stages.count == 2, let build = file.stages.first, let runtime = file.stages.last else {
            return ["expected two stages, found \(file.stages.count)"]
        }
        if !build.image.hasPrefix("swift:6.3") { problems.append("build stage \(build.image) is not Swift 6.3") }
        if build.name == nil { problems.append("build stage has no name") }
        if !build.all("RUN").contains(where: { $0.contains("libcurl4-openssl-dev") }) {
            problems.append("build stage installs no libcurl4-openssl-dev")
        }
        let buildCommand = build.all("RUN").first { $0.contains("swift build") } ?? ""
        let words = buildCommand.split(separator: " ").map(String.init)
        let product = words.firstIndex(of: "--product").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
        if !buildCommand.contains("--static-swift-stdlib") { problems.append("swift build without --static-swift-stdlib") }
        if !buildCommand.contains("-c release") { problems.append("swift build is not a release build") }
        guard let product else { return problems + ["swift build names no --product"] }
        if !packageManifest.contains(".executableTarget(\n            name: \"\(product)\"")
            && !packageManifest.contains(".executableTarget(name: \"\(product)\"") {
            problems.append("\(product) is not an executable target of Package.swift")
        }
        if !runtime.image.hasPrefix("debian:") || !runtime.image.hasSuffix("-slim") {
            problems.append("runtime stage \(runtime.image) is not a slim Debian image")
        }
        let installs = runtime.all("RUN").joined(separator: " ")
        for package in ["libcurl4", "ca-certificates"] where !installs.contains(" \(package) ") {
            problems.append("runtime stage installs no \(package)")
        }
        let copies = runtime.all("COPY").filter { $0.hasPrefix("--from=\(build.name ?? "")") }
        if !copies.contains(where: { $0.hasSuffix(" /app/\(product)") }) { problems.append("/app/\(product) is not copied from the build stage") }
        let user = runtime.all("USER").last ?? "root"
        if user.hasPrefix("root") || user.hasPrefix("0") { problems.append("runtime user is root") }
        let entrypoint = runtime.all("ENTRYPOINT").last.map { Data($0.utf8) }
            .flatMap { try? JSONDecoder().decode([String].self, from: $0) }
        if entrypoint != ["/app/\(product)", "serve", "--host", "0.0.0.0", "--port", "8080"] {
            problems.append("ENTRYPOINT is not /app/\(product) serve on 0.0.0.0:8080 in exec form")
        }
        return problems
    }

    @Test func theExampleDockerfileIsConsistent() throws {
        let text = try DeploymentFiles.text(DeploymentFiles.dockerfile)
        let manifest = try DeploymentFiles.text(relative: "Package.swift")
        #expect(try Self.checkProblems(text, packageManifest: manifest) == [])
    }

    /// The image's user is the one the Deployment runs as, and the port the one its probes ask.
    @Test func theImageMatchesTheDeployment() throws {
        let runtime = try #require(try Dockerfile(DeploymentFiles.text(DeploymentFiles.dockerfile)).stages.last)
        let user = try #require(runtime.all("USER").last).split(separator: ":").first.map(String.init)
        let objects = try KubernetesManifestTests.exampleObjects()
        let deployment = try #require(objects.first { $0["kind"] as? String == "Deployment" })
        let pod = ((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
        let podUser = (pod?["securityContext"] as? [String: Any])?["runAsUser"] as? Int
        #expect(podUser.map(String.init) == user)
        #expect(runtime.all("EXPOSE") == ["8080"])
        let home = runtime.all("ENV").first { $0.hasPrefix("UPDRAFT_HOME=") }?.dropFirst("UPDRAFT_HOME=".count)
        let container = (pod?["containers"] as? [[String: Any]])?.first
        let env = container?["env"] as? [[String: Any]] ?? []
        #expect(env.first { $0["name"] as? String == "UPDRAFT_HOME" }?["value"] as? String == home.map(String.init))
    }

    @Test(arguments: [
        ("--product TalendPipeline", "--product NoSuchDAG", "not an executable target"),
        ("FROM swift:6.3-bookworm AS build", "FROM swift:5.10-bookworm AS build", "is not Swift 6.3"),
        (" --static-swift-stdlib", "", "without --static-swift-stdlib"),
        ("USER 10001:10001", "USER root", "runtime user is root"),
        ("\"--port\", \"8080\"]", "\"--port\", \"9090\"]", "ENTRYPOINT"),
        ("libcurl4 libsqlite3-0", "libsqlite3-0", "installs no libcurl4"),
        ("FROM debian:bookworm-slim", "FROM debian:bookworm", "not a slim Debian image"),
    ])
    func aBrokenDockerfileIsReported(original: String, broken: String, expected: String) throws {
        let text = try DeploymentFiles.text(DeploymentFiles.dockerfile)
        #expect(text.contains(original))
        let problems = try Self.checkProblems(text.replacingOccurrences(of: original, with: broken),
                                              packageManifest: DeploymentFiles.text(relative: "Package.swift"))
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }
}
