import Foundation

/// A list of email addresses, written as an array or as one string separated by `,` or `;` (as Airflow accepts).
///
/// ```swift
/// let a: EmailRecipients = ["ops@example.com", "data@example.com"]
/// let b: EmailRecipients = "ops@example.com; data@example.com"
/// ```
public struct EmailRecipients: Sendable, Hashable, Codable, ExpressibleByArrayLiteral, ExpressibleByStringLiteral {
    /// The addresses, trimmed, in order, without empty entries.
    public var addresses: [String]

    /// Creates the list from separate addresses; each may itself contain `,`/`;` separated addresses.
    public init(_ addresses: [String]) {
        self.addresses = addresses.flatMap(EmailRecipients.split)
    }

    /// Creates the list from one `,`/`;` separated string.
    public init(_ list: String) { self.addresses = EmailRecipients.split(list) }

    public init(arrayLiteral elements: String...) { self.init(elements) }

    public init(stringLiteral value: String) { self.init(value) }

    /// Whether the list has no address.
    public var isEmpty: Bool { addresses.isEmpty }

    private static func split(_ list: String) -> [String] {
        list.split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode(String.self) {
            self.init(list)
        } else {
            self.init(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(addresses)
    }
}
