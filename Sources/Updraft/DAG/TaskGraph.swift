/// The dependency edges of a DAG in compressed adjacency form (two flat arrays per direction), so that a DAG of
/// 100,000 tasks costs a few bytes per edge and no allocation per task.
struct TaskGraph: Sendable {
    private let downstreamOffsets: [Int32]
    private let downstreamTargets: [Int32]
    private let upstreamOffsets: [Int32]
    private let upstreamTargets: [Int32]

    /// Builds the graph of `count` tasks from deduplicated edges (from, to).
    init(count: Int, edges: [(from: Int32, to: Int32)]) {
        (downstreamOffsets, downstreamTargets) = TaskGraph.compress(count: count, edges.map { ($0.from, $0.to) })
        (upstreamOffsets, upstreamTargets) = TaskGraph.compress(count: count, edges.map { ($0.to, $0.from) })
    }

    var count: Int { downstreamOffsets.count - 1 }

    var edgeCount: Int { downstreamTargets.count }

    func downstream(of task: Int) -> ArraySlice<Int32> {
        downstreamTargets[Int(downstreamOffsets[task])..<Int(downstreamOffsets[task + 1])]
    }

    func upstream(of task: Int) -> ArraySlice<Int32> {
        upstreamTargets[Int(upstreamOffsets[task])..<Int(upstreamOffsets[task + 1])]
    }

    func upstreamCount(of task: Int) -> Int { Int(upstreamOffsets[task + 1] - upstreamOffsets[task]) }

    private static func compress(count: Int, _ pairs: [(Int32, Int32)]) -> ([Int32], [Int32]) {
        var offsets = [Int32](repeating: 0, count: count + 1)
        for (source, _) in pairs { offsets[Int(source) + 1] += 1 }
        for index in 0..<count { offsets[index + 1] += offsets[index] }
        var cursor = offsets
        var targets = [Int32](repeating: 0, count: pairs.count)
        for (source, target) in pairs {
            targets[Int(cursor[Int(source)])] = target
            cursor[Int(source)] += 1
        }
        return (offsets, targets)
    }

    /// A cycle as a list of task indices (first and last equal), found by an iterative three-colour DFS; nil if
    /// the graph is acyclic.
    func findCycle() -> [Int]? {
        enum Colour: UInt8 { case new, inProgress, done }
        var colour = [Colour](repeating: .new, count: count)
        var stack: [(task: Int, next: Int)] = []
        for root in 0..<count where colour[root] == .new {
            colour[root] = .inProgress
            stack.append((root, 0))
            while let top = stack.last {
                let children = downstream(of: top.task)
                if top.next < children.count {
                    stack[stack.count - 1].next += 1
                    let child = Int(children[children.startIndex + top.next])
                    switch colour[child] {
                    case .new:
                        colour[child] = .inProgress
                        stack.append((child, 0))
                    case .inProgress:
                        let start = stack.firstIndex { $0.task == child } ?? 0
                        return stack[start...].map(\.task) + [child]
                    case .done:
                        break
                    }
                } else {
                    colour[top.task] = .done
                    stack.removeLast()
                }
            }
        }
        return nil
    }
}
