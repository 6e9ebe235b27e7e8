import Foundation

/// Server-side printing: the `meta.k8s.io/v1` `Table` kubectl asks for (`Accept: …;as=Table;…`) and prints as
/// is, since kubectl no longer knows how to print pods itself (a plain list would show only NAME and AGE).
enum KubernetesTable {
    /// Whether the request's `Accept` header prefers a Table.
    static func isRequested(_ request: SandboxHTTPRequest) -> Bool {
        request.header("Accept")?.split(separator: ",").first?.contains("as=Table") ?? false
    }

    /// A Table of `items` (empty `rows` for an empty list), with columns and cells chosen by kind.
    static func table(_ items: [SandboxJSON], kind: String, resourceVersion: Int, now: Date) -> SandboxJSON {
        let columns: [(String, Int)] =
            switch kind {
            case "Pod":
                [
                    ("Name", 0), ("Ready", 0), ("Status", 0), ("Restarts", 0), ("Age", 0), ("IP", 1), ("Node", 1),
                    ("Nominated Node", 1), ("Readiness Gates", 1),
                ]
            case "Event": [("Last Seen", 0), ("Type", 0), ("Reason", 0), ("Object", 0), ("Message", 0)]
            default: [("Name", 0), ("Status", 0), ("Age", 0)]
            }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": ["resourceVersion": .string(String(resourceVersion))],
            "columnDefinitions": .array(
                columns.map { name, priority in
                    [
                        "name": .string(name), "type": "string", "format": name == "Name" ? "name" : "",
                        "description": "", "priority": .int(priority),
                    ]
                }),
            "rows": .array(items.map { row($0, kind: kind, now: now) }),
        ]
    }

    private static func row(_ object: SandboxJSON, kind: String, now: Date) -> SandboxJSON {
        let name = object.path("metadata", "name")
        let age = humanAge(since: object.path("metadata", "creationTimestamp"), now: now)
        let cells: [String] =
            switch kind {
            case "Pod": podCells(object, name: name, age: age)
            case "Event":
                [
                    humanAge(since: object.path("lastTimestamp"), now: now), object.path("type"), object.path("reason"),
                    "pod/" + object.path("involvedObject", "name"), object.path("message"),
                ]
            default: [name, object.path("status", "phase"), age]
            }
        return [
            "cells": .array(cells.map { .string($0) }),
            "object": [
                "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object["metadata"] ?? [:],
            ],
        ]
    }

    /// The columns of `kubectl get pods`, with kubectl's STATUS rules (waiting/terminated reason, Terminating).
    private static func podCells(_ pod: SandboxJSON, name: String, age: String) -> [String] {
        let statuses = pod["status"]?["containerStatuses"]?.array ?? []
        let total = pod["spec"]?["containers"]?.array?.count ?? 0
        let ready = statuses.filter { $0["ready"] == .bool(true) }.count
        var status = pod.path("status", "phase")
        for container in statuses {
            if let reason = container["state"]?["waiting"]?["reason"]?.string {
                status = reason
            } else if let terminated = container["state"]?["terminated"] {
                status = terminated["reason"]?.string ?? "ExitCode:\(terminated["exitCode"]?.int ?? 0)"
            }
        }
        if pod["metadata"]?["deletionTimestamp"] != nil { status = "Terminating" }
        let ip = pod.path("status", "podIP")
        let node = pod.path("spec", "nodeName")
        return [
            name, "\(ready)/\(total)", status, "0", age, ip.isEmpty ? "<none>" : ip, node.isEmpty ? "<none>" : node,
            "<none>", "<none>",
        ]
    }

    /// kubectl's short durations: `45s`, `3m12s`, `25m`, `5h`, `3d`.
    private static func humanAge(since timestamp: String, now: Date) -> String {
        guard let date = KubernetesTime.parse(timestamp) else { return "<unknown>" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return "\(seconds / 60)m\(seconds % 60)s"
        case ..<10_800: return "\(seconds / 60)m"
        case ..<172_800: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}

extension SandboxJSON {
    /// The string at a path of object keys, or `""`.
    func path(_ keys: String...) -> String {
        var value: SandboxJSON? = self
        for key in keys { value = value?[key] }
        return value?.string ?? ""
    }
}
