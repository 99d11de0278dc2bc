internal import ArtifactStore

/// A run's inputs or outputs as a page shows them: roles that share a prefix (the 40 test
/// predictions, a pseudo-label per training image and epoch) folded into one expandable group
/// with thumbnails, the rest one line each.
struct ArtifactList {
    struct Entry {
        var role: String
        var id: ContentID
        var info: BlobInfo?
    }

    /// Roles sharing a prefix fold into a group from this many on.
    static let groupFrom = 4

    let title: String
    let entries: [Entry]

    init(title: String, artifacts: [String: ContentID], store: Store) throws {
        self.title = title
        entries = try artifacts.keys.sorted().compactMap { role in
            guard let id = artifacts[role] else { return nil }
            return Entry(role: role, id: id, info: try store.info(id))
        }
    }

    /// The role without its last component (`pseudo/epoch-3/007` → `pseudo/epoch-3`); nil for a
    /// one-component role.
    static func groupKey(_ role: String) -> String? {
        guard let slash = role.lastIndex(of: "/") else { return nil }
        return String(role[..<slash])
    }

    /// Entries folded: (group name or nil for a lone entry, its entries), in role order.
    var folded: [(group: String?, entries: [Entry])] {
        var counts: [String: Int] = [:]
        for entry in entries { if let key = Self.groupKey(entry.role) { counts[key, default: 0] += 1 } }
        var result: [(group: String?, entries: [Entry])] = []
        for entry in entries {
            if let key = Self.groupKey(entry.role), counts[key, default: 0] >= Self.groupFrom {
                if result.last?.group == key {
                    result[result.count - 1].entries.append(entry)
                } else {
                    result.append((key, [entry]))
                }
            } else {
                result.append((nil, [entry]))
            }
        }
        return result
    }

    var html: HTML {
        guard !entries.isEmpty else { return "" }
        var html: HTML = "<h2>\(title)</h2><table class=\"artifacts\" id=\"\(title)\"><tbody>"
        for (group, members) in folded {
            if let group {
                let kinds = Set(members.compactMap { $0.info?.kind.name }).sorted().joined(separator: ", ")
                let size = members.reduce(0) { $0 + ($1.info?.rawSize ?? 0) }
                html += """
                    <tr class="artifact-group"><td colspan="4"><details><summary>\(group)/… \
                    (\(members.count) × \(kinds), \(ByteCount.text(size)))</summary><div class="thumbs">
                    """
                for entry in members {
                    let name = String(entry.role.dropFirst(group.count + 1))
                    if Self.previewable(entry.info) {
                        html += """
                            <a class="thumb" href="\(Links.artifactPreview(entry.id))" title="\(entry.role) \(entry.id.hex)">\
                            <img loading="lazy" src="\(Links.artifactPreview(entry.id))" alt="\(entry.role)">\(name)</a>
                            """
                    } else {
                        html +=
                            "<span class=\"thumb id\" title=\"\(entry.id.hex)\">\(name) \(entry.id.short)</span>"
                    }
                }
                html += "</div></details></td></tr>"
            } else if let entry = members.first {
                let preview: HTML =
                    Self.previewable(entry.info)
                    ? """
                    <a href="\(Links.artifactPreview(entry.id))"><img class="preview" loading="lazy" width="64" \
                    height="64" style="image-rendering: pixelated" src="\(Links.artifactPreview(entry.id))" \
                    alt="\(entry.role)"></a>
                    """ : ""
                html += """
                    <tr class="artifact"><td>\(entry.role)</td><td>\(entry.info?.kind.name ?? "missing")</td>\
                    <td class="num">\(entry.info.map { ByteCount.text($0.rawSize) } ?? "")</td>\
                    <td><span class="id" title="\(entry.id.hex)">\(entry.id.short)</span> \(preview)</td></tr>
                    """
            }
        }
        return html + "</tbody></table>"
    }

    static func previewable(_ info: BlobInfo?) -> Bool {
        guard let kind = info?.kind else { return false }
        return ArtifactPreview.kinds.contains(kind)
    }
}
