/// Lets `AsyncThrowingStream(unfolding:)` pull from a line iterator, so that the HTTP transfer lives exactly as
/// long as the stream: reading happens in the consumer's task (cancelling it aborts the transfer), and dropping
/// the stream drops the iterator, which aborts the transfer too. An intermediate reader task would keep a watch
/// open until the server closed it.
final class PullIterator: @unchecked Sendable {
    // Safe: AsyncThrowingStream(unfolding:) calls its closure one element at a time from the consuming task, so
    // the iterator is never used by two tasks at once.
    private var iterator: HTTPLineSequence.AsyncIterator

    init(_ iterator: HTTPLineSequence.AsyncIterator) { self.iterator = iterator }

    func next() async throws -> String? { try await iterator.next() }
}
