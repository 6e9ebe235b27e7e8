/// Hooks a run or a test substitutes for the live ones: by connection id, or for every connection of a hook type.
///
/// ```swift
/// var hooks = HookOverrides()
/// hooks.set(mockHTTP, for: "talend_api")
/// ```
public struct HookOverrides: Sendable {
    private var byConnID: [String: any Hook] = [:]

    /// No overrides.
    public init() {}

    /// Overrides for the given connection ids.
    public init(_ hooks: [String: any Hook]) { byConnID = hooks }

    /// Uses `hook` for connection `connID`.
    public mutating func set(_ hook: any Hook, for connID: String) { byConnID[connID] = hook }

    /// The override for `connID`, if any.
    public func hook(for connID: String) -> (any Hook)? { byConnID[connID] }

    /// The connection ids that have an override.
    public var connIDs: [String] { byConnID.keys.sorted() }
}
