public import ArtifactStore
internal import Foundation

/// The web view's URLs, built in one place so every page links the same way. Values from the
/// database are percent-encoded before they enter a query string.
public enum Links {
    public static func run(_ id: ContentID) -> String { "/runs/\(id.hex)" }

    public static func compare(_ ids: [ContentID]) -> String {
        "/compare?ids=" + ids.map(\.hex).joined(separator: ",")
    }

    /// A single run's page, or the comparison of several.
    public static func runs(_ ids: [ContentID]) -> String {
        ids.count == 1 ? run(ids[0]) : compare(ids)
    }

    public static func artifactPreview(_ id: ContentID) -> String { "/artifacts/\(id.hex).png" }

    public static func reports(profile: String) -> String { "/reports?profile=" + encode(profile) }

    /// The runs page with these settings (empty or nil ones left out).
    public static func runsPage(filter: String?, sort: String?, columns: [String], page: Int = 1) -> String {
        var items: [(String, String)] = []
        if let filter, !filter.isEmpty { items.append(("filter", filter)) }
        if let sort, !sort.isEmpty { items.append(("sort", sort)) }
        if !columns.isEmpty { items.append(("columns", columns.joined(separator: ","))) }
        if page > 1 { items.append(("page", String(page))) }
        return "/runs" + query(items)
    }

    /// `?a=1&b=2` from `items`, values percent-encoded; empty for no items.
    static func query(_ items: [(String, String)]) -> String {
        items.isEmpty ? "" : "?" + items.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
