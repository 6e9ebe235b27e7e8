/// Why a hook could not be provided to a task.
public struct HookError: Error, Sendable, CustomStringConvertible {
    /// The connection id asked for.
    public var connID: String
    /// The hook type asked for, for example `any HTTPHook`.
    public var hookType: String
    /// What went wrong.
    public var message: String

    /// Creates a hook error.
    public init(connID: String, hookType: String, message: String) {
        self.connID = connID
        self.hookType = hookType
        self.message = message
    }

    public var description: String { "hook \(hookType) for connection '\(connID)': \(message)" }
}
