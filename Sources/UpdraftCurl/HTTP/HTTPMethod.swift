/// An HTTP request method. Open: any token works through ``init(_:)``.
public struct HTTPMethod: Sendable, Hashable, CustomStringConvertible {
    /// The method as sent on the wire, for example `GET`.
    public let rawValue: String

    /// A method from its wire name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// `GET`
    public static let get = HTTPMethod("GET")
    /// `HEAD`: the response has no body.
    public static let head = HTTPMethod("HEAD")
    /// `POST`
    public static let post = HTTPMethod("POST")
    /// `PUT`
    public static let put = HTTPMethod("PUT")
    /// `PATCH`
    public static let patch = HTTPMethod("PATCH")
    /// `DELETE`
    public static let delete = HTTPMethod("DELETE")
    /// `OPTIONS`
    public static let options = HTTPMethod("OPTIONS")

    /// The wire name.
    public var description: String { rawValue }
}
