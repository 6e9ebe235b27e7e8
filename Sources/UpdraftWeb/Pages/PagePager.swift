/// The "previous / next" links of a paginated page (for runs: newer / older).
struct PagePager: Sendable {
    let path: String
    /// Other query parameters, already encoded (`name=value&…`), or empty.
    let query: String
    let offset: Int
    let limit: Int
    let total: Int
    let noun: String
    var previousLabel = "previous"
    var nextLabel = "next"

    func render() -> String {
        guard total > limit || offset > 0 else { return "<p class=\"pager muted\">\(total) \(noun)</p>" }
        let extra = query.isEmpty ? "" : "&" + query
        var links: [String] = []
        if offset > 0 {
            links.append("<a rel=\"prev\" href=\"\(path)?offset=\(max(0, offset - limit))&limit=\(limit)\(extra)\">\(previousLabel)</a>")
        }
        if offset + limit < total {
            links.append("<a rel=\"next\" href=\"\(path)?offset=\(offset + limit)&limit=\(limit)\(extra)\">\(nextLabel)</a>")
        }
        let shown = "\(offset + 1)–\(min(offset + limit, total)) of \(total) \(noun)"
        return "<p class=\"pager\">\(links.joined()) <span class=\"muted\">\(shown)</span></p>"
    }
}
