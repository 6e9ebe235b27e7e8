/// Kubernetes name rules (kubernetes-api.md §4) and `generateName` suffixes.
enum KubernetesNames {
    /// The message the API server attaches to an invalid DNS-1123 subdomain.
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
        + "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

    /// The message the API server attaches to an invalid DNS-1123 label.
    static let labelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
        + "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

    /// The alphabet the API server draws `generateName` suffixes from (no vowels, no look-alikes).
    private static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// DNS-1123 label: at most 63 of `[a-z0-9-]`, alphanumeric at both ends.
    static func isLabel(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 63, let first = name.first, let last = name.last else { return false }
        let lowerAlphanumeric: (Character) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return name.allSatisfy { lowerAlphanumeric($0) || $0 == "-" } && lowerAlphanumeric(first)
            && lowerAlphanumeric(last)
    }

    /// DNS-1123 subdomain: at most 253 characters, dot-separated labels.
    static func isSubdomain(_ name: String) -> Bool {
        name.count <= 253
            && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                isLabel(String($0))
            }
    }

    /// `base` (cut to 58 characters) followed by five random characters, as `metadata.generateName` does.
    static func generate(from base: String) -> String {
        String(base.prefix(58)) + String((0..<5).map { _ in suffixAlphabet.randomElement() ?? "x" })
    }
}
