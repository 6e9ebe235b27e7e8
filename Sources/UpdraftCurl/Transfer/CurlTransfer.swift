internal import CCurl
import Synchronization

/// One HTTP request or SMTP send: the easy handle, what the callbacks collect, and the waiting tasks.
///
/// Ownership (the rules that keep callbacks away from freed memory, see the ThreadingModel article):
/// - libcurl's callback userdata is `Unmanaged.passUnretained(self)`. It is valid because ``CurlLoop`` holds a
///   +1 reference (`passRetained`) from `curl_multi_add_handle` until after `curl_multi_remove_handle`, and
///   libcurl only calls back while the handle is in the multi handle, on the loop thread.
/// - The loop frees the easy handle explicitly after removing it, then releases its reference; nothing happens
///   in `deinit`.
///
/// `@unchecked Sendable`: fields marked "loop thread" are touched only by the submitting task before submission
/// and by the loop thread afterwards (the loop's locked queue orders the two); shared state is in `state`.
final class CurlTransfer: @unchecked Sendable {
    enum Kind { case http, smtp }
    enum Delivery { case collect, stream }

    let easy: EasyHandle
    let kind: Kind
    let delivery: Delivery
    /// Whether libcurl follows redirects for this transfer (`CURLOPT_FOLLOWLOCATION`).
    let followsRedirects: Bool
    /// The most body bytes a collected response may have; a longer one stops the transfer.
    let responseLimit: Int
    let state: Mutex<StateMachine>
    private let loop: CurlLoop

    // Loop thread only.
    private let upload: [UInt8]
    private var uploadOffset = 0
    private var headerFields: [HTTPHeaders.Field] = []
    private var collectedBody = CollectedBody()
    private var lastServerLine: String?
    /// The last 4xx/5xx reply: after a rejection libcurl still sends QUIT, whose `221` would hide the reason.
    private var lastServerErrorLine: String?
    private var isHeadDelivered = false
    /// Set when the collected body outgrew `responseLimit`: the write callback refused the bytes.
    private var isOverLimit = false

    init(
        easy: EasyHandle, kind: Kind, delivery: Delivery, followsRedirects: Bool = false, upload: [UInt8] = [],
        bufferLimit: Int, responseLimit: Int = .max, loop: CurlLoop
    ) {
        self.easy = easy
        self.kind = kind
        self.delivery = delivery
        self.followsRedirects = followsRedirects
        self.responseLimit = responseLimit
        self.upload = upload
        self.loop = loop
        state = Mutex(StateMachine(bufferLimit: bufferLimit))
        installCallbacks()
    }

