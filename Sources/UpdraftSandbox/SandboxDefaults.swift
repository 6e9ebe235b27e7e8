public import Logging

/// Defaults shared by the local stand-ins (Talend Cloud, Kubernetes API, SMTP sink).
public enum SandboxDefaults {
    /// The stand-ins only ever bind to loopback: they are never reachable from another machine.
    public static let host = "127.0.0.1"

    /// A logger that discards everything: the default for servers whose caller passes no logger.
    public static let disabledLogger = Logger(label: "updraft.sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
}
