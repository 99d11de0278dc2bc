import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb cat`: writes a blob's verified bytes to stdout or a file.
struct CatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Write an artifact's bytes to stdout or a file.",
        discussion: "ID is a full id or a prefix of 8 or more hex characters. The bytes are checked against "
            + "the id first: a damaged blob is an error, never wrong output."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The artifact id or a unique prefix of it (8+ hex characters).")
    var id: String

    @Option(help: "Write to this file (atomically) instead of stdout.")
    var out: String?

    @Flag(help: "Print the artifact's metadata as JSON instead of its bytes.")
    var json = false

    func run() throws {
        let store = try global.openStore()
        let resolved = try store.resolveBlob(IDPrefix(id))
        if json {
            guard let info = try store.info(resolved) else { throw StoreError.notFound(what: "blob", id: id) }
            try CommandOutput.printJSON(BlobInfoJSON(info))
            return
        }
        let blob = try store.get(resolved)
        if let out {
            do {
                try blob.bytes.write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw CLIError("cannot write \(out): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(blob.bytes)
        }
    }
}

/// Blob metadata as `msdb cat --json` prints it.
struct BlobInfoJSON: Encodable {
    let id: String
    let kind: String
    let rawSize: Int
    let storedSize: Int
    let codec: String
    let createdAt: String

    init(_ info: BlobInfo) {
        id = info.id.hex
        kind = info.kind.name
        rawSize = info.rawSize
        storedSize = info.storedSize
        codec = info.codec
        createdAt = info.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, codec
        case rawSize = "raw_size"
        case storedSize = "stored_size"
        case createdAt = "created_at"
    }
}
