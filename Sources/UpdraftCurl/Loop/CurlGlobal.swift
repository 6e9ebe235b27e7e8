internal import CCurl

/// Runs `curl_global_init` exactly once per process, before the first handle is created.
///
/// `curl_global_init` is not thread-safe, so it must not race with itself; a `static let` is initialised once,
/// atomically, on first use (`swift_once`). libcurl is never de-initialised: the shared client lives for the
/// whole process and `curl_global_cleanup` would break any other libcurl user in it.
enum CurlGlobal {
    private static let initResult: Int = Int(curl_global_init(ccurl_global_default).rawValue)

    static func ensureInitialized() { _ = initResult }
}
