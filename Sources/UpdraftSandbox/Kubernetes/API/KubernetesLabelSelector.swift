import Foundation

/// A parsed `labelSelector` query: comma-separated requirements, all of which must hold
/// (`k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`, `k>N`, `k<N`).
struct KubernetesLabelSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
        case greaterThan(String, Int)
        case lessThan(String, Int)
    }

    let requirements: [Requirement]

    /// Parses a selector; an empty string selects everything.
    init(parsing text: String) throws(KubernetesAPIError) {
        requirements = try Self.splitTopLevel(text).map(Self.parseRequirement)
    }

    /// Whether the labels satisfy every requirement.
    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            case .greaterThan(let key, let bound): labels[key].flatMap { Int($0) }.map { $0 > bound } ?? false
            case .lessThan(let key, let bound): labels[key].flatMap { Int($0) }.map { $0 < bound } ?? false
            }
        }
    }

    /// Splits on commas that are not inside a `( … )` value set.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            default: break
            }
            if character == "," && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func parseRequirement(_ text: String) throws(KubernetesAPIError) -> Requirement {
        let failure = KubernetesAPIError.badRequest(
            "unable to parse requirement: found '\(text)', expected a requirement")
        if text.hasPrefix("!") {
            let key = String(text.dropFirst()).trimmingCharacters(in: .whitespaces)
            guard isValidKey(key) else { throw failure }
            return .doesNotExist(key)
        }
        for (token, make) in [
            ("==", Requirement.equals), ("!=", Requirement.notEquals), ("=", Requirement.equals),
        ] as [(String, (String, String) -> Requirement)] {
            if let range = text.range(of: token) {
                let key = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard isValidKey(key), isValidValue(value) else { throw failure }
                return make(key, value)
            }
        }
        for (token, isGreater) in [(">", true), ("<", false)] {
            if let range = text.range(of: token) {
                let key = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                guard isValidKey(key), let bound = Int(text[range.upperBound...].trimmingCharacters(in: .whitespaces))
                else { throw failure }
                return isGreater ? .greaterThan(key, bound) : .lessThan(key, bound)
            }
        }
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2 {
            let rest = words[1].trimmingCharacters(in: .whitespaces)
            for (keyword, make) in [("in", Requirement.isIn), ("notin", Requirement.notIn)]
                as [(String, (String, Set<String>) -> Requirement)] where rest.hasPrefix(keyword)
            {
                let set = rest.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
                guard isValidKey(words[0]), set.hasPrefix("("), set.hasSuffix(")") else { throw failure }
                let values = set.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard values.allSatisfy(isValidValue) else { throw failure }
                return make(words[0], Set(values))
            }
            throw failure
        }
        guard isValidKey(text) else { throw failure }
        return .exists(text)
    }

    /// Label key: optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.
    static func isValidKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last else { return false }
        if parts.count == 2 && !KubernetesNames.isSubdomain(String(parts[0])) { return false }
        return !name.isEmpty && isValidValue(String(name))
    }

    /// Label value: at most 63 characters of `[A-Za-z0-9_.-]` with alphanumeric ends, or empty.
    static func isValidValue(_ value: String) -> Bool {
        guard value.count <= 63 else { return false }
        guard let first = value.first, let last = value.last else { return true }
        let allowed = value.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "-_.".contains($0) }
        let alphanumeric: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return allowed && alphanumeric(first) && alphanumeric(last)
    }
}
