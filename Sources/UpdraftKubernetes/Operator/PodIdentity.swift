import Foundation
import Updraft

/// Pod names and identity labels, as Airflow builds them (airflow-anchor §4.3, §4.4).
enum PodIdentity {
    /// The longest pod name (hostname-safe).
    static let maximumNameLength = 63
    /// The label marking a pod whose result was already handled (never reattached).
    static let alreadyCheckedLabel = "already_checked"

    /// The pod name: the given name (lower-cased, runs of other characters turned into `-`) or the task id
    /// slugified, cut to fit, plus `-` and 8 random `[a-z0-9]` when `randomSuffix`.
    static func podName(name: String?, taskID: String, randomSuffix: Bool) -> String {
        let base = slug(name ?? taskID)
        let stem = base.isEmpty ? "pod" : base
        guard randomSuffix else { return trim(String(stem.prefix(maximumNameLength))) }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let suffix = String((0..<8).map { _ in alphabet.randomElement() ?? "x" })
        return trim(String(stem.prefix(maximumNameLength - 9))) + "-" + suffix
    }

    /// The identity labels of a task's pod, merged over the user's labels.
    static func labels(user: [String: String], context: TaskContext, inCluster: Bool) -> [String: String] {
        var labels = user.mapValues(safeLabelValue)
        labels["dag_id"] = safeLabelValue(context.dagID)
        labels["task_id"] = safeLabelValue(context.taskID)
        labels["run_id"] = safeLabelValue(context.runID)
        labels["kubernetes_pod_operator"] = "True"
        labels["try_number"] = String(context.tryNumber)
        labels["airflow_kpo_in_cluster"] = inCluster ? "True" : "False"
        return labels
    }

    /// The label selector finding the pod of the task and run (any try, unless `includeTry`), skipping pods
    /// already handled and Airflow worker pods (Airflow's `_build_find_pod_label_selector`).
    static func selector(_ labels: [String: String], includeTry: Bool) -> String {
        var terms = labels.filter { $0.key != "airflow_kpo_in_cluster" && (includeTry || $0.key != "try_number") }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        terms.append("\(alreadyCheckedLabel)!=True")
        terms.append("!airflow-worker")
        return terms.joined(separator: ",")
    }

    /// Airflow's `make_safe_label_value`: only `[A-Za-z0-9_.-]` with alphanumeric ends; a changed or too long
    /// value becomes its first 53 characters, `-` and 9 hex digits of a hash of the original.
    static func safeLabelValue(_ value: String) -> String {
        var safe = String(value.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) })
        while let first = safe.first, !(first.isLetter || first.isNumber) { safe.removeFirst() }
        while let last = safe.last, !(last.isLetter || last.isNumber) { safe.removeLast() }
        guard safe != value || safe.count > 63 else { return safe }
        return String(safe.prefix(53)) + "-" + String(stableHash(value).prefix(9))
    }

    private static func slug(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                result.append(character)
            } else if result.last != "-" {
                result.append("-")
            }
        }
        return trim(result)
    }

    private static func trim(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
    }

    /// 64-bit FNV-1a in hex: stable across runs and platforms (label values must not change between tries).
    private static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
