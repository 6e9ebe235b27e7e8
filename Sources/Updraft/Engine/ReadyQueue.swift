/// Tasks whose dependencies are met, highest priority first, then in declaration order (a binary heap).
struct ReadyQueue {
    private var heap: [(priority: Int, index: Int32)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    private static func before(_ a: (priority: Int, index: Int32), _ b: (priority: Int, index: Int32)) -> Bool {
        a.priority != b.priority ? a.priority > b.priority : a.index < b.index
    }

    mutating func push(_ index: Int, priority: Int) {
        heap.append((priority, Int32(index)))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard ReadyQueue.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < heap.count, ReadyQueue.before(heap[left], heap[best]) { best = left }
            if right < heap.count, ReadyQueue.before(heap[right], heap[best]) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return Int(top.index)
    }

    mutating func removeAll() -> [Int] {
        defer { heap.removeAll() }
        return heap.map { Int($0.index) }
    }
}
