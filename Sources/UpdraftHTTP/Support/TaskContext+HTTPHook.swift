public import Updraft

extension TaskContext {
    /// The ``HTTPHook`` for connection `connID`: the run's or test's override when there is one, else a
    /// ``CurlHTTPHook`` over the ``HTTPConnection`` read from it, retrying on this context's clock and masking with
    /// its masker.
    /// - Throws: `HookError`, `ConnectionError`.
    public func httpHook(connID: String) throws -> any HTTPHook {
        let clock = clock
        let masker = masker
        return try hooks.hook((any HTTPHook).self, connID: connID) { generic in
            CurlHTTPHook(connection: try HTTPConnection(generic), clock: clock, masker: masker)
        }
    }
}
