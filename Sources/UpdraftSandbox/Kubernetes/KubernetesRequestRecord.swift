public import Foundation

/// One API request the simulator received, kept for assertions (e.g. how many calls one pod run costs).
/// Credentials are never recorded.
public struct KubernetesRequestRecord: Sendable, Equatable {
    /// HTTP method, e.g. `GET`.
    public var method: String
    /// Request path without the query, e.g. `/api/v1/namespaces/default/pods`.
    public var path: String
    /// Query parameters in request order.
    public var query: [QueryItem]
    /// The HTTP status of the answer (a watch or followed log counts as answered when its stream starts).
    public var status: Int
    /// When the request arrived, on the simulator's clock.
    public var receivedAt: Date

    /// One query parameter.
    public struct QueryItem: Sendable, Equatable {
        /// Parameter name.
        public var name: String
        /// Parameter value.
        public var value: String
    }

    /// The value of the first query parameter called `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Whether the request opened a watch (`watch` present and not `false`/`0`).
    public var isWatch: Bool {
        queryValue("watch").map(KubernetesQuery.isTrue) ?? false
    }
}
