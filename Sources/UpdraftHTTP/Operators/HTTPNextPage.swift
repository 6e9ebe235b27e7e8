public import Updraft

/// What a pagination function returns to ask for another page (Airflow's `pagination_function` dict): each
/// field left nil keeps the previous request's value; `headers` and `extraOptions` are merged (new wins), `data`
/// objects and forms are merged, `endpoint` is replaced.
public struct HTTPNextPage: Sendable, Hashable {
    /// The next endpoint.
    public var endpoint: String?
    /// Data merged over the previous data.
    public var data: HTTPData?
    /// Headers merged over the previous headers.
    public var headers: [String: String]?
    /// Options merged over the previous options.
    public var extraOptions: [String: JSONValue]?

    /// Creates a next-page request.
    public init(endpoint: String? = nil, data: HTTPData? = nil, headers: [String: String]? = nil,
                extraOptions: [String: JSONValue]? = nil) {
        self.endpoint = endpoint
        self.data = data
        self.headers = headers
        self.extraOptions = extraOptions
    }
}
