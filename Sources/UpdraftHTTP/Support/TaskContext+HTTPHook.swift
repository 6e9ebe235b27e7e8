public import Updraft

extension TaskContext {
    /// The ``HTTPHook`` for connection `connID`: the run's or test's override when there is one, else a
    /// ``CurlHTTPHook`` over the ``HTTPConnection`` read from it, retrying on this context's clock and masking with
    /// its masker. An override that is a ``ConnectionBoundHTTPHook`` (a test's mock) is bound to the connection
    /// `connID` when the run has one.
    /// - Throws: `HookError`, `ConnectionError`.
    public func httpHook(connID: String) throws -> any HTTPHook {
        let clock = clock
        let masker = masker
        let hook = try hooks.hook((any HTTPHook).self, connID: connID) { generic in
            CurlHTTPHook(connection: try HTTPConnection(generic), clock: clock, masker: masker)
        }
        guard let bindable = hook as? any ConnectionBoundHTTPHook else { return hook }
        do {
            return bindable.bound(to: try HTTPConnection(hooks.connection(connID)), masker: masker)
        } catch let error as ConnectionError where error.code == .notFound {
            return bindable.bound(to: nil, masker: masker)
        }
    }
}
