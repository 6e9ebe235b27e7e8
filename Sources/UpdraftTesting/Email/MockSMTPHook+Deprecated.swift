// A spelling of the first MockSMTPHook, kept so existing tests compile while they move to `calls`.
extension MockSMTPHook {
    /// One accepted message.
    @available(*, deprecated, renamed: "Call")
    public typealias Sent = Call

    /// The accepted messages so far.
    @available(*, deprecated, message: "use calls.accepted (or calls.all, which holds refused sends too)")
    public var sent: [Call] { calls.accepted }
}
