import Foundation
import Testing
import UpdraftSandbox

/// The built `updraft-sandbox` executable, next to the test bundle.
private let sandboxExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("updraft-sandbox").path

@Suite struct SandboxServicesTests {
    @Test func runningSandboxWritesAndReadsItsManifest() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-sandbox-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sandbox = try await RunningSandbox.start(
            [TalendSandboxService(token: "t0ken"), SMTPSandboxService()], stateDirectory: directory)
        do {
            try sandbox.manifest.write(toStateDirectory: directory)
            let manifest = try SandboxManifest.read(fromStateDirectory: directory)
            #expect(manifest == sandbox.manifest)
            let talend = try #require(manifest.services["talend"])
            #expect(talend.settings["token"] == "t0ken")
            #expect(talend.baseURL == "http://127.0.0.1:\(talend.port)")
            let smtp = try #require(manifest.services["smtp"])
            #expect(smtp.host == "127.0.0.1" && smtp.port > 0)
            #expect(smtp.settings["mailDirectory"] == URL(fileURLWithPath: directory).appendingPathComponent("mail").path)
            let client = TalendTestClient(baseURL: try #require(talend.baseURL), token: "t0ken")
            #expect(try await client.start(#"{"executable":"job-succeeds"}"#).status == 201)
        } catch {
            try? await sandbox.shutdown()
            throw error
        }
        try await sandbox.shutdown()
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sandboxExecutable), "build updraft-sandbox first"))
    func executableServesUntilTerminated() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-sandbox-exe-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = try RunningProcess(sandboxExecutable, ["--state-dir", directory, "--talend-token", "exe-token"])
        let output = try await withDeadline("the sandbox to be ready") {
            var text = ""
            for await chunk in process.output {
                text += String(decoding: chunk, as: UTF8.self)
                if text.contains("ready") { break }
            }
            return text
        }
        #expect(output.contains("talend      http://127.0.0.1:"), "\(output)")
        #expect(output.contains("smtp        smtp://127.0.0.1:"), "\(output)")
        let manifest = try SandboxManifest.read(fromStateDirectory: directory)
        let talend = try #require(manifest.services["talend"]?.baseURL)
        let client = TalendTestClient(baseURL: talend, token: "exe-token")
        #expect(try await client.start(#"{"executable":"job-succeeds"}"#).status == 201)
        process.terminate()
        let exit = await process.waitForExit()
        #expect(exit.status == 0, "\(exit.errorOutput)")
    }
}
