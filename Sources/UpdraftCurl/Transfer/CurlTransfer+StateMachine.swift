extension CurlTransfer {
    /// What a transfer reports when libcurl is done with it, before it is turned into a public response.
    struct Outcome: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var serverResponse: String?
    }

    /// The part of a transfer shared between the loop thread and the tasks waiting on it, kept under one lock.
    ///
    /// Each method changes state and returns what must happen next; the caller performs it (resuming a
    /// continuation, waking the loop) after releasing the lock, so no continuation runs inside it.
    struct StateMachine {
        /// The continuation of `execute`/`send` (resumed with the whole outcome) or of `stream` (resumed with
        /// the status and headers once the body starts).
        private var starter: CheckedContinuation<Outcome, any Error>?
        private(set) var isCancelRequested = false
        private var isFinished = false
        private var chunks: [[UInt8]] = []
        private var bufferedBytes = 0
        private(set) var isReceivePaused = false
        private var end: Result<Void, CurlError>?
        private var reader: CheckedContinuation<[UInt8]?, any Error>?
        let bufferLimit: Int

        init(bufferLimit: Int) { self.bufferLimit = bufferLimit }

        mutating func setStarter(_ continuation: CheckedContinuation<Outcome, any Error>) {
            starter = continuation
        }

        /// Returns `true` when the loop must be told (the transfer is still running and was not cancelled yet).
        mutating func requestCancel() -> Bool {
            guard !isFinished, !isCancelRequested else { return false }
            isCancelRequested = true
            return true
        }

        /// The starter, once: for delivering the head of a stream or the whole outcome.
        mutating func takeStarter() -> CheckedContinuation<Outcome, any Error>? {
            defer { starter = nil }
            return starter
        }

        enum ReceiveAction {
            case handToReader(CheckedContinuation<[UInt8]?, any Error>)
            case buffered
            case pause
        }

        /// A body chunk arrived on the loop thread. `.pause` means: refuse it with `CURL_WRITEFUNC_PAUSE`;
        /// libcurl keeps the bytes and offers them again after `curl_easy_pause(CONT)`.
        mutating func receive(_ chunk: [UInt8]) -> ReceiveAction {
            if let reader {
                self.reader = nil
                return .handToReader(reader)
            }
            if bufferedBytes >= bufferLimit {
                isReceivePaused = true
                return .pause
            }
            chunks.append(chunk)
            bufferedBytes += chunk.count
            return .buffered
        }

        enum ReadAction {
            case chunk([UInt8], unpause: Bool)
            case end(Result<Void, CurlError>)
            case wait
        }

        /// The consumer wants the next chunk; `.wait` means the continuation was stored.
        mutating func read(_ continuation: CheckedContinuation<[UInt8]?, any Error>) -> ReadAction {
            if !chunks.isEmpty {
                let chunk = chunks.removeFirst()
                bufferedBytes -= chunk.count
                let unpause = isReceivePaused && bufferedBytes <= bufferLimit / 2
                if unpause { isReceivePaused = false }
                return .chunk(chunk, unpause: unpause)
            }
            if let end { return .end(end) }
            reader = continuation
            return .wait
        }

        /// The transfer is over; returns the starter (if the head was never delivered) and a waiting reader.
        mutating func finish(_ result: Result<Void, CurlError>)
            -> (starter: CheckedContinuation<Outcome, any Error>?, reader: CheckedContinuation<[UInt8]?, any Error>?)
        {
            isFinished = true
            end = result
            defer {
                starter = nil
                reader = nil
            }
            return (starter, reader)
        }
    }
}
