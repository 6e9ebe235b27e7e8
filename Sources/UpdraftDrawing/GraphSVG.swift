public import Updraft

/// Draws a DAG as SVG, left to right in layers (longest path from the roots), each task a box coloured by state.
public struct GraphSVG: Sendable {
    /// Box and spacing sizes, in SVG units.
    static let boxWidth = 170, boxHeight = 44, columnGap = 60, rowGap = 18, margin = 12

    /// The graph.
    public var graph: DAGGraph
    /// Task states by task id (missing: not reached).
    public var states: [String: TaskInstanceState]

    /// Creates a drawing of `graph` with `states`.
    public init(graph: DAGGraph, states: [String: TaskInstanceState] = [:]) {
        self.graph = graph
        self.states = states
    }

    /// The top-left corner of each task's box.
    var positions: [String: (x: Int, y: Int)] {
        var result: [String: (x: Int, y: Int)] = [:]
        for (column, layer) in graph.layers.enumerated() {
            for (row, taskID) in layer.enumerated() {
                result[taskID] = (Self.margin + column * (Self.boxWidth + Self.columnGap),
                                  Self.margin + row * (Self.boxHeight + Self.rowGap))
            }
        }
        return result
    }

    /// The `<svg>` element.
    public func render() -> String {
        let layers = graph.layers
        let width = 2 * Self.margin + max(layers.count, 1) * (Self.boxWidth + Self.columnGap) - Self.columnGap
        let rows = layers.map(\.count).max() ?? 1
        let height = 2 * Self.margin + rows * (Self.boxHeight + Self.rowGap) - Self.rowGap
        let positions = positions
        var parts = ["""
            <svg class="graph" xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="img" aria-label="task graph">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" \
            orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#777"/></marker></defs>
            """]
        for edge in graph.edges {
            guard let from = positions[edge.upstream], let to = positions[edge.downstream] else { continue }
            let startX = from.x + Self.boxWidth, startY = from.y + Self.boxHeight / 2
            let endX = to.x, endY = to.y + Self.boxHeight / 2
            let bend = (endX - startX) / 2
            parts.append("""
                <path class="edge" d="M \(startX) \(startY) C \(startX + bend) \(startY), \(endX - bend) \(endY), \
                \(endX) \(endY)" fill="none" stroke="#777" stroke-width="1.5" marker-end="url(#arrow)"/>
                """)
        }
        for task in graph.tasks {
            guard let position = positions[task.taskID] else { continue }
            let state = states[task.taskID]
            let id = HTMLText.escape(task.taskID)
            parts.append("""
                <g class="node" data-task="\(id)" transform="translate(\(position.x),\(position.y))">\
                <title>\(id): \(HTMLText.escape(state?.rawValue ?? "not run"))</title>\
                <rect width="\(Self.boxWidth)" height="\(Self.boxHeight)" rx="6" fill="\(StatePalette.colour(of: state))" \
                stroke="#444"/>\
                <text x="10" y="18" fill="\(StatePalette.textColour(on: state))" font-weight="bold">\
                \(HTMLText.escape(Self.fit(task.taskID)))</text>\
                <text x="10" y="35" fill="\(StatePalette.textColour(on: state))" font-size="11">\
                \(HTMLText.escape(Self.fit(task.operatorName)))</text></g>
                """)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// `text` shortened with an ellipsis to fit in a box (full text is in the box's tooltip).
    static func fit(_ text: String, limit: Int = 22) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
