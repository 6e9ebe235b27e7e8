/// The body of an ``HTTPStreamingResponse``, as chunks in arrival order. Iterate it once.
///
/// When the last copy of the stream and of its iterator is gone, the transfer is aborted, so breaking out of a
/// `for try await` loop stops an endless download.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    /// A chunk of body bytes.
    public typealias Element = [UInt8]

    /// Aborts the transfer when the stream is abandoned. Sending a cancel command from `deinit` is safe: it
    /// releases nothing, and the loop ignores it for a transfer that already finished.
    final class Lifetime: Sendable {
        let transfer: CurlTransfer
        init(transfer: CurlTransfer) { self.transfer = transfer }
        deinit { transfer.cancel() }
    }

    let lifetime: Lifetime

    init(transfer: CurlTransfer) { lifetime = Lifetime(transfer: transfer) }

    /// Iterates over the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let lifetime: Lifetime

        /// The next chunk, or `nil` at the end of the body.
        /// - Throws: ``CurlError`` if the transfer failed, timed out or was cancelled.
        public mutating func next() async throws -> [UInt8]? {
            try await lifetime.transfer.nextChunk()
        }
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(lifetime: lifetime) }
}
