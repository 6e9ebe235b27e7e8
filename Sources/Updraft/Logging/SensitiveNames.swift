/// Airflow's list of words that make a connection extra or variable sensitive (`[core] sensitive_var_conn_names`
/// defaults): a key is sensitive when its normalised form contains one of them.
public enum SensitiveNames {
    /// The words, as Airflow lists them.
    public static let words: [String] = [
        "access_key", "access_token", "api_key", "apikey", "auth_header", "authorization", "bearer",
        "connection_string", "dsn", "passphrase", "passwd", "password", "private_key", "proxy", "proxy_password",
        "proxies", "secret", "service_account", "service_key", "token", "keyfile_dict", "webhook_url",
    ]

    /// Whether `key` names a secret: lower-cased, with every non-word character turned into `_`, it contains one
    /// of ``words``.
    public static func isSensitive(_ key: String) -> Bool {
        let normalized = String(key.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        return words.contains { normalized.contains($0) }
    }
}
