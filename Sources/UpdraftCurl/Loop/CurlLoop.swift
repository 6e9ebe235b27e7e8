internal import CCurl
import Glibc
import Synchronization

/// One `curl_multi` handle driven by one dedicated thread.
///
/// The thread alternates `curl_multi_perform` and `curl_multi_poll`; other threads never touch the multi handle
/// except through `curl_multi_wakeup`, the one call libcurl allows from any thread. They post commands (add,
/// cancel, unpause) into `inbox` under its lock and wake the poll. There are no socket or timer callbacks and no
/// second event system watching curl's sockets, so curl can close a socket whenever it likes.
///
/// `@unchecked Sendable`: `multi` and `active` are touched only by the loop thread (after `start()`), the rest
/// is in the `inbox` mutex.
final class CurlLoop: @unchecked Sendable {
    enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case unpause(CurlTransfer)
    }

    private struct Inbox {
        var commands: [Command] = []
        var isShuttingDown = false
        var hasExited = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
        var thread: pthread_t?
    }

    /// The loop thread's name (at most 15 bytes, a Linux limit), visible in `/proc/self/task/*/comm`.
    let threadName: String
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    /// Transfers in the multi handle, keyed by easy handle, each holding the +1 taken on add.
    private var active: [UnsafeMutableRawPointer: Unmanaged<CurlTransfer>] = [:]
    /// How many transfers are in the multi handle, readable from any thread (tests, diagnostics).
    let activeTransferCount = Atomic<Int>(0)

    init(threadName: String, maximumConnectionsPerHost: Int?) throws(CurlError) {
        CurlGlobal.ensureInitialized()
        guard let multi = curl_multi_init() else {
            throw CurlError(code: .other, message: "curl_multi_init failed", url: "")
        }
        self.multi = multi
        self.threadName = String(threadName.utf8.prefix(15)) ?? "curl-loop"
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        if let maximumConnectionsPerHost {
            _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maximumConnectionsPerHost)
        }
    }

    /// Starts the loop thread, which keeps the loop alive until it exits.
    func start() throws(CurlError) {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let loop = Unmanaged<CurlLoop>.fromOpaque(context).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<CurlLoop>.fromOpaque(context).release()
            curl_multi_cleanup(multi)
            throw CurlError(code: .other, message: "could not start the loop thread (error \(result))", url: "")
        }
        // Named here rather than by the thread itself, so the name is set when `start()` returns.
        _ = ccurl_name_thread(thread, threadName)
        inbox.withLock { $0.thread = thread }
    }

    // MARK: Any thread

    /// Queues a transfer; `false` once shutdown has begun (the caller then fails and frees it itself).
    func submit(_ transfer: CurlTransfer) -> Bool { post(.add(transfer)) }

    func requestCancel(_ transfer: CurlTransfer) { _ = post(.cancel(transfer)) }

    func requestUnpause(_ transfer: CurlTransfer) { _ = post(.unpause(transfer)) }

    /// Fails every transfer, stops the thread and frees the multi handle; returns once all that is done.
    func shutdown() async {
        let thread: pthread_t? = inbox.withLock { inbox in
            guard beginShutdown(&inbox) else { return nil }
            return inbox.thread
        }
        await withCheckedContinuation { continuation in
            let hasExited = inbox.withLock { inbox in
                if !inbox.hasExited { inbox.exitWaiters.append(continuation) }
                return inbox.hasExited
            }
            if hasExited { continuation.resume() }
        }
        // The thread resumed us as its last act; joining returns as soon as it has returned.
        if let thread { pthread_join(thread, nil) }
    }

    /// Starts shutdown without waiting, for a client dropped without `shutdown()`: the thread is detached and
    /// exits on its own.
    func shutdownDetached() {
        let thread: pthread_t? = inbox.withLock { inbox in
            guard beginShutdown(&inbox) else { return nil }
            return inbox.thread
        }
        if let thread { pthread_detach(thread) }
    }

    /// Commands are only accepted, and `curl_multi_wakeup` only called, under the lock and before shutdown: the
    /// loop frees the multi handle only after it has seen `isShuttingDown` under the same lock, so no wakeup can
    /// reach a freed handle. Only the first command of a batch wakes the loop: while the queue is non-empty a
    /// wakeup is already pending, since the loop empties the queue only after waking.
    private func post(_ command: Command) -> Bool {
        inbox.withLock { inbox in
            guard !inbox.isShuttingDown else { return false }
            if inbox.commands.isEmpty { curl_multi_wakeup(multi) }
            inbox.commands.append(command)
            return true
        }
    }

    private func beginShutdown(_ inbox: inout Inbox) -> Bool {
        guard !inbox.isShuttingDown else { return false }
        inbox.isShuttingDown = true
        curl_multi_wakeup(multi)
        return true
    }

    // MARK: Loop thread

    private func run() {
        var running: Int32 = 0
        while true {
            let (commands, isShuttingDown) = inbox.withLock { inbox in
                defer { inbox.commands.removeAll() }
                return (inbox.commands, inbox.isShuttingDown)
            }
            for command in commands { handle(command, isShuttingDown: isShuttingDown) }
            if isShuttingDown { break }
            curl_multi_perform(multi, &running)
            finishCompletedTransfers()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        let shutDown = CurlError(code: .clientShutDown, message: "the client was shut down", url: "")
        for transfer in active.values.map({ $0.takeUnretainedValue() }) {
            finish(transfer, .failure(CurlError(code: .clientShutDown, message: shutDown.message,
                                                url: transfer.easy.redactedURL)))
        }
        // No easy handle is left, so cleanup can only close cached connections: it calls no callback of ours.
        curl_multi_cleanup(multi)
        let waiters = inbox.withLock { inbox in
            inbox.hasExited = true
            defer { inbox.exitWaiters.removeAll() }
            return inbox.exitWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func handle(_ command: Command, isShuttingDown: Bool) {
        switch command {
        case .add(let transfer):
            let refusal: CurlError.Code? =
                isShuttingDown ? .clientShutDown : transfer.state.withLock(\.isCancelRequested) ? .cancelled : nil
            if let refusal {
                transfer.complete(.failure(CurlError(code: refusal, message: "\(refusal) before start",
                                                     url: transfer.easy.redactedURL)))
                transfer.easy.cleanup()
                return
            }
            let code = curl_multi_add_handle(multi, transfer.easy.raw)
            guard code == CURLM_OK else {
                let message = String(cString: curl_multi_strerror(code))
                transfer.complete(.failure(CurlError(code: .other, message: message, url: transfer.easy.redactedURL)))
                transfer.easy.cleanup()
                return
            }
            active[transfer.easy.raw] = Unmanaged.passRetained(transfer)
            activeTransferCount.add(1, ordering: .relaxed)
        case .cancel(let transfer):
            guard isActive(transfer) else { return }
            finish(transfer, .failure(CurlError(code: .cancelled, message: "the transfer was cancelled",
                                                url: transfer.easy.redactedURL)))
        case .unpause(let transfer):
            guard isActive(transfer) else { return }
            // May call the write callback right here, on this thread, with the bytes refused earlier.
            curl_easy_pause(transfer.easy.raw, ccurl_pause_continue)
        }
    }

    /// Whether `transfer` itself is still in the multi handle. A cancel or unpause may arrive after its transfer
    /// finished, and libcurl may by then have given the same easy-handle address to a new transfer: the
    /// identity check keeps a stale command from touching that one.
    private func isActive(_ transfer: CurlTransfer) -> Bool {
        active[transfer.easy.raw]?.takeUnretainedValue() === transfer
    }

    private func finishCompletedTransfers() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                let transfer = active[easy]?.takeUnretainedValue()
            else { continue }
            let code = message.pointee.data.result
            finish(transfer, code == CURLE_OK ? .success(()) : .failure(transfer.error(for: code)))
        }
    }

    /// Removes the handle from the multi (after which libcurl never calls back for it), reports the result,
    /// frees the handle, and only then drops the loop's +1 reference.
    private func finish(_ transfer: CurlTransfer, _ result: Result<Void, CurlError>) {
        let easy = transfer.easy.raw
        curl_multi_remove_handle(multi, easy)
        transfer.complete(result)
        transfer.easy.cleanup()
        active.removeValue(forKey: easy)?.release()
        activeTransferCount.subtract(1, ordering: .relaxed)
    }
}
