// Airflow's dependency operators. Swift's `>>` and `<<` are non-associative (standard library
// `BitwiseShiftPrecedence`), so `a >> b >> c` cannot parse and redeclaring them is ambiguous; single steps use
// `>>`/`<<` exactly as Airflow, and chains use the left-associative `>>>`/`<<<` (or `chain`).

precedencegroup TaskDependencyPrecedence {
    associativity: left
    lowerThan: ComparisonPrecedence
    higherThan: AssignmentPrecedence
}

/// Chains dependencies left to right: `a >>> b >>> c`, `a >>> [b, c] >>> d`.
infix operator >>> : TaskDependencyPrecedence
/// Chains dependencies right to left: `c <<< b <<< a` (a runs first).
infix operator <<< : TaskDependencyPrecedence

/// `a >> b`: `b` runs after `a`. Returns `b`.
@discardableResult
public func >> (upstream: TaskHandle, downstream: TaskHandle) -> TaskHandle {
    upstream.setDownstream(downstream)
    return downstream
}

/// `a >> [b, c]`: `b` and `c` run after `a`. Returns the list.
@discardableResult
public func >> (upstream: TaskHandle, downstream: [TaskHandle]) -> [TaskHandle] {
    for task in downstream { upstream.setDownstream(task) }
    return downstream
}

/// `[a, b] >> c`: `c` runs after `a` and `b`. Returns `c`.
@discardableResult
public func >> (upstream: [TaskHandle], downstream: TaskHandle) -> TaskHandle {
    for task in upstream { task.setDownstream(downstream) }
    return downstream
}

/// `a << b`: `a` runs after `b`. Returns `b`.
@discardableResult
public func << (downstream: TaskHandle, upstream: TaskHandle) -> TaskHandle {
    downstream.setUpstream(upstream)
    return upstream
}

/// `a << [b, c]`: `a` runs after `b` and `c`. Returns the list.
@discardableResult
public func << (downstream: TaskHandle, upstream: [TaskHandle]) -> [TaskHandle] {
    for task in upstream { downstream.setUpstream(task) }
    return upstream
}

/// `[a, b] << c`: `a` and `b` run after `c`. Returns `c`.
@discardableResult
public func << (downstream: [TaskHandle], upstream: TaskHandle) -> TaskHandle {
    for task in downstream { task.setUpstream(upstream) }
    return upstream
}

/// `a >>> b`, chainable. Returns `b`.
@discardableResult
public func >>> (upstream: TaskHandle, downstream: TaskHandle) -> TaskHandle { upstream >> downstream }

/// `a >>> [b, c]`, chainable. Returns the list.
@discardableResult
public func >>> (upstream: TaskHandle, downstream: [TaskHandle]) -> [TaskHandle] { upstream >> downstream }

/// `[a, b] >>> c`, chainable. Returns `c`.
@discardableResult
public func >>> (upstream: [TaskHandle], downstream: TaskHandle) -> TaskHandle { upstream >> downstream }

/// `c <<< b`, chainable. Returns `b`.
@discardableResult
public func <<< (downstream: TaskHandle, upstream: TaskHandle) -> TaskHandle { downstream << upstream }

/// `a <<< [b, c]`, chainable. Returns the list.
@discardableResult
public func <<< (downstream: TaskHandle, upstream: [TaskHandle]) -> [TaskHandle] { downstream << upstream }

/// `[a, b] <<< c`, chainable. Returns `c`.
@discardableResult
public func <<< (downstream: [TaskHandle], upstream: TaskHandle) -> TaskHandle { downstream << upstream }

/// Airflow's `chain`: connects consecutive elements; two lists side by side are connected element-wise and must
/// have the same length (otherwise the DAG fails to build with ``DAGError/Code/chainLengthMismatch``).
///
/// `chain(t1, [t2, t3], [t4, t5], t6)` gives t1→t2, t1→t3, t2→t4, t3→t5, t4→t6, t5→t6.
public func chain(_ elements: any TaskChainElement...) {
    for (left, right) in zip(elements, elements.dropFirst()) {
        let upstream = left.chainHandles
        let downstream = right.chainHandles
        if left.isTaskList, right.isTaskList {
            guard upstream.count == downstream.count else {
                if let builder = (upstream.first ?? downstream.first)?.builder {
                    builder.record(DAGError(.chainLengthMismatch, dagID: builder.dagID, """
                        chain: lists of different lengths side by side \
                        (\(upstream.map(\.taskID)) and \(downstream.map(\.taskID)))
                        """))
                }
                continue
            }
            for (from, to) in zip(upstream, downstream) { from.setDownstream(to) }
        } else {
            for from in upstream { for to in downstream { from.setDownstream(to) } }
        }
    }
}

/// Airflow's `chain_linear`: every task of each element runs before every task of the next element.
public func chainLinear(_ elements: any TaskChainElement...) {
    for (left, right) in zip(elements, elements.dropFirst()) {
        for from in left.chainHandles { for to in right.chainHandles { from.setDownstream(to) } }
    }
}

/// Airflow's `cross_downstream`: every task of `from` runs before every task of `to`.
public func crossDownstream(from upstream: [TaskHandle], to downstream: [TaskHandle]) {
    for from in upstream { for to in downstream { from.setDownstream(to) } }
}
