import Synchronization

/// Gives operators their hooks by connection id: an override when the run or test provides one, else the live hook
/// built from the connection (cached for the run, so one connection reuses one client).
///
/// In a test run (``requiresOverrides``) a task that asks for a hook no test provided fails loudly with a
/// ``HookError`` naming the connection and hook type, instead of reaching the network.
public struct HookResolver: Sendable {
    /// Where connections come from.
    public let connections: ConnectionResolver
    /// Hooks substituted by the run or the test.
    public let overrides: HookOverrides
    /// Whether live hooks are forbidden (test runs).
    public let requiresOverrides: Bool
    /// The masker connection secrets are registered with.
    public let masker: SecretMasker
    private let cache = HookCache()

    /// Creates a resolver.
    public init(connections: ConnectionResolver = ConnectionResolver(), overrides: HookOverrides = HookOverrides(),
                requiresOverrides: Bool = false, masker: SecretMasker = SecretMasker()) {
        self.connections = connections
        self.overrides = overrides
        self.requiresOverrides = requiresOverrides
        self.masker = masker
    }

    /// The hook of type `H` for connection `connID`.
    /// - Parameters:
    ///   - type: the hook type asked for, usually an existential such as `(any HTTPHook).self`.
    ///   - connID: the connection id the hook is for.
    ///   - live: builds the live hook from the generic connection when no override exists.
    /// - Throws: ``HookError`` when an override has the wrong type or a test provided none; ``ConnectionError``
    ///   when the connection is missing or invalid; whatever `live` throws.
    public func hook<H: Sendable>(
        _ type: H.Type, connID: String, live: @Sendable (GenericConnection) throws -> H
    ) throws -> H {
        if let override = overrides.hook(for: connID) {
            guard let hook = override as? H else {
                throw HookError(connID: connID, hookType: "\(H.self)",
                                message: "the override provided is a \(Swift.type(of: override)), not a \(H.self)")
            }
            return hook
        }
        guard !requiresOverrides else {
            throw HookError(connID: connID, hookType: "\(H.self)", message: """
                the task asked for this hook but the test provided none; pass a mock for "\(connID)" in the \
                test's hooks (provided: \(overrides.connIDs.isEmpty ? "none" : overrides.connIDs.joined(separator: ", ")))
                """)
        }
        let key = "\(connID)#\(H.self)"
        if let cached = cache.value(for: key) as? H { return cached }
        let hook = try live(try connections.connection(connID, masker: masker))
        cache.store(hook, for: key)
        return hook
    }

    /// The generic connection `connID`, its secrets registered with the masker.
    /// - Throws: ``ConnectionError`` when missing or malformed.
    public func connection(_ connID: String) throws -> GenericConnection {
        try connections.connection(connID, masker: masker)
    }
}

/// Live hooks built during one run, shared by its tasks.
private final class HookCache: Sendable {
    private let hooks = Mutex<[String: any Sendable]>([:])

    func value(for key: String) -> (any Sendable)? { hooks.withLock { $0[key] } }

    func store(_ hook: any Sendable, for key: String) { hooks.withLock { $0[key] = hook } }
}
