import Updraft
import UpdraftCurl

/// Which header values are secrets, and what to register with a ``SecretMasker`` for them.
enum HTTPHeaderMasking {
    /// Credential-bearing headers Airflow's word list does not catch.
    private static let alwaysSensitive: Set<String> = ["cookie", "set-cookie", "proxy-authorization"]

    /// Whether a header named `name` carries a secret (`Authorization`, `X-API-Key`, `Cookie`, …).
    static func isSensitive(_ name: String) -> Bool {
        alwaysSensitive.contains(name.lowercased()) || SensitiveNames.isSensitive(name)
    }

    /// The value, and for `<scheme> <credential>` the credential alone, so either form is masked.
    static func secrets(in value: String) -> [String] {
        guard let space = value.lastIndex(of: " ") else { return [value] }
        return [value, String(value[value.index(after: space)...])]
    }

    /// Registers the sensitive values of `headers` with `masker`.
    static func register(_ headers: HTTPHeaders, with masker: SecretMasker) {
        for field in headers where isSensitive(field.name) {
            for secret in secrets(in: field.value) { masker.register(secret) }
        }
    }
}
