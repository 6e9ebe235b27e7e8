/// Every fuzz target: a parser of user input and the properties its result must have.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `AIRFLOW_CONN_*` in URI form: parses or throws, and a parsed connection serialises to a URI that parses
    /// back to the same URI.
    case connectionURI = "connection-uri"
    /// A URI around a password holding the marker `Qz9`: no error and no field but the password shows the marker.
    case connectionPassword = "connection-password"
    /// JSON values and `AIRFLOW_CONN_*` in JSON form: a parsed value serialises to JSON that parses back the same.
    case json
    /// Cron expressions: the next dates are strictly later and match again.
    case cron
    /// Kubeconfig YAML: parsing, merging and choosing a context throw typed errors or succeed.
    case kubeconfig
    /// Email messages from hostile fields: rendered headers are ASCII, folded and hold only the expected fields.
    case email
    /// The secret masker: no registered secret survives `mask`.
    case masker
    /// Command-line values: `--logical-date` and `--param`.
    case cliValues = "cli-values"
    /// `postgresql://` database URLs: no password in a description or an error.
    case postgresURL = "postgres-url"
    /// The web pages' posted forms: fields read back as a browser encoded them.
    case pageForm = "page-form"

    func run(_ input: FuzzInput) {
        switch self {
        case .connectionURI: ConnectionFuzzing.uri(input)
        case .connectionPassword: ConnectionFuzzing.password(input)
        case .json: ConnectionFuzzing.json(input)
        case .cron: ScheduleFuzzing.cron(input)
        case .kubeconfig: KubeconfigFuzzing.kubeconfig(input)
        case .email: EmailFuzzing.email(input)
        case .masker: MaskerFuzzing.masker(input)
        case .cliValues: CommandLineFuzzing.values(input)
        case .postgresURL: PostgresURLFuzzing.url(input)
        case .pageForm: PageFormFuzzing.form(input)
        }
    }
}

/// One input from libFuzzer, read as text or as separate fields.
struct FuzzInput {
    let bytes: [UInt8]

    /// The bytes as UTF-8 text (invalid sequences replaced, as any reader of user input would).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text cut at line feeds into at most `count` fields (the last keeps any further line feeds);
    /// missing fields are empty.
    func fields(_ count: Int) -> [String] {
        var parts = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: count - 1, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        while parts.count < count { parts.append("") }
        return parts
    }
}

/// Stops the process when a property fails, so libFuzzer records the input as a crash.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("oracle failed: \(message())") }
}

/// Whether `text` holds `part`, compared as UTF-8 bytes, that is among Unicode scalars: `String.contains` compares
/// grapheme clusters and misses `Qz9` in `Qz9\u{301}`.
func holds(_ text: String, _ part: String) -> Bool {
    let haystack = Array(text.utf8), needle = Array(part.utf8)
    guard !needle.isEmpty else { return true }
    guard needle.count <= haystack.count else { return false }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start..<(start + needle.count)].elementsEqual(needle)
    }
}
