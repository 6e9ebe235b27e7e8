import Foundation
import Logging
import Updraft
import UpdraftEmail
import UpdraftSandbox

// Email benchmark: MIME rendering (small HTML messages; one with a 10 MB attachment) and delivery with the libcurl
// SMTP hook to the sandbox's SMTP sink on loopback, in clear text (the sink stores each message before its 250).
//
//   swift build -c release --product EmailBenchmark && .build/release/EmailBenchmark [messages]   (default 200)

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 200
let clock = ContinuousClock()

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}

func message(_ index: Int, attachments: [EmailAttachment] = []) -> EmailMessage {
    EmailMessage(to: ["data-team@example.com", "ops@example.com"], subject: "Talend pipeline finished (\(index))",
                 htmlContent: "<h1>Done</h1><p>Run \(index) of <b>talend_pipeline</b> succeeded.</p>",
                 attachments: attachments)
}

print("| what | count | total | per message |")
print("|---|---:|---:|---:|")

var start = clock.now
for index in 0..<count { _ = try message(index).render(defaultFrom: "updraft@example.com") }
var elapsed = clock.now - start
print(String(format: "| render a small HTML message | %d | %.1f ms | %.3f ms |", count, milliseconds(elapsed),
             milliseconds(elapsed) / Double(count)))

let tenMegabytes = Data((0..<10_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
let large = message(0, attachments: [EmailAttachment(filename: "export.bin", data: tenMegabytes)])
start = clock.now
let rendered = try large.render(defaultFrom: "updraft@example.com")
elapsed = clock.now - start
print(String(format: "| render with a 10 MB attachment (%.1f MB of MIME) | 1 | %.1f ms | %.1f ms |",
             Double(rendered.data.count) / 1e6, milliseconds(elapsed), milliseconds(elapsed)))

var sinkConfiguration = SMTPSinkConfiguration()
sinkConfiguration.maximumMessageSize = 32_000_000  // room for the 10 MB attachment's 13.7 MB of MIME
let sink = try await SMTPSink.start(configuration: sinkConfiguration)
let hook = CurlSMTPHook(settings: SMTPSettings(host: "127.0.0.1", port: sink.port, startTLS: false),
                        logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
start = clock.now
for index in 0..<count { _ = try await hook.send(message(index)) }
elapsed = clock.now - start
print(String(format: "| send a small message (one connection each) | %d | %.1f ms | %.2f ms |", count,
             milliseconds(elapsed), milliseconds(elapsed) / Double(count)))

start = clock.now
_ = try await hook.send(large)
elapsed = clock.now - start
print(String(format: "| send the 10 MB message | 1 | %.1f ms | %.1f ms |", milliseconds(elapsed),
             milliseconds(elapsed)))
let received = sink.messages().count
try await sink.shutdown()
guard received == count + 1 else { throw LostMail(received: received, sent: count + 1) }

/// The sink did not store every message sent (the figures above would not mean what they say).
struct LostMail: Error, CustomStringConvertible {
    var received: Int
    var sent: Int
    var description: String { "the SMTP sink stored \(received) messages of \(sent) sent" }
}