    /// Hands the transfer to the loop and waits for its outcome (the whole response, or the head of a stream).
    /// Task cancellation aborts the transfer.
    func run() async throws -> Outcome {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { $0.setStarter(continuation) }
                if !loop.submit(self) {
                    // Never reached the loop: no callback can run, so the submitter frees the handle.
                    complete(.failure(CurlError(code: .clientShutDown, message: "the client was shut down",
                                                url: easy.redactedURL)))
                    easy.cleanup()
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Asks the loop to abort the transfer; safe from any thread, any number of times.
    func cancel() {
        if state.withLock({ $0.requestCancel() }) {
            loop.requestCancel(self)
        }
    }

    /// The next body chunk of a stream, `nil` at the end.
    func nextChunk() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                switch state.withLock({ $0.read(continuation) }) {
                case .chunk(let chunk, let unpause):
                    if unpause { loop.requestUnpause(self) }
                    continuation.resume(returning: chunk)
                case .end(.success):
                    continuation.resume(returning: nil)
                case .end(.failure(let error)):
                    continuation.resume(throwing: error)
                case .wait:
                    break
                }
            }
        } onCancel: {
            cancel()
        }
    }

    // MARK: Loop thread

    /// A response header line (HTTP) or server reply line (SMTP), with its line ending.
    func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        let line = HeaderLine(raw)
        guard kind == .http else {
            if !line.isEmpty { lastServerLine = line.text }
            if line.first == UInt8(ascii: "4") || line.first == UInt8(ascii: "5") { lastServerErrorLine = line.text }
            return
        }
        if line.isEmpty {
            if delivery == .stream, isFinalResponseHead { deliverHeadIfNeeded() }
        } else if line.isStatusLine {
            // A new response begins (1xx, or the target of a followed redirect): keep only its headers.
            headerFields.removeAll()
            collectedBody.removeAll()
        } else if let field = line.field {
            headerFields.append(field)
        }
    }

    /// Body bytes; returns how many were taken, `CURL_WRITEFUNC_PAUSE` to push back, or 0 to stop a collected
    /// body that outgrew its limit (libcurl then fails the transfer).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard delivery == .stream else {
            guard collectedBody.count + bytes.count <= responseLimit else {
                isOverLimit = true
                return 0
            }
            collectedBody.append(bytes, announcedLength: collectedBody.count == 0 ? announcedLength : nil,
                                 limit: responseLimit)
            return bytes.count
        }
        deliverHeadIfNeeded()
        let chunk = [UInt8](bytes)
        switch state.withLock({ $0.receive(chunk) }) {
        case .handToReader(let reader): reader.resume(returning: chunk)
        case .buffered: break
        case .pause: return Int(CURL_WRITEFUNC_PAUSE)
        }
        return bytes.count
    }

    /// Fills libcurl's upload buffer from the request body; 0 marks the end.
    func sendBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, upload.count - uploadOffset)
        guard count > 0 else { return 0 }
        upload.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[uploadOffset..<uploadOffset + count]))
        }
        uploadOffset += count
        return count
    }

    /// libcurl finished (or the loop aborted) the transfer. Reads what it needs from the handle, which is still
    /// alive; the loop frees the handle right after.
    func complete(_ result: Result<Void, CurlError>) {
        if case .success = result, delivery == .stream { deliverHeadIfNeeded() }
        let (starter, reader) = state.withLock { $0.finish(result) }
        switch result {
        case .success:
            starter?.resume(returning: outcome())
            reader?.resume(returning: nil)
        case .failure(let error):
            starter?.resume(throwing: error)
            reader?.resume(throwing: error)
        }
    }

    /// The error for a failed `CURLcode`, with libcurl's message and the server's last reply; a body over the
    /// limit (refused by the write callback, or announced by `Content-Length`) is ``CurlError/Code/responseTooLarge``.
    func error(for code: CURLcode) -> CurlError {
        if isOverLimit || code == CURLE_FILESIZE_EXCEEDED {
            return .responseTooLarge(limit: responseLimit, url: easy.redactedURL)
        }
        return CurlError(curlCode: code, message: easy.errorText(for: code), url: easy.redactedURL,
                         serverResponse: lastServerErrorLine ?? lastServerLine)
    }

    /// Whether the header block that just ended belongs to the response the caller will get, so a stream can
    /// return before the first body byte (a Kubernetes watch may send none for minutes). Not final: a proxy's
    /// `CONNECT` answer (the response code is still 0), `1xx` interim responses, and a redirect libcurl is
    /// about to follow.
    private var isFinalResponseHead: Bool {
        let status = easy.info(CURLINFO_RESPONSE_CODE)
        if status < 200 { return false }
        let isRedirect = (300..<400).contains(status) && headerFields.contains { $0.name.lowercased() == "location" }
        return !(isRedirect && followsRedirects)
    }

    /// The `Content-Length` of the response being received, when it announced one.
    private var announcedLength: Int? {
        headerFields.last { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) }
    }

    private func deliverHeadIfNeeded() {
        guard !isHeadDelivered else { return }
        isHeadDelivered = true
        state.withLock { $0.takeStarter() }?.resume(returning: outcome())
    }

    private func outcome() -> Outcome {
        Outcome(status: easy.info(CURLINFO_RESPONSE_CODE), headers: HTTPHeaders(headerFields),
                body: collectedBody.joined(), serverResponse: lastServerLine)
    }
}
