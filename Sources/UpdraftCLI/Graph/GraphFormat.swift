public import UpdraftDrawing

/// How `show` prints a graph.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// Indented text: each task with its operator and downstream tasks, layer by layer.
    case text
    /// Graphviz DOT (`dot -Tsvg`).
    case dot
    /// A Mermaid flowchart (GitHub and GitLab render it in Markdown).
    case mermaid

    /// `graph` in this format.
    public func render(_ graph: DAGGraph) -> String {
        switch self {
        case .text: GraphFormat.text(graph)
        case .dot: GraphFormat.dot(graph)
        case .mermaid: GraphFormat.mermaid(graph)
        }
    }

    private static func text(_ graph: DAGGraph) -> String {
        let byID = Dictionary(graph.tasks.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        var lines = ["DAG \(graph.dagID) (\(graph.tasks.count) task\(graph.tasks.count == 1 ? "" : "s"))"]
        for (number, layer) in graph.layers.enumerated() {
            lines.append("layer \(number)")
            for taskID in layer {
                guard let task = byID[taskID] else { continue }
                let next = task.downstream.isEmpty ? "" : " >> " + task.downstream.joined(separator: ", ")
                lines.append("  \(task.taskID) [\(task.operatorName)]\(next)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func dot(_ graph: DAGGraph) -> String {
        var lines = ["digraph \(dotQuoted(graph.dagID)) {", "  rankdir=LR;",
                     "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"]
        for task in graph.tasks {
            lines.append("  \(dotQuoted(task.taskID)) [label=\(dotQuoted("\(task.taskID)\n\(task.operatorName)"))];")
        }
        for edge in graph.edges {
            lines.append("  \(dotQuoted(edge.upstream)) -> \(dotQuoted(edge.downstream));")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT quoted string: backslashes and quotes escaped, newlines as DOT's `\n` line break.
    static func dotQuoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    private static func mermaid(_ graph: DAGGraph) -> String {
        // Node ids are generated (t0, t1…): task ids may contain '-' and '.', which Mermaid reads as edge syntax.
        var nodeID: [String: String] = [:]
        var lines = ["flowchart LR"]
        for (index, task) in graph.tasks.enumerated() {
            nodeID[task.taskID] = "t\(index)"
            lines.append("  t\(index)[\"\(mermaidLabel(task.taskID))<br/><small>\(mermaidLabel(task.operatorName))</small>\"]")
        }
        for edge in graph.edges {
            guard let from = nodeID[edge.upstream], let to = nodeID[edge.downstream] else { continue }
            lines.append("  \(from) --> \(to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text safe inside a Mermaid quoted label: quotes and markup characters as HTML entities.
    static func mermaidLabel(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "#quot;"
            case "<": escaped += "#lt;"
            case ">": escaped += "#gt;"
            case "&": escaped += "#amp;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
