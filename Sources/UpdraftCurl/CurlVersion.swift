internal import CCurl

/// Facts about the libcurl library Updraft's transport is linked against.
public enum CurlVersion {
    /// The version string libcurl reports, for example `libcurl/7.88.1 OpenSSL/3.0.15 …`.
    public static var description: String {
        String(cString: curl_version())
    }
}
