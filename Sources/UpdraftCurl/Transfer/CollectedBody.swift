/// The body of a collected response, gathered in segments that are never copied while the body grows: reaching
/// the size limit costs about the limit in memory, not the twice-the-size of a doubling array. A body whose
/// `Content-Length` was announced fills one exactly sized segment, which is handed out without a copy.
///
/// Loop thread only.
struct CollectedBody {
    /// The largest segment made for a body of unknown length.
    static let maximumSegment = 4 << 20
    /// The first segment made for a body of unknown length.
    static let firstSegment = 64 << 10

    private var segments: [[UInt8]] = []
    /// How many bytes were collected.
    private(set) var count = 0

    /// Appends `bytes`; a new segment is sized for `announcedLength` when given (the first segment), else double
    /// the last one, up to ``maximumSegment``, and never past `limit`.
    mutating func append(_ bytes: UnsafeRawBufferPointer, announcedLength: Int?, limit: Int) {
        var rest = bytes
        while !rest.isEmpty {
            if let last = segments.indices.last, segments[last].count < segments[last].capacity {
                let taken = min(rest.count, segments[last].capacity - segments[last].count)
                segments[last].append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<taken]))
                rest = UnsafeRawBufferPointer(rebasing: rest[taken...])
                count += taken
                continue
            }
            let doubled = segments.last.map { min($0.capacity * 2, Self.maximumSegment) } ?? Self.firstSegment
            let wanted = segments.isEmpty ? announcedLength ?? doubled : doubled
            var segment: [UInt8] = []
            segment.reserveCapacity(max(rest.count, min(wanted, max(1, limit - count))))
            segments.append(segment)
        }
    }

    /// Forgets everything collected (a new response begins: a followed redirect, an interim response).
    mutating func removeAll() {
        segments.removeAll()
        count = 0
    }

    /// The body in one array: the only segment as it is, or the segments joined.
    func joined() -> [UInt8] {
        guard segments.count > 1 else { return segments.first ?? [] }
        var body: [UInt8] = []
        body.reserveCapacity(count)
        for segment in segments { body.append(contentsOf: segment) }
        return body
    }
}
