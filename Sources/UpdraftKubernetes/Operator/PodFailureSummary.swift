import Foundation
import Updraft

/// The one-line account of a failed pod logged at ERROR: phase, pod reason and message, the base container's
/// exit code, reason and termination message, and the last events — the full pod JSON goes to DEBUG only.
/// Messages come from the cluster and are masked.
enum PodFailureSummary {
    static func line(_ pod: Pod, baseContainer: String, events: [String], masker: SecretMasker) -> String {
        let name = "\(pod.metadata.namespace ?? "")/\(pod.metadata.name ?? "")"
        var parts = ["phase \(pod.phase)"]
        if let reason = pod.status?.reason { parts.append("reason \(reason)") }
        if let message = pod.status?.message { parts.append("message \(oneLine(message))") }
        if let terminated = pod.containerStatus(named: baseContainer)?.state?.terminated {
            var container = "container \(baseContainer) exit code \(terminated.exitCode)"
            if let reason = terminated.reason { container += " (\(reason))" }
            if let message = terminated.message, !message.isEmpty { container += ": \(oneLine(message))" }
            parts.append(container)
        } else if let waiting = pod.containerStatus(named: baseContainer)?.state?.waiting {
            parts.append("container \(baseContainer) waiting: \(waiting.reason ?? "")"
                + (waiting.message.map { " \(oneLine($0))" } ?? ""))
        }
        if !events.isEmpty { parts.append("last events: " + events.suffix(5).joined(separator: "; ")) }
        return masker.mask("pod \(name) failed: " + parts.joined(separator: ", "))
    }

    /// Multi-line cluster messages joined into one line (one console line per event).
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " / ")
    }
}
